package registration

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
)

// pageList is the page's view of the delegation in the List of
// Participants: its approved members as the list prints them, the
// corrections sent, and whether more may be sent.
type pageList struct {
	T           map[string]string // the section's texts (rsvp.lop)
	Base, Lang  string
	Delegation  string
	Entries     []pageListEntry
	Corrections []pageListCorrection
	Open        bool   // the final edition is not issued yet
	Sent        bool   // a correction was just sent
	Error, Body string // a refused correction and what was typed
}

type pageListEntry struct{ Name, Native, Function string }

type pageListCorrection struct{ When, WhenISO, Body string }

// listPageRoutes registers the form that sends a correction of the list.
func (s *Service) listPageRoutes(g *echo.Group) {
	g.POST("/rsvp/:token/list-corrections", s.pageListCorrection, sameOrigin)
}

func (s *Service) pageListCorrection(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	lang := pageLang(c, l.Invitation.Language)
	body := c.FormValue("body")
	if _, err := s.SendListCorrection(ctx, l, body); err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			return err
		}
		t := pageTexts(lang)
		msg, status := t["lop.err_empty"], http.StatusBadRequest
		if apperr.Is(err, apperr.Conflict) {
			msg, status = t["lop.closed"], http.StatusConflict
		}
		st := pageState{lang: lang, problem: msg, fields: map[string]string{"lop": msg}, values: map[string]string{"lop": body}}
		return s.render(ctx, c, l, status, st)
	}
	return back(c, lang, "lop")
}

// listSection builds the page's view of the delegation in the list.
func (s *Service) listSection(ctx context.Context, c echo.Context, l Link, o Overview, ev event.Event, st pageState) (*pageList, error) {
	issued, err := s.FinalListIssued(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	sent, err := s.ListCorrections(ctx, ev.ID, l.Delegation.ID)
	if err != nil {
		return nil, err
	}
	t := pageTexts(st.lang)
	v := &pageList{T: t, Base: st.base, Lang: st.lang, Delegation: l.Delegation.Names.In(st.lang), Open: issued == nil,
		Sent: c.QueryParam("done") == "lop", Error: st.fields["lop"], Body: st.values["lop"]}
	var members []Participant
	for _, p := range o.Participants {
		if p.Status == Approved {
			members = append(members, p.Participant)
		}
	}
	slices.SortStableFunc(members, func(a, b Participant) int { return slices.Index(Roles, a.Role) - slices.Index(Roles, b.Role) })
	for _, p := range members {
		latin := strings.Join(strings.Fields(p.GivenNames+" "+p.FamilyName), " ")
		e := pageListEntry{Name: strings.TrimSpace(p.Honorific + " " + latin), Function: p.Function}
		if n := strings.TrimSpace(p.NativeName); n != latin {
			e.Native = n
		}
		if r := t["role_"+p.Role]; r != "" {
			e.Function = strings.Trim(e.Function+" — "+r, " —")
		}
		v.Entries = append(v.Entries, e)
	}
	for _, c := range sent {
		v.Corrections = append(v.Corrections, pageListCorrection{When: c.CreatedAt.In(ev.Location()).Format("2006-01-02 15:04"),
			WhenISO: c.CreatedAt.UTC().Format(time.RFC3339), Body: c.Body})
	}
	return v, nil
}
