package console

import (
	"accreditation/internal/names"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// delegationsRoutes are the pages of an event's delegations: the list in
// protocol order with its reordering, and one delegation's page with its
// edit form, its invitations' quotas, its members and its credentials letter.
func (c *Console) delegationsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/delegations", c.delegations)
	g.POST("/events/:event_id/delegations/order", c.orderDelegations)
	g.GET("/delegations/:delegation_id", c.delegation)
	g.POST("/delegations/:delegation_id", c.updateDelegation)
	g.POST("/delegations/:delegation_id/quota", c.delegationQuota)
	g.POST("/delegations/:delegation_id/credentials/status", c.credentialsStatus)
	g.GET("/delegations/:delegation_id/credentials/file", c.credentialsFile)
}

// noneValue is the filters' value for "has none" (no invitation, no letter).
const noneValue = "none"

// delegationRow is one line of the list: a delegation with what the
// Secretariat follows of it.
type delegationRow struct {
	invitations.Delegation
	Allowed, Used int
	Head          *registration.Participant
	RSVP          []string // the distinct statuses of its invitations
	Letter        *registration.CredentialsLetter
	First, Last   bool // first or last in protocol order
}

type delegationList struct {
	Rows        []delegationRow
	Pager       Pager
	Filter      *Form
	Kinds       []string
	RSVPs       []string
	Credentials []string
	Version     string // the order shown, which a move must start from
	Total       int    // delegations of the event, for the position field
	Back        string
	Manual      bool // some delegation is placed by hand
}

// delegationsPage is c.page for the delegations' screens, with ?done=
// naming a text of this screen ("console.delegations.done.<key>").
func (c *Console) delegationsPage(ctx echo.Context, title string) *Page {
	p := c.page(ctx, title)
	p.Nav = "delegations"
	if d := ctx.QueryParam("done"); d != "" && p.Done == "" && i18n.Has("console.delegations.done."+d) {
		p.Done = p.T("console.delegations.done." + d)
	}
	return p
}

// delegations lists an event's delegations in protocol order, filtered
// and searched, with the buttons that move each one.
func (c *Console) delegations(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	return c.renderDelegations(ctx, p, http.StatusOK)
}

func (c *Console) renderDelegations(ctx echo.Context, p *Page, status int) error {
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	d := &delegationList{Filter: NewForm(p.Lang), Kinds: invitations.Kinds,
		RSVPs:       append([]string{noneValue}, invitations.Statuses...),
		Credentials: append([]string{noneValue}, registration.CredentialsStatuses...),
		Back:        ctx.Request().URL.RequestURI()}
	if err := readDelegationFilter(ctx, d); err != nil {
		return c.renderError(ctx, err)
	}
	rows, err := c.delegationRows(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	d.Version, d.Total = orderVersion(rowIDs(rows)), len(rows)
	for _, r := range rows {
		d.Manual = d.Manual || r.ProtocolManual
	}
	shown := slices.DeleteFunc(rows, func(r delegationRow) bool { return !d.matches(r) })
	total := int64(len(shown))
	end := min(len(shown), pg.Offset+pg.Limit)
	page := []delegationRow{}
	if pg.Offset < len(shown) {
		page = shown[pg.Offset:end]
	}
	d.Rows = page
	d.Pager = NewPager(ctx, pg, len(page), total, httpx.NewList(page, total, pg).Next)
	p.Data = d
	return c.render(ctx, status, "delegations", p)
}

// readDelegationFilter reads the list's filters; a value that is not one
// of the choices is an Invalid error, a search that cannot be matched is
// marked beside its field.
func readDelegationFilter(ctx echo.Context, d *delegationList) error {
	f := d.Filter
	f.Read(ctx, "kind", "rsvp", "credentials", "q")
	var v apperr.Validator
	v.Check(f.Values["kind"] == "" || slices.Contains(d.Kinds, f.Values["kind"]), "kind", "must be one of %s",
		strings.Join(d.Kinds, ", "))
	v.Check(f.Values["rsvp"] == "" || slices.Contains(d.RSVPs, f.Values["rsvp"]), "rsvp", "must be one of %s",
		strings.Join(d.RSVPs, ", "))
	v.Check(f.Values["credentials"] == "" || slices.Contains(d.Credentials, f.Values["credentials"]), "credentials",
		"must be one of %s", strings.Join(d.Credentials, ", "))
	if f.Error("q") == "" {
		f.Values["q"] = searchText(f.Values["q"])
	}
	return v.Err()
}

// matches reports whether a row is one the filters ask for.
func (d *delegationList) matches(r delegationRow) bool {
	f := d.Filter
	if k := f.Value("kind"); k != "" && r.Kind != k {
		return false
	}
	if s := f.Value("rsvp"); s == noneValue && len(r.RSVP) > 0 || s != "" && s != noneValue && !slices.Contains(r.RSVP, s) {
		return false
	}
	if s := f.Value("credentials"); s == noneValue && r.Letter != nil ||
		s != "" && s != noneValue && (r.Letter == nil || r.Letter.Status != s) {
		return false
	}
	q := f.Value("q")
	if q == "" || f.Error("q") != "" {
		return true
	}
	want := names.Fold(q)
	texts := []string{r.Country, r.FocalPoint.Name, r.FocalPoint.Email}
	for _, n := range r.Names {
		texts = append(texts, n)
	}
	if r.Head != nil {
		texts = append(texts, r.Head.GivenNames+" "+r.Head.FamilyName, r.Head.NativeName)
	}
	return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(names.Fold(s), want) })
}

