package app

import (
	"context"

	"github.com/labstack/echo/v4"
)

// wireCheckin adds the checkin package's services, routes and workers.
func (a *App) wireCheckin(ctx context.Context, v1 *echo.Group) error {
	return nil
}
