package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/speakers"
)

// wireSpeakers adds the lists of speakers' service and routes.
func (a *App) wireSpeakers(ctx context.Context, v1 *echo.Group) error {
	s := speakers.NewService(a.DB.DB)
	a.Services.Speakers = s
	s.Routes(v1)
	return nil
}
