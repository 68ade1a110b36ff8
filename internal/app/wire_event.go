package app

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"accreditation/internal/demo"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

// wireEvent adds the event package's services, routes and workers, and the
// loading of the demo conference, run by Start once every package is wired.
func (a *App) wireEvent(ctx context.Context, v1 *echo.Group) error {
	svc := event.NewService(a.DB.DB)
	a.Services.Event = svc
	svc.Routes(v1)
	a.LoadDemo = func(ctx context.Context) error {
		loaded, err := svc.LoadDemo(ctx)
		if err != nil || !loaded {
			return err
		}
		// The demo loads only into an empty database, so it is the one event.
		evs, _, err := svc.Store().FindEvents(ctx, httpx.Page{Limit: 1})
		if err != nil || len(evs) == 0 {
			return err
		}
		ev := evs[0]
		sum, err := demo.Load(ctx, a.demoServices(), ev.ID)
		if err != nil {
			// Leave no half-loaded demo: with no event, the next start loads it again.
			if rerr := svc.RemoveDemo(context.WithoutCancel(ctx), ev.ID); rerr != nil {
				a.Log.Error("remove the half-loaded demo conference", "event_id", ev.ID, "error", rerr)
			}
			return fmt.Errorf("load the demo conference: %w", err)
		}
		a.Log.Info("demo conference loaded", "event_id", ev.ID, "event_number", ev.Number, "name", ev.Name,
			"delegations", sum.Delegations, "invitations", sum.Invitations, "participants", sum.Participants,
			"photos", sum.Photos, "badges", sum.Badges, "printed", sum.Printed, "collected", sum.Collected,
			"scans", sum.Scans)
		return nil
	}
	return nil
}

// demoServices are the wired services the demo's data goes through.
func (a *App) demoServices() demo.Services {
	s := a.Services
	return demo.Services{DB: a.DB.DB, BaseURL: a.Config.PublicBaseURL, Auth: a.Auth, Invitations: s.Invitations,
		Letters:      &invitations.Letters{DB: a.DB.DB, Invitations: s.Invitations, Notify: s.Mail.Notify},
		Registration: s.Registration, Badges: s.Badges}
}
