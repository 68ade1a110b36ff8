package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/speakers"
)

// wireSpeakers adds the lists of speakers' service and routes, and their
// section of the RSVP page.
func (a *App) wireSpeakers(ctx context.Context, v1 *echo.Group) error {
	s := speakers.NewService(a.DB.DB)
	a.Services.Speakers = s
	s.Routes(v1)
	a.Services.Registration.AddPageSection(s.RSVPSection())
	s.RSVPRoutes(a.Echo.Group(""), a.Services.Registration)
	s.HallRoutes(a.Echo)
	return nil
}
