package console

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/mail"
	"accreditation/internal/registration"
)

// events lists the events; with a single event it opens its dashboard.
func (c *Console) events(ctx echo.Context) error {
	evs, _, err := c.Event.Store().FindEvents(ctx.Request().Context(), httpx.Page{Limit: httpx.MaxLimit})
	if err != nil {
		return err
	}
	if len(evs) == 1 && ctx.QueryParam("all") == "" {
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+evs[0].ID)
	}
	for i := range evs {
		named(&evs[i])
	}
	p := c.page(ctx, "console.events.title")
	p.Data = evs
	return c.render(ctx, http.StatusOK, "events", p)
}

// loadEvent reads the event of a page from its :event_id; NotFound and
// Invalid are shown as pages.
func (c *Console) loadEvent(ctx echo.Context, p *Page) error {
	id, err := httpx.ID(ctx, "event_id")
	if err != nil {
		return err
	}
	ev, err := c.Event.Store().FindEventByID(ctx.Request().Context(), id)
	if err != nil {
		return err
	}
	named(&ev)
	p.Event = &ev
	return nil
}

// named makes sure an event has a name to show in every language: its
// English name when it has no translations.
func named(ev *event.Event) {
	if len(ev.Names) == 0 {
		ev.Names = event.Texts{i18n.Fallback: ev.Name}
	}
}

// Step is one stage of the funnel with the list behind it.
type Step struct {
	Key  string // catalogue key of its name
	N    int
	Link string
}

// DelegationLine is one delegation's row of the dashboard.
type DelegationLine struct {
	ID    string
	Name  event.Texts
	Tally registration.Tally
	Badge badges.Count
	Came  int
}

// CategoryLine is one category's row of the dashboard.
type CategoryLine struct {
	ID, Code string
	Name     event.Texts
	Colour   string
	Badge    badges.Count
	Came     int
}

type dashboard struct {
	Funnel      []Step
	Delegations []DelegationLine
	// DelegationPage pages the delegations' table: an event invites up to
	// a few thousand delegations, which no one reads on one page.
	DelegationPage Pager
	Categories     []CategoryLine
	Deadlines      []invitations.Invitation
	Undelivered    []mail.Item
	FailedN        int64
	QueuedN        int64
	Conflicts      []checkin.Conflict
	ConflictN      int
	Today          string
	Loc            *time.Location
}

// dashboard shows the event's funnel, by delegation and by category, with
// what needs attention: deadlines coming, mail not delivered, scan conflicts.
func (c *Console) dashboard(ctx echo.Context) error {
	p := c.page(ctx, "console.dashboard.title")
	p.Nav = "dashboard"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	d, err := c.dashboardData(ctx, p.Event)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Data = d
	return c.render(ctx, http.StatusOK, "dashboard", p)
}

func (c *Console) dashboardData(ctx echo.Context, ev *event.Event) (dashboard, error) {
	rctx := ctx.Request().Context()
	var (
		inv  invitations.Summary
		rsvp registration.Summary
		bc   badges.Counts
		arr  checkin.Arrivals
		cats []event.Category
		d    = dashboard{Loc: ev.Location()}
		sent []invitations.Invitation
	)
	g, gctx := errgroup.WithContext(rctx)
	g.Go(func() (err error) { inv, err = c.Invitations.Summary(gctx, ev.ID); return err })
	g.Go(func() (err error) { rsvp, err = c.Registration.Summary(gctx, ev.ID); return err })
	g.Go(func() (err error) { bc, err = c.Badges.Counts(gctx, ev.ID); return err })
	g.Go(func() (err error) { arr, err = c.Checkin.Arrivals(gctx, ev.ID); return err })
	g.Go(func() (err error) { cats, err = c.Event.Store().FindCategories(gctx, ev.ID); return err })
	g.Go(func() (err error) {
		sent, _, err = c.Invitations.Invitations(gctx, invitations.InvitationFilter{EventID: ev.ID, Status: invitations.Sent,
			Sort: "deadline", Page: httpx.Page{Limit: 2 * upcomingRows}})
		return err
	})
	g.Go(func() (err error) {
		d.Undelivered, d.FailedN, err = mail.NewStore(c.DB).FindItems(gctx, mail.Filter{EventID: ev.ID, Status: mail.Failed, Page: httpx.Page{Limit: 5}})
		if err == nil {
			_, d.QueuedN, err = mail.NewStore(c.DB).FindItems(gctx, mail.Filter{EventID: ev.ID, Status: mail.Queued, Page: httpx.Page{Limit: 1}})
		}
		return err
	})
	g.Go(func() (err error) { d.Conflicts, d.ConflictN, err = c.Checkin.Conflicts(gctx, ev.ID, 5, 0); return err })
	if err := g.Wait(); err != nil {
		return d, err
	}
	d.Today = arr.Today
	d.Funnel = funnel(ev.ID, inv, rsvp.Overall, bc.Total, arr.ArrivedToday)
	d.Deadlines = upcoming(sent, arr.At, upcomingRows)
	d.Delegations, d.DelegationPage = pageOf(ctx, delegationLines(rsvp, bc, arr), dashboardRows)
	d.Categories = categoryLines(cats, bc, arr)
	return d, nil
}

