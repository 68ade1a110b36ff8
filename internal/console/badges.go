package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// badgesRoutes are the pages of an event's badges: the list with its
// actions on a selection, and one badge with its image, holder and history.
func (c *Console) badgesRoutes(g *echo.Group) {
	g.GET("/events/:event_id/badges", c.badgeList)
	g.POST("/events/:event_id/badges/action", c.badgesAction)
	g.GET("/badges/:badge_id", c.badgePage)
	g.GET("/badges/:badge_id/badge.pdf", c.badgePDF)
	g.POST("/badges/:badge_id/:action", c.badgeAction)
}

// badgeActions are the actions on badges, by the name of the button that
// asks for them; reprint and revoke take a reason.
var badgeActions = []string{"collect", "reprint", "revoke"}

// badgesPage is c.page for the badges' and prints' screens: ?done= names a
// text of this screen's catalogue ("console.badges.done.<key>").
func (c *Console) badgesPage(ctx echo.Context, title, nav string) *Page {
	p := c.page(ctx, title)
	p.Nav = nav
	key := "console.badges.done." + ctx.QueryParam("done")
	if p.Done != "" || !i18n.Has(key) {
		return p
	}
	n, err := strconv.Atoi(ctx.QueryParam("n"))
	switch hasN := strings.Contains(i18n.T(i18n.Fallback, key), "%d"); {
	case hasN && err == nil:
		p.Done = p.T(key, n)
	case !hasN:
		p.Done = p.T(key)
	}
	return p
}

// badgeRefusal is one badge an action could not be done on, and why.
type badgeRefusal struct {
	ID, Name, Reason string
	Number, Version  int
}

type badgeList struct {
	Lines       []badges.Line
	Pager       Pager
	Sorter      Sorter
	Delegations []invitations.Delegation
	Categories  []event.Category
	Statuses    []string
	Filter      url.Values // the list's filters as asked, to show them again
	Query       string     // the list's query, kept by the action form
	Refused     []badgeRefusal
}

// badgeFilterKeys are the query parameters of the list's filters.
var badgeFilterKeys = []string{"q", "status", "delegation_id", "category_id", "printed", "collected", "arrived", "sort", "cursor"}

// badgeList lists an event's badges, filtered, searched and sorted, with
// the actions on a selection.
func (c *Console) badgeList(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.title", "badges")
	return c.renderBadges(ctx, p, http.StatusOK)
}

func (c *Console) renderBadges(ctx echo.Context, p *Page, status int) error {
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	f, err := badgeFilter(ctx, p.Event, c.Now())
	if err != nil {
		return c.renderError(ctx, err)
	}
	sorter := NewSorter(ctx, "number", badges.BadgeSorts...)
	f.Sort, f.Page = sorter.Param(), pg
	rctx := ctx.Request().Context()
	lines, total, err := c.Badges.Badges(rctx, f)
	if err != nil {
		return c.renderError(ctx, err)
	}
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID})
	if err != nil {
		return err
	}
	cats, err := c.Event.Store().FindCategories(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	d := badgeList{Lines: lines, Pager: NewPager(ctx, pg, len(lines), total, httpx.NewList(lines, total, pg).Next),
		Sorter: sorter, Delegations: dels, Categories: cats, Statuses: append([]string{"all"}, badges.ListStatuses...),
		Filter: url.Values{}, Query: badgeListQuery(ctx)}
	for _, k := range badgeFilterKeys {
		d.Filter.Set(k, searchBox(ctx.QueryParam(k)))
	}
	if d.Filter.Get("status") == "" {
		d.Filter.Set("status", badges.Current)
	}
	if prev, ok := p.Data.([]badgeRefusal); ok {
		d.Refused = prev
	}
	p.Data = d
	return c.render(ctx, status, "badges", p)
}

// badgeFilter reads the list's filters: by default the current version of
// each badge (status=all shows every version); arrived=today keeps the
// badges whose holder was let in today, in the event's timezone. It returns
// Invalid for a value that is not one of the choices.
func badgeFilter(ctx echo.Context, ev *event.Event, now time.Time) (badges.BadgeFilter, error) {
	f := badges.BadgeFilter{EventID: ev.ID, Status: ctx.QueryParam("status"), Query: searchBox(ctx.QueryParam("q")),
		DelegationID: ctx.QueryParam("delegation_id"), CategoryID: ctx.QueryParam("category_id")}
	switch f.Status {
	case "":
		f.Status = badges.Current
	case "all":
		f.Status = ""
	}
	var v apperr.Validator
	for name, dst := range map[string]**bool{"printed": &f.Printed, "collected": &f.Collected} {
		switch ctx.QueryParam(name) {
		case "":
		case "yes":
			*dst = new(bool)
			**dst = true
		case "no":
			*dst = new(bool)
		default:
			v.Add(name, "must be yes or no")
		}
	}
	switch ctx.QueryParam("arrived") {
	case "":
	case "today":
		// Today is the day in the event's timezone by the console's clock.
		f.ArrivedOn = now.In(ev.Location()).Format(time.DateOnly)
	default:
		v.Add("arrived", "must be today")
	}
	return f, v.Err()
}

