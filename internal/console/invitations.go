package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// invitationsRoutes are the pages of an event's invitations: the list with
// its actions on a selection, one invitation with its letter, the form to
// create one, and the import and export of spreadsheets.
func (c *Console) invitationsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/invitations", c.invitations)
	g.POST("/events/:event_id/invitations", c.createInvitation)
	g.GET("/events/:event_id/invitations/new", c.newInvitation)
	g.POST("/events/:event_id/invitations/action", c.invitationsAction)
	g.GET("/events/:event_id/invitations/import", c.importPage)
	g.POST("/events/:event_id/invitations/import", c.importInvitations)
	g.GET("/events/:event_id/invitations/export", c.exportInvitations)
	g.GET("/invitations/:invitation_id", c.invitation)
	g.POST("/invitations/:invitation_id", c.updateInvitation)
	g.POST("/invitations/:invitation_id/rsvp-link", c.newRSVPLink)
	g.POST("/invitations/:invitation_id/:action", c.invitationAction)
	g.GET("/invitations/:invitation_id/letter.pdf", c.letterPDF)
}

// invitationActions are the actions on invitations, by the name of the
// button that asks for them.
var invitationActions = []string{"issue", "dispatch", "remind", "withdraw"}

// invitationPage is c.page for the invitations' screens: ?done= names a
// text of this screen's catalogue ("console.invitations.done.<key>").
func (c *Console) invitationPage(ctx echo.Context, title string) *Page {
	p := c.page(ctx, title)
	p.Nav = "invitations"
	d := ctx.QueryParam("done")
	key := "console.invitations.done." + d
	if p.Done != "" || d == "" || !i18n.Has(key) {
		return p
	}
	if n, err := strconv.Atoi(ctx.QueryParam("n")); err == nil && strings.Contains(i18n.T(i18n.Fallback, key), "%d") {
		p.Done = p.T(key, n)
	} else if !strings.Contains(i18n.T(i18n.Fallback, key), "%") {
		p.Done = p.T(key)
	}
	return p
}

// invitationRow is one line of the list.
type invitationRow struct {
	invitations.Invitation
	Delegation event.Texts
}

type invitationList struct {
	Rows        []invitationRow
	Pager       Pager
	Sorter      Sorter
	Delegations []invitations.Delegation
	Statuses    []string
	Languages   []string
	Filter      invitations.InvitationFilter
	Query       string // the list's query, kept by the action form
	Loc         string
	Refused     []refusal
}

// invitations lists an event's invitations, filtered, searched and sorted,
// with the actions on a selection.
func (c *Console) invitations(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.title")
	return c.renderInvitations(ctx, p, http.StatusOK)
}

func (c *Console) renderInvitations(ctx echo.Context, p *Page, status int) error {
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	f, err := invitationFilter(ctx, p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	sorter := NewSorter(ctx, "delegation", invitations.InvitationSorts...)
	f.Sort, f.Page = sorter.Param(), pg
	rctx := ctx.Request().Context()
	items, total, err := c.Invitations.Invitations(rctx, f)
	if err != nil {
		return c.renderError(ctx, err)
	}
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID})
	if err != nil {
		return c.renderError(ctx, err)
	}
	names := map[string]event.Texts{}
	for _, d := range dels {
		names[d.ID] = d.Names
	}
	d := invitationList{Pager: NewPager(ctx, pg, len(items), total, httpx.NewList(items, total, pg).Next),
		Sorter: sorter, Delegations: dels, Statuses: invitations.Statuses, Languages: p.Event.Languages,
		Filter: f, Query: listQuery(ctx), Loc: p.Event.Timezone}
	if prev, ok := p.Data.([]refusal); ok {
		d.Refused = prev
	}
	for _, inv := range items {
		d.Rows = append(d.Rows, invitationRow{Invitation: inv, Delegation: names[inv.DelegationID]})
	}
	p.Data = d
	return c.render(ctx, status, "invitations", p)
}

// invitationFilter reads the list's filters; it returns Invalid for a value
// that is not one of the choices.
func invitationFilter(ctx echo.Context, eventID string) (invitations.InvitationFilter, error) {
	f := invitations.InvitationFilter{EventID: eventID, Status: ctx.QueryParam("status"),
		DelegationID: ctx.QueryParam("delegation_id"), Language: ctx.QueryParam("language"),
		Q: searchText(ctx.QueryParam("q"))}
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(invitations.Statuses, f.Status), "status", "must be one of %s",
		strings.Join(invitations.Statuses, ", "))
	v.Check(f.DelegationID == "" || httpx.IsUUID(f.DelegationID), "delegation_id", "must be a UUID")
	v.Check(f.Language == "" || event.IsLanguage(f.Language), "language", "must be one of %s",
		strings.Join(event.Languages, ", "))
	return f, v.Err()
}

// searchText is what a search box's text can be matched as: valid UTF-8
// without NUL bytes (which no database column holds), trimmed.
func searchText(q string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(q, ""), "\x00", ""))
}

// listQuery is the list's filters, sort and page as a query string, for
// the action form to come back to the same view.
func listQuery(ctx echo.Context) string {
	q := url.Values{}
	for _, k := range []string{"status", "delegation_id", "language", "q", "sort", "cursor"} {
		if v := ctx.QueryParam(k); v != "" {
			q.Set(k, strings.ToValidUTF8(v, ""))
		}
	}
	return q.Encode()
}

