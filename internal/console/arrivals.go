package console

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"accreditation/internal/registration"
)

// arrivalsRoutes are the protocol service's screen of arrivals by day.
func (c *Console) arrivalsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/arrivals", c.arrivals)
	g.GET("/events/:event_id/arrivals/export", c.arrivalsExport)
	g.POST("/events/:event_id/arrivals/settings", c.saveTravelSettings)
}

type arrivalsView struct {
	Days []registration.ArrivalDay
	Loc  string
	// Fields are what the event may ask of delegations, each with whether it does.
	Fields []travelFieldChoice
}

type travelFieldChoice struct {
	Name  string
	Asked bool
}

// arrivals lists the event's active participants by day of arrival, in the
// event's timezone, with flight, airport and hotel, for the delegations to
// be met at the airport; the export is the API's (CSV or XLSX).
func (c *Console) arrivals(ctx echo.Context) error {
	p := c.page(ctx, "console.arrivals.title")
	p.Nav = "arrivals"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	ev, days, err := c.Registration.ArrivalsByDay(rctx, p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	set, err := c.Registration.TravelSettingsOf(rctx, p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	v := arrivalsView{Days: days, Loc: ev.Timezone}
	for _, f := range registration.TravelFields {
		v.Fields = append(v.Fields, travelFieldChoice{Name: f, Asked: slices.Contains(set.Fields, f)})
	}
	if ctx.QueryParam("done") == "settings" {
		p.Done = p.T("console.arrivals.saved")
	}
	p.Data = v
	return c.render(ctx, http.StatusOK, "arrivals", p)
}

func (c *Console) arrivalsExport(ctx echo.Context) error {
	p := c.page(ctx, "console.arrivals.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	return c.Registration.DownloadArrivals(ctx, p.Event.ID)
}

// saveTravelSettings sets which travel fields the event asks of its
// delegations (the form's checked "fields").
func (c *Console) saveTravelSettings(ctx echo.Context) error {
	p := c.page(ctx, "console.arrivals.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	form, err := ctx.FormParams()
	if err != nil {
		return c.renderError(ctx, err)
	}
	if _, err := c.Registration.SetTravelSettings(ctx.Request().Context(), p.Event.ID, form["fields"]); err != nil {
		return c.renderError(ctx, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/arrivals?done=settings")
}
