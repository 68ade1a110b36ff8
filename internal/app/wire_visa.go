package app

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/visa"
)

// wireVisa adds the visa package's service, routes and worker: passport
// details sealed under the master key of the badge signing keys, the RSVP
// page's passport form, and the job that erases them after the event.
func (a *App) wireVisa(ctx context.Context, v1 *echo.Group) error {
	master, err := a.masterKey()
	if err != nil {
		return err
	}
	s, err := visa.NewService(a.DB.DB, master)
	if err != nil {
		return err
	}
	a.Services.Visa = s
	a.Services.Event.OnCopy(s.CopySettings) // a copied event asks for passports as its source does
	s.Routes(v1, a.Services.Registration)
	s.PageRoutes(a.Echo.Group(""), a.Services.Registration)
	a.AddWorker(s.EraseWorker(time.Hour, a.Log.Info))
	return nil
}
