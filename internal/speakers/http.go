package speakers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Routes registers the lists of speakers' API under g (/api/v1): the
// Secretariat runs the lists; the public view and its version are open to
// anyone (names and delegations only).
func (s *Service) Routes(g *echo.Group) {
	staff := auth.Allow(auth.Staff...)
	const ev, ss, sp = "/events/:event_id", "/sessions/:session_id", "/sessions/:session_id/speakers/:speaker_id"

	g.GET(ev+"/precedence", s.listLevels, staff)
	g.POST(ev+"/precedence", s.createLevel, staff)
	g.PATCH(ev+"/precedence/:level_id", s.updateLevel, staff)
	g.DELETE(ev+"/precedence/:level_id", s.deleteLevel, staff)
	g.PUT(ev+"/participants/:participant_id/precedence", s.setLevel, staff)

	g.GET(ss+"/speaking", s.getSettings, staff)
	g.PATCH(ss+"/speaking", s.updateSettings, staff)
	g.GET(ss+"/roles", s.listRoles, staff)
	g.POST(ss+"/roles", s.addRole, staff)
	g.DELETE(ss+"/roles/:role_id", s.removeRole, staff)

	g.GET(ss+"/speakers", s.getList, staff)
	g.POST(ss+"/speakers", s.inscribeHTTP, staff)
	g.GET(ss+"/speakers/history", s.history, staff)
	g.GET(ss+"/speakers/pdf", s.pdf, staff)
	g.GET(ss+"/speakers/statements", s.statementsZIP, staff)
	g.POST(ss+"/speakers/turn", s.startTurn, staff)
	g.POST(sp+"/move", s.move, staff)
	g.POST(sp+"/mark", s.mark, staff)
	g.PUT(sp+"/statement", s.putStatement, staff)
	g.GET(sp+"/statement", s.getStatement, staff)

	g.GET("/public/sessions/:session_id/speakers", s.publicList)
	g.GET("/public/sessions/:session_id/speakers/version", s.publicVersion)
}

// lang is the "language" query parameter, English when absent. Errors: Invalid.
func lang(c echo.Context) (string, error) {
	l, err := httpx.ExportLanguage(c)
	if l == "" {
		l = "en"
	}
	return l, err
}

