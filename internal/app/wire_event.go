package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// wireEvent adds the event package's services, routes and workers.
func (a *App) wireEvent(ctx context.Context, v1 *echo.Group) error {
	svc := event.NewService(a.DB.DB)
	a.Services.Event = svc
	svc.Routes(v1)
	a.LoadDemo = func(ctx context.Context) error {
		loaded, err := event.LoadDemo(ctx, a.DB.DB)
		if err != nil || !loaded {
			return err
		}
		// The demo loads only into an empty database, so it is the one event.
		evs, _, err := svc.Store().FindEvents(ctx, httpx.Page{Limit: 1})
		if err != nil || len(evs) == 0 {
			return err
		}
		a.Log.Info("demo conference loaded", "event_id", evs[0].ID, "event_number", evs[0].Number, "name", evs[0].Name)
		return nil
	}
	return nil
}
