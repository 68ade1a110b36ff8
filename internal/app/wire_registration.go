package app

import (
	"context"
	"net/mail"

	"github.com/labstack/echo/v4"

	"accreditation/internal/registration"
)

// wireRegistration adds the registration package's services, routes and workers:
// the RSVP API and page (authorised by the link's token), and the
// Secretariat's accreditation routes.
func (a *App) wireRegistration(ctx context.Context, v1 *echo.Group) error {
	svc := registration.NewService(a.DB.DB, a.Config.PublicBaseURL)
	a.Services.Registration = svc
	if from, err := mail.ParseAddress(a.Config.MailFrom); err == nil {
		svc.Secretariat = from.Address
	}
	svc.Routes(v1)
	svc.PageRoutes(a.Echo.Group(""))
	return nil
}
