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

type rsvpMember struct {
	ID, Name, Native, Status string
	Withdrawable             bool // a waiting entry that does not have the floor
}

// RSVPSection is the RSVP page's section where a focal point inscribes a
// member of the delegation on a plenary's list of speakers.
func (s *Service) RSVPSection() registration.PageSection {
	return registration.PageSection{Name: "speakers", Render: s.renderRSVP, Message: rsvpMessage}
}

// RSVPRoutes registers the section's forms on the site's root: inscribe a
// member, withdraw one of the delegation's waiting entries.
func (s *Service) RSVPRoutes(g *echo.Group, reg *registration.Service) {
	reg.SectionForm(g, "/rsvp/:token/speakers/:session_id", "speakers", func(ctx context.Context, c echo.Context, l registration.Link) (string, error) {
		var up *Upload
		if fh, err := c.FormFile("statement"); err == nil && fh.Size > 0 {
			f, err := fh.Open()
			if err != nil {
				return "", apperr.Invalidf("the statement could not be read")
			}
			defer f.Close()
			data, err := httpx.ReadLimited(f, MaxStatement, "statement")
			if err != nil {
				return "", err
			}
			up = &Upload{Name: fh.Filename, Data: data}
		} else if err != nil && !errors.Is(err, http.ErrMissingFile) {
			return "", apperr.Invalidf("the form could not be read")
		}
		_, err := s.InscribeMember(ctx, l, c.Param("session_id"), c.FormValue("participant_id"), up)
		return "", err
	})
	reg.SectionForm(g, "/rsvp/:token/speakers/:session_id/withdraw", "speakers", func(ctx context.Context, c echo.Context, l registration.Link) (string, error) {
		_, err := s.WithdrawMember(ctx, l, c.Param("session_id"), c.FormValue("speaker_id"))
		return doneWithdrawn, err
	})
}

// doneWithdrawn is the page's done parameter after a withdrawal.
const doneWithdrawn = "speakers-withdrawn"

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
	case ae.Type == "no-entry":
		key = "rsvp_err_no_entry"
	case ae.Type == "has-floor":
		key = "rsvp_err_floor"
	case ae.Type == "not-waiting":
		key = "rsvp_err_not_waiting"
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
	members, err := s.store.Members(ctx, l.Invitation.DelegationID)
	if err != nil {
		return "", err
	}
	t := i18n.Table(v.Lang, "speakers")
	d := rsvpSection{T: t, Lang: v.Lang, Base: v.Base, Problem: v.Problem,
		Done: map[string]string{"speakers": t["rsvp_done"], doneWithdrawn: t["rsvp_withdrawn"]}[v.Done]}
	byID := map[string]rsvpMember{}
	for _, p := range members {
		m := rsvpMember{ID: p.ID, Name: joinName(p.Honorific, joinName(p.GivenNames, p.FamilyName)), Native: p.NativeName}
		byID[p.ID] = m
		if p.Status == registration.Nominated || p.Status == registration.Approved {
			d.Members = append(d.Members, m)
		}
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
			m := byID[e.ParticipantID]
			rs.Entries = append(rs.Entries, rsvpMember{ID: e.ID, Name: m.Name, Native: m.Native, Status: t["status_"+e.Status],
				Withdrawable: e.Status == Waiting && !(set.TurnStartedAt != nil && e.Position == 1)})
		}
		switch {
		case !set.Open(now):
			rs.Why = t["rsvp_closed"]
		case held >= set.PerDelegation:
			rs.Why = t["rsvp_full"]
		case len(d.Members) == 0:
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
