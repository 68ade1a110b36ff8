package auth

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
)

// Role sets for routes.
var (
	Admins = []actor.Role{actor.Admin}
	Staff  = []actor.Role{actor.Admin, actor.Secretariat}
	Anyone = []actor.Role{actor.Admin, actor.Secretariat, actor.Door}
	Doors  = []actor.Role{actor.Admin, actor.Door}
)

// Middleware reads an Authorization: Bearer header when there is one and puts
// the caller in the request context; a bad token is a 401 right away.
func (s *Service) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		if h == "" {
			return next(c)
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return apperr.Unauthorizedf("the Authorization header must be \"Bearer <token>\"")
		}
		a, err := s.Authenticate(c.Request().Context(), token)
		if err != nil {
			return err
		}
		c.SetRequest(c.Request().WithContext(actor.With(c.Request().Context(), a)))
		return next(c)
	}
}

// Allow lets a route through only for callers with one of roles: 401 without
// a token, 403 with another role. A device is also kept to its own events:
// on a route with an event_id, another event is a 404 (to a device, other
// events do not exist), and every such route is a 403 for a device that
// scans for no event at all.
func Allow(roles ...actor.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			a := actor.From(c.Request().Context())
			if a.Kind != actor.User && a.Kind != actor.Device {
				return apperr.Unauthorizedf("this route needs a bearer token")
			}
			if !slices.Contains(roles, a.Role) {
				return apperr.Forbiddenf("the %s role may not do this", a.Role)
			}
			if id := c.Param("event_id"); id != "" && !a.Reaches(id) {
				return DeviceOutside(a, "event")
			}
			return next(c)
		}
	}
}

// DeviceOutside is the refusal of a device's request for what (an event, a
// checkpoint, a photo) of an event that the device a does not scan for:
// Forbidden for a device of no event at all (made before devices belonged
// to events: it is to be created again for its event), NotFound otherwise,
// as for what does not exist.
func DeviceOutside(a actor.Actor, what string) error {
	if len(a.Events) == 0 {
		return apperr.Forbiddenf("this device scans for no event: create it again for its event in the console")
	}
	return apperr.NotFoundf("no such %s", what)
}

// Routes registers sessions, users and devices under g (/api/v1).
func (s *Service) Routes(g *echo.Group) {
	g.POST("/sessions", s.login)
	g.GET("/sessions/current", s.current, Allow(Anyone...))
	g.DELETE("/sessions/current", s.logout, Allow(Anyone...))

	g.GET("/users", s.listUsers, Allow(Admins...))
	g.POST("/users", s.createUser, Allow(Admins...))
	g.GET("/users/:user_id", s.getUser, Allow(Admins...))
	g.PATCH("/users/:user_id", s.updateUser, Allow(Admins...))

	g.GET("/devices", s.listDevices, Allow(Staff...))
	g.DELETE("/devices/:device_id", s.revokeDevice, Allow(Staff...))
	s.pairingRoutes(g) // device_http.go; devices are created for a checkpoint by the checkin package
}

func (s *Service) login(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	var v apperr.Validator
	v.Check(in.Email != "", "email", "is required")
	v.Check(in.Password != "", "password", "is required")
	// No account has a longer address or password: refused before any
	// attempt is counted, so that a long guess is no key of a throttle.
	v.Check(len(in.Email) <= 254, "email", "must have at most 254 characters")
	v.Check(len(in.Password) <= 256, "password", "must have at most 256 bytes")
	if err := v.Err(); err != nil {
		return err
	}
	sess, err := s.Login(c.Request().Context(), in.Email, in.Password, c.RealIP())
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, sess)
}

func (s *Service) current(c echo.Context) error {
	a := actor.From(c.Request().Context())
	if a.Kind == actor.Device {
		d, err := s.store.FindDeviceByID(c.Request().Context(), a.ID)
		if err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusOK, map[string]any{"kind": "device", "role": a.Role, "device": d})
	}
	u, err := s.store.FindUserByID(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"kind": "user", "role": a.Role, "user": u})
}

func (s *Service) logout(c echo.Context) error {
	if err := s.Logout(c.Request().Context()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) listUsers(c echo.Context) error {
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	users, total, err := s.store.FindUsers(c.Request().Context(), p.Limit, p.Offset)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(users, total, p))
}

func (s *Service) createUser(c echo.Context) error {
	var in UserInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	u, err := s.CreateUser(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, u)
}

func (s *Service) getUser(c echo.Context) error {
	id, err := httpx.ID(c, "user_id")
	if err != nil {
		return err
	}
	u, err := s.store.FindUserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, u)
}

func (s *Service) updateUser(c echo.Context) error {
	id, err := httpx.ID(c, "user_id")
	if err != nil {
		return err
	}
	var in UserInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	u, err := s.UpdateUser(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, u)
}

func (s *Service) listDevices(c echo.Context) error {
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	ds, total, err := s.store.FindDevices(c.Request().Context(), p.Limit, p.Offset)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(ds, total, p))
}

func (s *Service) revokeDevice(c echo.Context) error {
	id, err := httpx.ID(c, "device_id")
	if err != nil {
		return err
	}
	if err := s.RevokeDevice(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