// delegationRows reads every delegation of an event in protocol order with
// its invitations' quotas and statuses, its active members, its head and
// its current credentials letter.
func (c *Console) delegationRows(rctx context.Context, eventID string) ([]delegationRow, error) {
	var (
		dels    []invitations.Delegation
		invs    []invitations.Invitation
		tallies map[string]registration.Tally
		heads   []registration.Participant
		letters map[string]registration.CredentialsLetter
	)
	g, gctx := errgroup.WithContext(rctx)
	g.Go(func() (err error) {
		dels, _, err = c.Invitations.Delegations(gctx, invitations.DelegationFilter{EventID: eventID})
		return err
	})
	g.Go(func() (err error) {
		invs, _, err = c.Invitations.Invitations(gctx, invitations.InvitationFilter{EventID: eventID})
		return err
	})
	g.Go(func() (err error) { tallies, err = c.Registration.Store().Tallies(gctx, eventID); return err })
	g.Go(func() (err error) {
		heads, _, _, err = c.Registration.Store().FindParticipants(gctx,
			registration.ParticipantFilter{EventID: eventID, Role: registration.Head})
		return err
	})
	g.Go(func() (err error) { letters, err = c.Registration.EventCredentials(gctx, eventID); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	rows := make([]delegationRow, len(dels))
	at := make(map[string]int, len(dels))
	for i, d := range dels {
		t := tallies[d.ID]
		rows[i] = delegationRow{Delegation: d, Used: t.Nominated + t.Approved, First: i == 0, Last: i == len(dels)-1}
		if l, ok := letters[d.ID]; ok {
			rows[i].Letter = &l
		}
		at[d.ID] = i
	}
	for _, inv := range invs {
		i, ok := at[inv.DelegationID]
		if !ok {
			continue
		}
		r := &rows[i]
		if countsQuota(inv.Status) {
			r.Allowed += inv.Quota
		}
		if !slices.Contains(r.RSVP, inv.Status) {
			r.RSVP = append(r.RSVP, inv.Status)
		}
	}
	for j := range heads {
		if i, ok := at[heads[j].DelegationID]; ok && heads[j].Active() {
			rows[i].Head = &heads[j]
		}
	}
	return rows, nil
}

// countsQuota reports whether an invitation's quota is places the
// delegation may fill: not once it is withdrawn or declined.
func countsQuota(status string) bool {
	return status != invitations.Withdrawn && status != invitations.Declined
}
