package app

import (
	"context"

	"github.com/labstack/echo/v4"
)

// wireEvent adds the event package's services, routes and workers.
func (a *App) wireEvent(ctx context.Context, v1 *echo.Group) error {
	return nil
}
