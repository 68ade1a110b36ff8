package checkin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// deviceRoutes registers an event's scanner devices: created for one of its
// checkpoints (with a pairing code), and listed with what each last reported.
// Pairing, new codes, the list of every device and revocation are the auth
// package's routes.
func (s *Service) deviceRoutes(g *echo.Group) {
	g.GET("/events/:event_id/devices", s.listDevices, auth.Allow(auth.Staff...))
	g.POST("/events/:event_id/devices", s.createDevice, auth.Allow(auth.Staff...))
}

func (s *Service) listDevices(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	items, total, err := s.Devices(c.Request().Context(), id, p.Limit, p.Offset)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, total, p))
}

func (s *Service) createDevice(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in DeviceInput
	if err := httpx.BindLimit(c, 16<<10, "a device is at most 16 KiB", &in); err != nil {
		return err
	}
	d, err := s.CreateDevice(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return httpx.JSON(c, http.StatusCreated, d)
}