func (s *Service) listLevels(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	levels, err := s.Precedence(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": levels})
}

func (s *Service) createLevel(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in LevelInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	l, err := s.CreateLevel(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, l)
}

func (s *Service) updateLevel(c echo.Context) error {
	eventID, id, err := two(c, "event_id", "level_id")
	if err != nil {
		return err
	}
	var in LevelInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	l, err := s.UpdateLevel(c.Request().Context(), eventID, id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, l)
}

func (s *Service) deleteLevel(c echo.Context) error {
	eventID, id, err := two(c, "event_id", "level_id")
	if err != nil {
		return err
	}
	if err := s.DeleteLevel(c.Request().Context(), eventID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) setLevel(c echo.Context) error {
	eventID, id, err := two(c, "event_id", "participant_id")
	if err != nil {
		return err
	}
	var in struct {
		LevelID string `json:"level_id"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	pl, err := s.SetParticipantLevel(c.Request().Context(), eventID, id, in.LevelID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, pl)
}

// two reads two UUID path parameters. Errors: Invalid.
func two(c echo.Context, a, b string) (string, string, error) {
	x, err := httpx.ID(c, a)
	if err != nil {
		return "", "", err
	}
	y, err := httpx.ID(c, b)
	return x, y, err
}

func (s *Service) getSettings(c echo.Context) error {
	set, err := s.Settings(c.Request().Context(), c.Param("session_id"))
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, set)
}

func (s *Service) updateSettings(c echo.Context) error {
	var in SettingsInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	set, err := s.UpdateSettings(c.Request().Context(), c.Param("session_id"), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, set)
}

func (s *Service) listRoles(c echo.Context) error {
	l, err := lang(c)
	if err != nil {
		return err
	}
	roles, err := s.Roles(c.Request().Context(), c.Param("session_id"), l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": roles})
}

func (s *Service) addRole(c echo.Context) error {
	var in RoleInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	r, err := s.AddRole(c.Request().Context(), c.Param("session_id"), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, r)
}

func (s *Service) removeRole(c echo.Context) error {
	if err := s.RemoveRole(c.Request().Context(), c.Param("session_id"), c.Param("role_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) getList(c echo.Context) error {
	l, err := lang(c)
	if err != nil {
		return err
	}
	list, err := s.List(c.Request().Context(), c.Param("session_id"), l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, list)
}

func (s *Service) inscribeHTTP(c echo.Context) error {
	var in InscribeInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	sp, err := s.Inscribe(c.Request().Context(), c.Param("session_id"), in, nil)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, sp)
}

func (s *Service) history(c echo.Context) error {
	changes, err := s.Changes(c.Request().Context(), c.Param("session_id"))
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": changes})
}

func (s *Service) startTurn(c echo.Context) error {
	set, err := s.StartTurn(c.Request().Context(), c.Param("session_id"))
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, set)
}

func (s *Service) move(c echo.Context) error {
	var in MoveInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	sp, err := s.Move(c.Request().Context(), c.Param("session_id"), c.Param("speaker_id"), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, sp)
}

func (s *Service) mark(c echo.Context) error {
	var in MarkInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	sp, err := s.Mark(c.Request().Context(), c.Param("session_id"), c.Param("speaker_id"), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, sp)
}

func (s *Service) putStatement(c echo.Context) error {
	body, err := httpx.ReadLimited(c.Request().Body, MaxStatement, "statement")
	if err != nil {
		return err
	}
	name := c.QueryParam("file_name")
	if err := s.SetStatement(c.Request().Context(), c.Param("session_id"), c.Param("speaker_id"), Upload{Name: name, Data: body}); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) getStatement(c echo.Context) error {
	st, err := s.FindStatement(c.Request().Context(), c.Param("session_id"), c.Param("speaker_id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+st.FileName+`"`)
	return c.Blob(http.StatusOK, st.ContentType, st.Data)
}

func (s *Service) pdf(c echo.Context) error {
	l, err := lang(c)
	if err != nil {
		return err
	}
	b, err := s.PDF(c.Request().Context(), c.Param("session_id"), l)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="list-of-speakers-`+l+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", b)
}

func (s *Service) statementsZIP(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.plenary(ctx, s.store, c.Param("session_id")); err != nil {
		return err
	}
	r := c.Response()
	r.Header().Set(echo.HeaderContentType, "application/zip")
	r.Header().Set(echo.HeaderContentDisposition, `attachment; filename="statements.zip"`)
	r.WriteHeader(http.StatusOK)
	return s.StatementsZIP(ctx, c.Param("session_id"), r)
}

// Public is a list of speakers as the hall's screens show it: names,
// honorifics and delegations only, with the version to poll.
type Public struct {
	Version         int64         `json:"version"`
	SessionID       string        `json:"session_id"`
	Titles          event.Texts   `json:"titles"`
	SpeakingSeconds int           `json:"speaking_seconds"`
	TurnStartedAt   *time.Time    `json:"turn_started_at"`
	Now             time.Time     `json:"now"`
	Speakers        []PublicEntry `json:"speakers"`
}

// PublicEntry is one waiting speaker of Public, in order.
type PublicEntry struct {
	Position int    `json:"position"`
	Person   Person `json:"person"`
}

// PublicList returns the public view of a session's list in lang. Errors:
// NotFound, Internal.
func (s *Service) PublicList(ctx context.Context, sessionID, lang string) (Public, error) {
	list, err := s.List(ctx, sessionID, lang)
	if err != nil {
		return Public{}, err
	}
	p := Public{Version: list.Settings.Version, SessionID: list.Session.ID, Titles: list.Session.Titles,
		SpeakingSeconds: list.Settings.SpeakingSeconds, TurnStartedAt: list.Settings.TurnStartedAt, Now: s.now(),
		Speakers: []PublicEntry{}}
	for i, sp := range list.Waiting {
		p.Speakers = append(p.Speakers, PublicEntry{Position: i + 1, Person: sp.Person})
	}
	return p, nil
}

func (s *Service) publicList(c echo.Context) error {
	l, err := lang(c)
	if err != nil {
		return err
	}
	p, err := s.PublicList(c.Request().Context(), c.Param("session_id"), l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, p)
}

// Version is a list's version: it changes whenever the list does.
// Errors: NotFound, Internal.
func (s *Service) Version(ctx context.Context, sessionID string) (int64, error) {
	set, err := s.Settings(ctx, sessionID)
	return set.Version, err
}

func (s *Service) publicVersion(c echo.Context) error {
	v, err := s.Version(c.Request().Context(), c.Param("session_id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return httpx.JSON(c, http.StatusOK, map[string]int64{"version": v})
}
