package auth

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/httpx"
)

// pairingRoutes registers the exchange of a pairing code for a device's token
// (public: the door page is not signed in yet) and the issue of a new code.
func (s *Service) pairingRoutes(g *echo.Group) {
	g.POST("/devices/pair", s.pair)
	g.POST("/devices/:device_id/pairing-code", s.newPairingCode, Allow(Staff...))
}

func (s *Service) pair(c echo.Context) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := httpx.BindLimit(c, 4<<10, "a pairing request is at most 4 KiB", &in); err != nil {
		return err
	}
	d, err := s.Pair(c.Request().Context(), in.Code, c.RealIP())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return httpx.JSON(c, http.StatusCreated, d)
}

func (s *Service) newPairingCode(c echo.Context) error {
	id, err := httpx.ID(c, "device_id")
	if err != nil {
		return err
	}
	code, err := s.NewPairingCode(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return httpx.JSON(c, http.StatusCreated, code)
}

// DeviceStates returns the devices with ids and their pairing state, keyed
// by id. Errors: Internal only.
func (s *Service) DeviceStates(ctx context.Context, ids []string) (map[string]DeviceState, error) {
	return s.store.FindDeviceStates(ctx, ids, s.now())
}
