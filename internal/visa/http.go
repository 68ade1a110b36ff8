package visa

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// Routes registers the visa routes: the event's settings, the passport
// details (for the Secretariat; through the RSVP link only written, and
// read back as received or not), and the visa support letter. Links
// resolves RSVP tokens.
func (s *Service) Routes(g *echo.Group, links *registration.Service) {
	l := linkRoutes{s: s, links: links}
	g.GET("/rsvp/:token/participants/:participant_id/passport", l.get)
	g.PUT("/rsvp/:token/participants/:participant_id/passport", l.put)
	g.GET("/events/:event_id/visa-settings", s.getSettings, auth.Allow(auth.Staff...))
	g.PUT("/events/:event_id/visa-settings", s.putSettings, auth.Allow(auth.Staff...))
	g.GET("/participants/:participant_id/passport", s.getPassport, auth.Allow(auth.Staff...))
	g.PUT("/participants/:participant_id/passport", s.putPassport, auth.Allow(auth.Staff...))
	g.POST("/participants/:participant_id/visa-letter", s.postLetter, auth.Allow(auth.Staff...))
}

func noStore(c echo.Context) { c.Response().Header().Set("Cache-Control", "no-store") }

func (s *Service) getSettings(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	out, err := s.SettingsOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}

func (s *Service) putSettings(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in SettingsInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	out, err := s.SetSettings(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}

func (s *Service) getPassport(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	noStore(c)
	out, err := s.PassportOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}

func (s *Service) putPassport(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	noStore(c)
	var in PassportInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	out, err := s.SetPassport(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}

func (s *Service) postLetter(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	noStore(c)
	pdf, name, err := s.Letter(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// linkRoutes are the routes authorised by an RSVP link's token.
type linkRoutes struct {
	s     *Service
	links *registration.Service
}

func (r linkRoutes) get(c echo.Context) error {
	noStore(c)
	ctx, l, err := r.links.Resolve(c.Request().Context(), c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	p, err := r.s.people.FindParticipantByID(ctx, id, false)
	if err != nil || p.InvitationID != l.Invitation.ID {
		return notInDelegation()
	}
	out, err := r.s.ReceiptOf(ctx, id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}

func (r linkRoutes) put(c echo.Context) error {
	noStore(c)
	ctx, l, err := r.links.Resolve(c.Request().Context(), c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in PassportInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	out, err := r.s.SetLinkPassport(ctx, l, id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, out)
}
