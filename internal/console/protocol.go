package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/registration"
)

// protocolRoutes is the screen of who comes to the protocol events and
// cultural programmes, for the protocol service.
func (c *Console) protocolRoutes(g *echo.Group) {
	g.GET("/events/:event_id/protocol", c.protocol)
}

type protocolSession struct {
	registration.SessionAttendees
	Places string
}

// protocol lists each protocol event and cultural programme with its
// places and the members registered, by delegation in protocol order.
func (c *Console) protocol(ctx echo.Context) error {
	p := c.page(ctx, "console.protocol.title")
	p.Nav = "protocol"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	places, err := c.Registration.ProtocolSessions(rctx, p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	out := []protocolSession{}
	for _, sp := range places {
		a, err := c.Registration.Attendees(rctx, p.Event.ID, sp.Session.ID)
		if err != nil {
			return c.renderError(ctx, err)
		}
		places := p.T("console.protocol.registered", a.Registered)
		if cp := a.Session.Capacity; cp != nil {
			places = p.T("console.protocol.places", a.Registered, *cp)
		}
		out = append(out, protocolSession{SessionAttendees: a, Places: places})
	}
	p.Data = out
	return c.render(ctx, http.StatusOK, "protocol", p)
}