func funnel(eventID string, inv invitations.Summary, t registration.Tally, b badges.Count, today int) []Step {
	s := inv.ByStatus
	base := Prefix + "/events/" + eventID
	return []Step{
		{"console.funnel.invited", inv.Total - s[invitations.Withdrawn], base + "/invitations"},
		{"console.funnel.issued", s[invitations.Issued] + s[invitations.Sent] + s[invitations.Accepted] + s[invitations.Declined] + s[invitations.Expired],
			base + "/invitations?status=issued"},
		{"console.funnel.sent", s[invitations.Sent] + s[invitations.Accepted] + s[invitations.Declined], base + "/invitations?status=sent"},
		{"console.funnel.accepted", s[invitations.Accepted], base + "/invitations?status=accepted"},
		{"console.funnel.declined", s[invitations.Declined], base + "/invitations?status=declined"},
		{"console.funnel.nominated", t.Nominated + t.Approved + t.Rejected, base + "/participants?status=nominated"},
		// Approved participants, whatever became of their badge: a revoked
		// badge's holder is approved but not accredited (the categories'
		// table counts those holding an active badge).
		{"console.attendance.dash_approved", t.Approved, base + "/participants?status=approved"},
		{"console.funnel.printed", b.Printed, base + "/badges?printed=yes"},
		{"console.funnel.collected", b.Collected, base + "/badges?collected=yes"},
		{"console.funnel.today", today, base + "/badges?arrived=today"},
	}
}

// upcomingRows is how many coming deadlines the dashboard lists.
const upcomingRows = 10

// upcoming picks the invitations still awaiting an answer whose deadline
// comes first, at most n.
func upcoming(sent []invitations.Invitation, now time.Time, n int) []invitations.Invitation {
	out := make([]invitations.Invitation, 0, len(sent))
	for _, i := range sent {
		if i.RSVPDeadline.After(now) {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].RSVPDeadline.Before(out[b].RSVPDeadline) })
	return out[:min(n, len(out))]
}

// dashboardRows is how many delegations the dashboard lists at once.
const dashboardRows = 50

// pageOf cuts the page of rows that ?from= asks for (an offset) and the
// pager that leads through the rest.
func pageOf[T any](ctx echo.Context, rows []T, n int) ([]T, Pager) {
	from, err := strconv.Atoi(ctx.QueryParam("from"))
	if err != nil || from < 0 || from >= len(rows) {
		from = 0
	}
	to := min(from+n, len(rows))
	g := Pager{From: from + 1, To: to, Total: len(rows)}
	if len(rows) == 0 {
		g.From = 0
	}
	u := *ctx.Request().URL
	q := u.Query()
	q.Del("done")
	if from > 0 {
		q.Del("from")
		u.RawQuery = q.Encode()
		g.First = u.RequestURI()
	}
	if to < len(rows) {
		q.Set("from", strconv.Itoa(to))
		u.RawQuery = q.Encode()
		g.Next = u.RequestURI()
	}
	return rows[from:to], g
}

func delegationLines(rsvp registration.Summary, bc badges.Counts, arr checkin.Arrivals) []DelegationLine {
	came := arr.ByDelegation
	out := make([]DelegationLine, 0, len(rsvp.Delegations))
	for _, d := range rsvp.Delegations {
		out = append(out, DelegationLine{ID: d.DelegationID, Name: d.Name, Tally: d.Tally,
			Badge: bc.ByDelegation[d.DelegationID], Came: came[d.DelegationID]})
	}
	return out
}

func categoryLines(cats []event.Category, bc badges.Counts, arr checkin.Arrivals) []CategoryLine {
	came := arr.ByCategory
	out := make([]CategoryLine, 0, len(cats))
	for _, c := range cats {
		out = append(out, CategoryLine{ID: c.ID, Code: c.Code, Name: c.Names, Colour: c.Colour,
			Badge: bc.ByCategory[c.ID], Came: came[c.ID]})
	}
	return out
}
