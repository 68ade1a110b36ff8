package speakers

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/registration"
)

//go:embed templates/*.html
var templates embed.FS

var pages = template.Must(template.ParseFS(templates, "templates/*.html"))

// rsvpSection is the list of speakers' section of the RSVP page.
type rsvpSection struct {
	T             map[string]string
	Lang, Base    string
	Done, Problem string
	Sessions      []rsvpSession
	Members       []rsvpMember
}

type rsvpSession struct {
	ID, Title, Window, Why string
	CanInscribe            bool
	Entries                []rsvpMember
}

type rsvpMember struct{ ID, Name, Status string }

// RSVPSection is the RSVP page's section where a focal point inscribes a
// member of the delegation on a plenary's list of speakers.
func (s *Service) RSVPSection() registration.PageSection {
	return registration.PageSection{Name: "speakers", Render: s.renderRSVP, Message: rsvpMessage}
}

// RSVPRoutes registers the section's form on the site's root.
func (s *Service) RSVPRoutes(g *echo.Group, reg *registration.Service) {
	reg.SectionForm(g, "/rsvp/:token/speakers/:session_id", "speakers", func(ctx context.Context, c echo.Context, l registration.Link) error {
		var up *Upload
		if fh, err := c.FormFile("statement"); err == nil && fh.Size > 0 {
			f, err := fh.Open()
			if err != nil {
				return apperr.Invalidf("the statement could not be read")
			}
			defer f.Close()
			data, err := httpx.ReadLimited(f, MaxStatement, "statement")
			if err != nil {
				return err
			}
			up = &Upload{Name: fh.Filename, Data: data}
		} else if err != nil && !errors.Is(err, http.ErrMissingFile) {
			return apperr.Invalidf("the form could not be read")
		}
		_, err := s.InscribeMember(ctx, l, c.Param("session_id"), c.FormValue("participant_id"), up)
		return err
	})
}

func rsvpMessage(lang string, err error) string {
	var ae *apperr.Error
	errors.As(err, &ae)
	key := "rsvp_err_generic"
	switch {
	case ae == nil:
	case ae.Type == "inscription-closed":
		key = "rsvp_err_closed"
	case ae.Type == "already-inscribed":
		key = "rsvp_err_already"
	case ae.Kind == apperr.TooLarge:
		key = "rsvp_err_large"
	case ae.Kind == apperr.Unsupported:
		key = "rsvp_err_type"
	case len(ae.Fields) > 0:
		key = "rsvp_err_member"
	}
	return i18n.T(lang, "speakers."+key)
}

func (s *Service) renderRSVP(ctx context.Context, l registration.Link, v registration.SectionView) (template.HTML, error) {
	sessions, err := s.store.Plenaries(ctx, l.Invitation.EventID)
	if err != nil || len(sessions) == 0 {
		return "", err
	}
	ev, err := s.store.FindEvent(ctx, l.Invitation.EventID)
	if err != nil {
		return "", err
	}
	members, err := s.store.ActiveMembers(ctx, l.Invitation.DelegationID)
	if err != nil {
		return "", err
	}
	t := i18n.Table(v.Lang, "speakers")
	d := rsvpSection{T: t, Lang: v.Lang, Base: v.Base, Problem: v.Problem, Done: map[bool]string{true: "1"}[v.Done == "speakers"]}
	names := map[string]string{}
	for _, p := range members {
		name := joinName(p.Honorific, joinName(p.GivenNames, p.FamilyName))
		names[p.ID] = name
		d.Members = append(d.Members, rsvpMember{ID: p.ID, Name: name})
	}
	now := s.now()
	for _, ss := range sessions {
		set, err := s.settingsOf(ctx, s.store, ss)
		if err != nil {
			return "", err
		}
		entries, err := s.store.DelegationEntries(ctx, ss.ID, l.Invitation.DelegationID)
		if err != nil {
			return "", err
		}
		rs := rsvpSession{ID: ss.ID, Title: ss.Titles.In(v.Lang), Window: window(t, set, ev.Location())}
		held := 0
		for _, e := range entries {
			if e.Slot != nil {
				held++
			}
			rs.Entries = append(rs.Entries, rsvpMember{ID: e.ID, Name: names[e.ParticipantID], Status: t["status_"+e.Status]})
		}
		switch {
		case !set.Open(now):
			rs.Why = t["rsvp_closed"]
		case held >= set.PerDelegation:
			rs.Why = t["rsvp_full"]
		case len(members) == 0:
			rs.Why = t["rsvp_no_member"]
		default:
			rs.CanInscribe = true
		}
		d.Sessions = append(d.Sessions, rs)
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "rsvp_speakers", d); err != nil {
		return "", apperr.Wrap(err, "render the list of speakers' section")
	}
	return template.HTML(buf.String()), nil // html/template escaped it
}

// window says when a session's inscription opens and closes, in the
// event's timezone.
func window(t map[string]string, set Settings, loc *time.Location) string {
	f := func(x *time.Time) string { return x.In(loc).Format("2006-01-02 15:04") }
	switch {
	case set.OpensAt != nil && set.ClosesAt != nil:
		return fmt.Sprintf(t["rsvp_from_to"], f(set.OpensAt), f(set.ClosesAt))
	case set.ClosesAt != nil:
		return fmt.Sprintf(t["rsvp_until"], f(set.ClosesAt))
	case set.OpensAt != nil:
		return fmt.Sprintf(t["rsvp_from"], f(set.OpensAt))
	}
	return t["rsvp_always"]
}
