package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/checkin"
)

// wireCheckin adds the checkin package's services, routes and workers.
func (a *App) wireCheckin(ctx context.Context, v1 *echo.Group) error {
	a.Services.Checkin = checkin.NewService(a.DB.DB)
	a.Services.Checkin.Routes(v1)
	checkin.DoorRoutes(a.Echo)
	return nil
}
