package registration

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// protocolRoutes registers the registrations for protocol events and
// cultural programmes: the delegation's through its RSVP token, the
// Secretariat's for anyone of the event.
func (s *Service) protocolRoutes(g *echo.Group) {
	g.GET("/rsvp/:token/sessions", s.getRSVPSessions)
	g.POST("/rsvp/:token/sessions/:session_id/registrations", s.postRSVPRegistration)
	g.DELETE("/rsvp/:token/sessions/:session_id/registrations/:participant_id", s.deleteRSVPRegistration)

	staff := auth.Allow(auth.Staff...)
	ev := "/events/:event_id/sessions/:session_id/registrations"
	g.GET("/events/:event_id/session-places", s.getSessionPlaces, staff)
	g.GET(ev, s.getAttendees, staff)
	g.GET(ev+"/export", s.exportAttendees, staff)
	g.POST(ev, s.postRegistration, staff)
	g.DELETE(ev+"/:participant_id", s.deleteRegistration, staff)
}

type registrationBody struct {
	ParticipantID string `json:"participant_id"`
}

// participantOf reads the body's participant id. Errors: Invalid.
func participantOf(c echo.Context) (string, error) {
	var in registrationBody
	if err := httpx.Bind(c, &in); err != nil {
		return "", err
	}
	if !httpx.IsUUID(in.ParticipantID) {
		return "", apperr.Fields(apperr.Field("participant_id", "must be the id of a participant"))
	}
	return in.ParticipantID, nil
}

func (s *Service) getRSVPSessions(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	items, err := s.DelegationSessions(ctx, l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) postRSVPRegistration(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	pid, err := participantOf(c)
	if err != nil {
		return err
	}
	r, err := s.RegisterMember(ctx, l, c.Param("session_id"), pid)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, r)
}

func (s *Service) deleteRSVPRegistration(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	pid, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	if err := s.UnregisterMember(ctx, l, c.Param("session_id"), pid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) getSessionPlaces(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	items, err := s.ProtocolSessions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) eventSession(c echo.Context) (string, string, error) {
	ev, err := httpx.ID(c, "event_id")
	if err != nil {
		return "", "", err
	}
	ss, err := httpx.ID(c, "session_id")
	return ev, ss, err
}

func (s *Service) getAttendees(c echo.Context) error {
	ev, ss, err := s.eventSession(c)
	if err != nil {
		return err
	}
	a, err := s.Attendees(c.Request().Context(), ev, ss)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, a)
}

func (s *Service) postRegistration(c echo.Context) error {
	ev, ss, err := s.eventSession(c)
	if err != nil {
		return err
	}
	pid, err := participantOf(c)
	if err != nil {
		return err
	}
	r, err := s.RegisterParticipant(c.Request().Context(), ev, ss, pid)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, r)
}

func (s *Service) deleteRegistration(c echo.Context) error {
	ev, ss, err := s.eventSession(c)
	if err != nil {
		return err
	}
	pid, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	if err := s.UnregisterParticipant(c.Request().Context(), ev, ss, pid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) exportAttendees(c echo.Context) error {
	ev, ss, err := s.eventSession(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.Attendees(ctx, ev, ss)
	if err != nil {
		return err
	}
	e, err := s.events.FindEventByID(ctx, ev)
	if err != nil {
		return err
	}
	lang, err := httpx.ExportLanguage(c, e.Languages...)
	if err != nil {
		return err
	}
	name := "session-" + s.Now().UTC().Format("20060102") + ".csv"
	return httpx.Download(c, name, "csv", func(w io.Writer) error { return writeAttendeesCSV(ctx, w, a, lang) })
}

// AttendeeColumns are the machine keys of the attendees export's columns;
// its header row names them in the language asked.
var AttendeeColumns = []string{"badge_number", "delegation", "honorific", "given_names", "family_name", "native_name",
	"role", "status", "registered_at"}

// writeAttendeesCSV writes who comes as UTF-8 CSV with a byte-order mark.
func writeAttendeesCSV(_ context.Context, w io.Writer, a SessionAttendees, lang string) error {
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(AttendeeColumns))
	for i, k := range AttendeeColumns {
		head[i] = k
		if lang != "" {
			head[i] = i18n.T(lang, "rsvp.protocol.col_"+k)
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, p := range a.Items {
		num := ""
		if p.BadgeNumber != nil {
			num = strconv.Itoa(*p.BadgeNumber)
		}
		row := []string{num, p.Delegation, p.Honorific, p.GivenNames, p.FamilyName, p.NativeName,
			i18n.T(lang, "rsvp.role_"+p.Role), i18n.T(lang, "rsvp.p_"+p.Status), p.RegisteredAt.UTC().Format(time.RFC3339)}
		if err := cw.Write(neutralise(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