// refusal is one invitation an action could not be done on, and why.
type refusal struct {
	ID, Name, Reason string
}

// invitationsAction runs an action (the button pressed) on each invitation
// ticked in the list: one refused never stops the others; withdrawing asks
// first. All done, it goes back to the list saying how many; otherwise the
// list says which were refused and why.
func (c *Console) invitationsAction(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	action := ctx.FormValue("action")
	if !slices.Contains(invitationActions, action) {
		return c.renderError(ctx, apperr.Fields(apperr.Field("action", "must be one of %s", strings.Join(invitationActions, ", "))))
	}
	form, _ := ctx.FormParams()
	ids := form["ids"]
	if len(ids) == 0 {
		p.Problem = p.T("console.invitations.select_one")
		return c.renderInvitations(ctx, p, http.StatusBadRequest)
	}
	if action == "withdraw" {
		if ok, err := c.confirmed(ctx, p, p.T("console.invitations.confirm_withdraw_n", len(ids))); !ok {
			return err
		}
	}
	done, refused, err := c.actOnEach(ctx.Request().Context(), p, action, ids)
	if err != nil {
		return err
	}
	back := Prefix + "/events/" + p.Event.ID + "/invitations"
	q := listQuery(ctx)
	if len(refused) == 0 {
		return ctx.Redirect(http.StatusSeeOther, back+"?"+joinQuery(q, "done="+c.doneKey(action)+"&n="+strconv.Itoa(done)))
	}
	p.Done = p.T("console.invitations.done."+c.doneKey(action), done)
	p.Problem = p.T("console.invitations.refused_n", len(refused))
	p.Data = refused
	return c.renderInvitations(ctx, p, http.StatusConflict)
}

func joinQuery(a, b string) string {
	if a == "" {
		return b
	}
	return a + "&" + b
}

// doneKey names the confirmation of an action; mail queued while no mail
// server is configured is said to stay queued, not to be sent.
func (c *Console) doneKey(action string) string {
	if (action == "dispatch" || action == "remind") && !c.MailEnabled {
		return action + "_queued"
	}
	return action
}

// actOnEach runs action on every invitation of ids that belongs to the page's
// event, counting those done and listing those refused with the reason.
// Only an internal error stops it.
func (c *Console) actOnEach(ctx context.Context, p *Page, action string, ids []string) (int, []refusal, error) {
	done := 0
	var refused []refusal
	for _, id := range ids {
		r := refusal{ID: id, Name: id}
		inv, err := c.eventInvitation(ctx, p.Event.ID, id)
		if err == nil {
			r.Name = inviteeName(inv.Invitee)
			err = c.act(ctx, action, id)
		}
		if err != nil {
			reason, ok := c.reason(p, err)
			if !ok {
				return done, refused, err
			}
			r.Reason = reason
			refused = append(refused, r)
			continue
		}
		done++
	}
	return done, refused, nil
}

// eventInvitation reads an invitation of an event; another event's is
// NotFound as an unknown one is.
func (c *Console) eventInvitation(ctx context.Context, eventID, id string) (invitations.Invitation, error) {
	if !httpx.IsUUID(id) {
		return invitations.Invitation{}, apperr.NotFoundf("invitation %s", id)
	}
	inv, err := c.Invitations.Invitation(ctx, id)
	if err == nil && inv.EventID != eventID {
		return inv, apperr.NotFoundf("invitation %s", id)
	}
	return inv, err
}

var errRemindedBefore = apperr.Conflictf("a reminder was sent for this invitation before; each gets one")

// act runs one action on one invitation through the services.
func (c *Console) act(ctx context.Context, action, id string) error {
	switch action {
	case "issue":
		_, err := c.Invitations.Issue(ctx, id)
		return err
	case "dispatch":
		_, _, err := c.Letters.Dispatch(ctx, id)
		return err
	case "remind":
		created, err := c.Letters.RemindInvitation(ctx, id)
		if err == nil && !created {
			return errRemindedBefore
		}
		return err
	case "withdraw":
		_, err := c.Invitations.Withdraw(ctx, id)
		return err
	}
	return apperr.Fields(apperr.Field("action", "is not an action"))
}

// reason is the text of a refusal in the page's language, and false when
// err is not a refusal (an internal error).
func (c *Console) reason(p *Page, err error) (string, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return "", false
	}
	switch {
	case errors.Is(err, errRemindedBefore):
		return p.T("console.invitations.refused.reminded"), true
	case ae.Kind == apperr.NotFound:
		return p.T("console.invitations.refused.not_found"), true
	}
	if st, ok := ae.Extra["current_status"].(string); ok {
		msg := p.T("console.invitations.refused.status", p.T("console.invitations.status."+st))
		if p.Lang == i18n.Fallback {
			msg += " (" + ae.Detail + ")"
		}
		return msg, true
	}
	return ae.Detail, true
}

// inviteeName is the invitee's name in Latin letters as the letter prints it.
func inviteeName(v invitations.Invitee) string {
	return strings.Join(strings.Fields(v.Honorific+" "+v.GivenNames+" "+v.FamilyName), " ")
}
