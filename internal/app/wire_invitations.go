package app

import (
	"context"

	"github.com/labstack/echo/v4"
)

// wireInvitations adds the invitations package's services, routes and workers.
func (a *App) wireInvitations(ctx context.Context, v1 *echo.Group) error {
	return a.wireLetters(ctx, v1)
}