// searchBox is what a search box's text can be matched as: valid UTF-8
// without NUL bytes (which no database column holds), trimmed.
func searchBox(q string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(q, ""), "\x00", ""))
}

// badgeListQuery is the list's filters, sort and page as a query string, for
// the action form to come back to the same view.
func badgeListQuery(ctx echo.Context) string {
	q := url.Values{}
	for _, k := range badgeFilterKeys {
		if v := searchBox(ctx.QueryParam(k)); v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// badgesAction runs an action (the button pressed) on each badge ticked in
// the list: one refused never stops the others; revoking asks first; a
// reprint or a revocation needs a reason, checked before anything is done.
func (c *Console) badgesAction(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.title", "badges")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	action := ctx.FormValue("action")
	if !slices.Contains(badgeActions, action) {
		return c.renderError(ctx, apperr.Fields(apperr.Field("action", "must be one of %s", strings.Join(badgeActions, ", "))))
	}
	f := NewForm(p.Lang)
	f.Read(ctx, "reason")
	p.Form = f
	form, _ := ctx.FormParams()
	ids := form["ids"]
	if len(ids) == 0 {
		p.Problem = p.T("console.badges.select_one")
		return c.renderBadges(ctx, p, http.StatusBadRequest)
	}
	reason, ok := c.badgeReason(p, f, action)
	if !ok {
		return c.renderBadges(ctx, p, http.StatusBadRequest)
	}
	if action == "revoke" {
		if ok, err := c.confirmed(ctx, p, p.T("console.badges.confirm_revoke_n", len(ids))); !ok {
			return err
		}
	}
	done, refused, err := c.actOnBadges(ctx.Request().Context(), p, action, reason, ids)
	if err != nil {
		return err
	}
	if len(refused) == 0 {
		back := Prefix + "/events/" + p.Event.ID + "/badges?"
		if q := badgeListQuery(ctx); q != "" {
			back += q + "&"
		}
		return ctx.Redirect(http.StatusSeeOther, back+"done="+action+"_n&n="+strconv.Itoa(done))
	}
	p.Form = NewForm(p.Lang)
	p.Done = p.T("console.badges.done."+action+"_n", done)
	p.Problem = p.T("console.badges.refused_n", len(refused))
	p.Data = refused
	return c.renderBadges(ctx, p, http.StatusConflict)
}

// badgeReason checks the reason of a reprint or a revocation with the
// badge service's rule; on a refusal it marks the field and the page.
func (c *Console) badgeReason(p *Page, f *Form, action string) (string, bool) {
	if action == "collect" {
		return "", true
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return "", false
	}
	reason, err := badges.CheckReason(f.Value("reason"))
	if err != nil {
		p.Problem = f.Refuse(err)
		return "", false
	}
	return reason, true
}

// actOnBadges runs action on every badge of ids that belongs to the page's
// event, counting those done and listing those refused with the reason.
// Only an internal error stops it.
func (c *Console) actOnBadges(ctx context.Context, p *Page, action, reason string, ids []string) (int, []badgeRefusal, error) {
	done := 0
	var refused []badgeRefusal
	for _, id := range ids {
		r := badgeRefusal{ID: id, Name: id}
		l, err := c.eventBadge(ctx, p.Event.ID, id)
		if err == nil {
			r.Name, r.Number, r.Version = l.Name(), l.Number, l.Version
			err = c.actOnBadge(ctx, action, id, reason)
		}
		if err != nil {
			why, ok := badgeRefusalText(p, err)
			if !ok {
				return done, refused, err
			}
			r.Reason = why
			refused = append(refused, r)
			continue
		}
		done++
	}
	return done, refused, nil
}

// eventBadge reads a badge of an event; another event's is NotFound as an
// unknown one is.
func (c *Console) eventBadge(ctx context.Context, eventID, id string) (badges.Line, error) {
	if !httpx.IsUUID(id) {
		return badges.Line{}, apperr.NotFoundf("no such badge")
	}
	l, err := c.Badges.Line(ctx, id)
	if err == nil && l.EventID != eventID {
		return l, apperr.NotFoundf("no such badge")
	}
	return l, err
}

// actOnBadge runs one action on one badge through the badge service.
func (c *Console) actOnBadge(ctx context.Context, action, id, reason string) error {
	var err error
	switch action {
	case "collect":
		_, err = c.Badges.Collected(ctx, id)
	case "reprint":
		_, err = c.Badges.Reprint(ctx, id, reason)
	case "revoke":
		_, err = c.Badges.Revoke(ctx, id, reason)
	default:
		err = apperr.Fields(apperr.Field("action", "is not an action"))
	}
	return err
}

// badgeRefusalText is the text of a refusal in the page's language, and
// false when err is not a refusal (an internal error).
func badgeRefusalText(p *Page, err error) (string, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return "", false
	}
	if ae.Kind == apperr.NotFound {
		return p.T("console.badges.refused.not_found"), true
	}
	if st, ok := ae.Extra["current_status"].(string); ok {
		msg := p.T("console.badges.refused.status", p.T("console.badges.status."+st))
		if p.Lang == i18n.Fallback {
			msg += " (" + ae.Detail + ")"
		}
		return msg, true
	}
	return ae.Detail, true
}
