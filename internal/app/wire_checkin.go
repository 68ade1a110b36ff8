package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/checkin"
)

// wireCheckin adds the checkin package's services, routes and workers, its
// hook on registration (an approval keeps the participant's category on
// their attendance row), and tells auth which events each device scans for.
func (a *App) wireCheckin(ctx context.Context, v1 *echo.Group) error {
	a.Services.Checkin = checkin.NewService(a.DB.DB)
	a.Services.Checkin.SetLiveLimits(a.Config.LiveStreamsPerUser, a.Config.LiveStreamsPerServer)
	r := &a.Services.Registration.Hooks
	r.Approved = append(r.Approved, a.Services.Checkin.Approved)
	a.Services.Checkin.Routes(v1)
	checkin.DoorRoutes(a.Echo)
	a.Auth.DeviceEvents = a.Services.Checkin.DeviceEvents
	return nil
}
