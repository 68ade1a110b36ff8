package registration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
)

// pageSession is a protocol event or cultural programme as the RSVP page
// shows it.
type pageSession struct {
	ID, Title, When, WhenISO, Places, Invitees, Error string
	Full                                              bool // no place left: no member is offered one
	Members                                           []pageSessionMember
}

// pageSessionMember is one active member beside a session.
type pageSessionMember struct {
	ID, SessionID, Name            string
	RegisterLabel, UnregisterLabel string
	Invited, Registered            bool
	Error                          bool
}

// protocolPageRoutes registers the page's forms that take or give back a
// member's place at a protocol event or cultural programme.
func (s *Service) protocolPageRoutes(g *echo.Group) {
	g.POST("/rsvp/:token/sessions/:session_id/register", s.pageRegister, sameOrigin)
	g.POST("/rsvp/:token/sessions/:session_id/unregister", s.pageUnregister, sameOrigin)
}

func (s *Service) pageRegister(c echo.Context) error {
	return s.pagePlace(c, "registered", func(ctx context.Context, l Link, sessionID, participantID string) error {
		_, err := s.RegisterMember(ctx, l, sessionID, participantID)
		return err
	})
}

func (s *Service) pageUnregister(c echo.Context) error {
	return s.pagePlace(c, "unregistered", s.UnregisterMember)
}

func (s *Service) pagePlace(c echo.Context, done string, act func(context.Context, Link, string, string) error) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	lang := pageLang(c, l.Invitation.Language)
	sessionID := c.Param("session_id")
	if err := act(ctx, l, sessionID, c.FormValue("participant_id")); err != nil {
		return s.renderPlaceError(ctx, c, l, lang, sessionID, err)
	}
	return back(c, lang, "protocol_"+done)
}

// renderPlaceError shows the page again with the reason beside the session
// (and at the top).
func (s *Service) renderPlaceError(ctx context.Context, c echo.Context, l Link, lang, sessionID string, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	t := pageTexts(lang)
	msg := map[string]string{"session-full": t["protocol.err_full"], "not-invited": t["protocol.err_not_invited"],
		"already-registered": t["protocol.err_already"], "deadline-passed": t["err_deadline"]}[ae.Type]
	if msg == "" {
		msg = t["err_generic"]
	}
	status := map[apperr.Kind]int{apperr.NotFound: http.StatusNotFound, apperr.Conflict: http.StatusConflict,
		apperr.Forbidden: http.StatusForbidden}[ae.Kind]
	if status == 0 {
		status = http.StatusBadRequest
	}
	st := pageState{lang: lang, problem: msg, fields: map[string]string{"session:" + sessionID: msg}}
	return s.render(ctx, c, l, status, st)
}

// protocolSection builds the page's protocol events and cultural
// programmes, each with the delegation's active members.
func (s *Service) protocolSection(ctx context.Context, l Link, o Overview, ev event.Event, st pageState) ([]pageSession, error) {
	places, err := s.DelegationSessions(ctx, l)
	if err != nil || len(places) == 0 {
		return nil, err
	}
	cats, err := s.events.FindCategories(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	t := pageTexts(st.lang)
	out := make([]pageSession, 0, len(places))
	for _, sp := range places {
		ss := sp.Session
		ps := pageSession{ID: ss.ID, Title: ss.Titles.In(st.lang), Error: st.fields["session:"+ss.ID],
			Invitees: invitees(t, ss, cats, st.lang)}
		if ss.StartsAt != nil {
			ps.When = ss.StartsAt.In(ev.Location()).Format("2006-01-02 15:04")
			ps.WhenISO = ss.StartsAt.UTC().Format(time.RFC3339)
		}
		switch {
		case sp.PlacesLeft == nil:
			ps.Places = t["protocol.no_limit"]
		case *sp.PlacesLeft == 0:
			ps.Places, ps.Full = t["protocol.full"], true
		default:
			ps.Places = fmt.Sprintf(t["protocol.places_left"], *sp.PlacesLeft, *ss.Capacity)
		}
		for _, p := range o.Participants {
			if !p.Active() {
				continue
			}
			name := displayName(p.Participant)
			ps.Members = append(ps.Members, pageSessionMember{ID: p.ID, SessionID: ss.ID, Name: name,
				RegisterLabel:   fmt.Sprintf(t["protocol.register_label"], name, ps.Title),
				UnregisterLabel: fmt.Sprintf(t["protocol.unregister_label"], name, ps.Title),
				Invited:         contains(sp.Invited, p.ID), Registered: contains(sp.Members, p.ID), Error: ps.Error != ""})
		}
		out = append(out, ps)
	}
	return out, nil
}

// invitees names who a session's invitation list lets come, or "" when it
// is open to every member.
func invitees(t map[string]string, ss event.Session, cats []event.Category, lang string) string {
	var who []string
	for _, r := range ss.InviteRoles {
		who = append(who, t["role_"+r])
	}
	for _, c := range cats {
		if contains(ss.InviteCategoryIDs, c.ID) {
			who = append(who, c.Names.In(lang))
		}
	}
	if len(who) == 0 {
		return ""
	}
	return fmt.Sprintf(t["protocol.invited_only"], strings.Join(who, ", "))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
