package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/registration"
)

// arrivalsRoutes are the protocol service's screen of arrivals by day.
func (c *Console) arrivalsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/arrivals", c.arrivals)
	g.GET("/events/:event_id/arrivals/export", c.arrivalsExport)
}

type arrivalsView struct {
	Days []registration.ArrivalDay
	Loc  string
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
	ev, days, err := c.Registration.ArrivalsByDay(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Data = arrivalsView{Days: days, Loc: ev.Timezone}
	return c.render(ctx, http.StatusOK, "arrivals", p)
}

func (c *Console) arrivalsExport(ctx echo.Context) error {
	p := c.page(ctx, "console.arrivals.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	return c.Registration.DownloadArrivals(ctx, p.Event.ID)
}
