package app

import (
	"context"

	"github.com/labstack/echo/v4"
)

// wireBadges adds the badges package's services, routes and workers.
func (a *App) wireBadges(ctx context.Context, v1 *echo.Group) error {
	return nil
}
