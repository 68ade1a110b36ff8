package app

import (
	"context"

	"github.com/labstack/echo/v4"
)

// wireRegistration adds the registration package's services, routes and workers.
func (a *App) wireRegistration(ctx context.Context, v1 *echo.Group) error {
	return nil
}
