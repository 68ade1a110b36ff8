package app

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/invitations"
)

// wireInvitations adds the invitations package's services, routes and workers.
func (a *App) wireInvitations(ctx context.Context, v1 *echo.Group) error {
	s := invitations.NewService(a.DB.DB, invitations.Config{PublicBaseURL: a.Config.PublicBaseURL})
	a.Services.Invitations = s
	a.Services.Event.OnCopy(invitations.CopyTemplates) // a copied event keeps its letters
	s.Routes(v1)
	a.AddWorker(s.ExpiryWorker(time.Minute, a.Log.Info))
	return a.wireLetters(ctx, v1)
}
