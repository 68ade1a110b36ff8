package console

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"accreditation/internal/apperr"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

// attendanceRoutes are the live attendance screen, the figures its script
// polls, and its exports.
func (c *Console) attendanceRoutes(g *echo.Group) {
	g.GET("/events/:event_id/attendance", c.attendance)
	g.GET("/events/:event_id/attendance/data", c.attendanceData)
	g.GET("/events/:event_id/attendance/export", c.attendanceExport)
}

// ZoneLine is one zone and how many people are inside it now.
type ZoneLine struct {
	ID, Code string
	Name     event.Texts
	Inside   int
}

// FlowLine is one checkpoint's entries, exits and refusals of the day.
type FlowLine struct {
	checkin.CheckpointFlow
	Zone event.Texts
}

// GroupLine is one delegation's or category's accredited, arrived and
// inside-now counts.
type GroupLine struct {
	ID, Colour string
	Name       event.Texts
	checkin.DelegationCount
}

type attendanceView struct {
	Live           checkin.Live
	Step           int
	Zones          []ZoneLine
	Checkpoints    []FlowLine
	Delegations    []GroupLine
	DelegationPage Pager
	Categories     []GroupLine
	Chart          Chart
	// Query is the page's own query (day, step, from), for the script's
	// figures and the exports.
	Query string
}

// attendance shows who is inside each zone now, by checkpoint, delegation
// and category, and the day's entries and exits; its script keeps the
// figures current, and without it a reload does.
func (c *Console) attendance(ctx echo.Context) error {
	p := c.page(ctx, "console.attendance.title")
	p.Nav = "attendance"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	v, err := c.attendanceViewOf(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Data = v
	return c.render(ctx, http.StatusOK, "attendance", p)
}

// attendanceStep reads ?step= (minutes of a bar of the chart).
func attendanceStep(ctx echo.Context) (int, error) {
	s := ctx.QueryParam("step")
	if s == "" {
		return checkin.StepHour, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || (n != checkin.StepQuarter && n != checkin.StepHour) {
		return 0, apperr.Fields(apperr.Field("step", "must be 15 or 60 (minutes)"))
	}
	return n, nil
}

func (c *Console) attendanceViewOf(ctx echo.Context, p *Page) (attendanceView, error) {
	step, err := attendanceStep(ctx)
	if err != nil {
		return attendanceView{}, err
	}
	rctx := ctx.Request().Context()
	v := attendanceView{Step: step}
	var lists attendanceLists
	// Every screen of the event shares the figures and the lists computed
	// once a tick on this server, so that watching screens never load the
	// database that the doors write to.
	g, gctx := errgroup.WithContext(rctx)
	g.Go(func() (err error) {
		v.Live, err = c.Checkin.SharedLive(gctx, p.Event.ID, ctx.QueryParam("day"), step)
		return err
	})
	g.Go(func() (err error) {
		lists, err = c.attendanceLists.Get(gctx, p.Event.ID, checkin.LiveInterval, func(ctx context.Context) (attendanceLists, error) {
			return c.loadAttendanceLists(ctx, p.Event.ID)
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return v, err
	}
	zones, cps, cats, dels := lists.zones, lists.checkpoints, lists.categories, lists.delegations
	v.Zones = zoneLines(zones, v.Live.Zones)
	v.Checkpoints = flowLines(v.Live.Checkpoints, cps, zones)
	v.Categories = categoryGroups(cats, v.Live.Categories)
	v.Delegations, v.DelegationPage = pageOf(ctx, delegationGroups(dels, v.Live.Delegations), dashboardRows)
	v.Chart = newChart(v.Live.Timeline, p.Dir == "rtl")
	q := ctx.Request().URL.Query()
	v.Query = queryOf("day", v.Live.Day, "step", strconv.Itoa(step), "from", q.Get("from"))
	return v, nil
}

// attendanceLists are the event's zones, checkpoints, categories and
// delegations that the attendance screen names its figures with.
type attendanceLists struct {
	zones       []event.Zone
	checkpoints []event.Checkpoint
	categories  []event.Category
	delegations []invitations.Delegation
}

func (c *Console) loadAttendanceLists(ctx context.Context, eventID string) (attendanceLists, error) {
	var l attendanceLists
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { l.zones, err = c.Event.Store().FindZones(gctx, eventID); return err })
	g.Go(func() (err error) { l.checkpoints, err = c.Event.Store().FindCheckpoints(gctx, eventID); return err })
	g.Go(func() (err error) { l.categories, err = c.Event.Store().FindCategories(gctx, eventID); return err })
	g.Go(func() (err error) {
		l.delegations, _, err = c.Invitations.Store().FindDelegations(gctx, invitations.DelegationFilter{EventID: eventID})
		return err
	})
	return l, g.Wait()
}

func zoneLines(zones []event.Zone, counts []checkin.ZoneCount) []ZoneLine {
	inside := map[string]int{}
	for _, z := range counts {
		inside[z.ZoneID] = z.InsideNow
	}
	out := make([]ZoneLine, 0, len(zones))
	for _, z := range zones {
		out = append(out, ZoneLine{ID: z.ID, Code: z.Code, Name: z.Names, Inside: inside[z.ID]})
	}
	return out
}

func flowLines(flows []checkin.CheckpointFlow, cps []event.Checkpoint, zones []event.Zone) []FlowLine {
	zoneNames := map[string]event.Texts{}
	for _, z := range zones {
		zoneNames[z.ID] = z.Names
	}
	out := make([]FlowLine, 0, len(flows))
	for _, f := range flows {
		out = append(out, FlowLine{CheckpointFlow: f, Zone: zoneNames[f.ZoneID]})
	}
	return out
}

func categoryGroups(cats []event.Category, counts []checkin.CategoryCount) []GroupLine {
	by := map[string]checkin.CategoryCount{}
	for _, c := range counts {
		by[c.CategoryID] = c
	}
	out := make([]GroupLine, 0, len(cats))
	for _, cat := range cats {
		n := by[cat.ID]
		out = append(out, GroupLine{ID: cat.ID, Colour: cat.Colour, Name: cat.Names,
			DelegationCount: checkin.DelegationCount{Accredited: n.Accredited, Arrived: n.Arrived, InsideNow: n.InsideNow}})
	}
	return out
}

func delegationGroups(dels []invitations.Delegation, counts []checkin.DelegationCount) []GroupLine {
	names := map[string]event.Texts{}
	for _, d := range dels {
		names[d.ID] = d.Names
	}
	out := make([]GroupLine, 0, len(counts))
	for _, d := range counts {
		n := names[d.DelegationID]
		if len(n) == 0 {
			n = event.Texts{"en": d.Name}
		}
		out = append(out, GroupLine{ID: d.DelegationID, Name: n, DelegationCount: d})
	}
	return out
}

// attendanceData is what the screen's script polls: every figure of the
// page, at most checkin.LiveInterval old, by the key the page marks it with.
func (c *Console) attendanceData(ctx echo.Context) error {
	p := c.page(ctx, "console.attendance.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return err
	}
	v, err := c.attendanceViewOf(ctx, p)
	if err != nil {
		return err
	}
	return httpx.JSON(ctx, http.StatusOK, liveFigures(p, v))
}

// attendanceExport downloads the attendance report as CSV or XLSX.
func (c *Console) attendanceExport(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "event_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	format, err := httpx.ExportFormat(ctx, "csv")
	if err != nil {
		return c.renderError(ctx, err)
	}
	a, err := c.Checkin.Attendance(ctx.Request().Context(), id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	lang, err := httpx.ExportLanguage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	return a.Download(ctx, format, lang)
}
