package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/registration"
)

// protocolRoutes is the screen of who comes to the protocol events and
// cultural programmes, for the protocol service.
func (c *Console) protocolRoutes(g *echo.Group) {
	g.GET("/events/:event_id/protocol", c.protocol)
	g.POST("/events/:event_id/protocol/:session_id/register", c.protocolRegister)
	g.POST("/events/:event_id/protocol/:session_id/remove", c.protocolRemove)
}

type protocolSession struct {
	registration.SessionAttendees
	Places string
	// Form is the registration form of this session: shown again with its
	// message when it was this one that was refused.
	Form *Form
}

// protocolView is the screen's data: the sessions, and which one's form
// was refused.
type protocolView struct {
	Sessions []protocolSession
	Refused  string // session id
}

// protocol lists each protocol event and cultural programme with its
// places and the members registered, by delegation in protocol order.
func (c *Console) protocol(ctx echo.Context) error {
	p := c.page(ctx, "console.protocol.title")
	p.Nav = "protocol"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	if d := ctx.QueryParam("done"); d == "registered" || d == "removed" {
		p.Done = p.T("console.protocol.done_" + d)
	}
	return c.renderProtocol(ctx, p, http.StatusOK, "", nil)
}

// renderProtocol shows the screen; refused (a session id) with f shows that
// session's form again with its message.
func (c *Console) renderProtocol(ctx echo.Context, p *Page, status int, refused string, f *Form) error {
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
		form := NewForm(p.Lang)
		if sp.Session.ID == refused {
			form = f
		}
		out = append(out, protocolSession{SessionAttendees: a, Places: places, Form: form})
	}
	p.Data = protocolView{Sessions: out, Refused: refused}
	return c.render(ctx, status, "protocol", p)
}

// protocolRegister registers for a session the holder of the one badge that
// the form's text finds (a badge number or part of a name), invited or not;
// the capacity holds. A text that finds no badge or several, a full session
// or someone already registered is said beside the form.
func (c *Console) protocolRegister(ctx echo.Context) error {
	p, sessionID, f, err := c.protocolForm(ctx, "who")
	if err != nil {
		return err
	}
	who := strings.TrimSpace(f.Value("who"))
	if f.OK() && who == "" {
		f.Errors["who"] = p.T("console.protocol.err.who")
	}
	if !f.OK() {
		return c.renderProtocol(ctx, p, http.StatusBadRequest, sessionID, f)
	}
	rctx := ctx.Request().Context()
	lines, total, err := c.Badges.Badges(rctx, badges.BadgeFilter{EventID: p.Event.ID, Status: badges.Active, Query: who,
		Page: httpx.Page{Limit: 2}})
	if err != nil {
		return c.renderError(ctx, err)
	}
	if total != 1 {
		f.Errors["who"] = p.T("console.protocol.err.matches", total)
		return c.renderProtocol(ctx, p, http.StatusBadRequest, sessionID, f)
	}
	if _, err := c.Registration.RegisterParticipant(rctx, p.Event.ID, sessionID, lines[0].ParticipantID); err != nil {
		return c.protocolRefused(ctx, p, sessionID, f, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/protocol?done=registered")
}

// protocolRemove gives back a registered participant's place.
func (c *Console) protocolRemove(ctx echo.Context) error {
	p, sessionID, f, err := c.protocolForm(ctx, "participant_id")
	if err != nil {
		return err
	}
	id := f.Value("participant_id")
	if !httpx.IsUUID(id) {
		return c.renderError(ctx, apperr.NotFoundf("no such participant"))
	}
	if err := c.Registration.UnregisterParticipant(ctx.Request().Context(), p.Event.ID, sessionID, id); err != nil {
		return c.protocolRefused(ctx, p, sessionID, f, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/protocol?done=removed")
}

// protocolForm reads a form of the screen: the page, its session's id and
// the fields. err is an answer already given (an unknown event or session).
func (c *Console) protocolForm(ctx echo.Context, fields ...string) (*Page, string, *Form, error) {
	p := c.page(ctx, "console.protocol.title")
	p.Nav = "protocol"
	if err := c.loadEvent(ctx, p); err != nil {
		return nil, "", nil, c.renderError(ctx, err)
	}
	id, err := httpx.ID(ctx, "session_id")
	if err != nil {
		return nil, "", nil, c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	f.Read(ctx, fields...)
	return p, id, f, nil
}

// protocolRefused says beside the session's form why the service refused.
func (c *Console) protocolRefused(ctx echo.Context, p *Page, sessionID string, f *Form, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	switch {
	case ae.Kind == apperr.NotFound:
		return c.renderError(ctx, err)
	case ae.Type == "session-full":
		f.Errors["who"] = p.T("console.protocol.err.full")
	case ae.Type == "already-registered":
		f.Errors["who"] = p.T("console.protocol.err.already")
	default:
		f.Errors["who"] = p.T("console.protocol.err.other")
		if p.Lang == i18n.Fallback && ae.Detail != "" {
			f.Errors["who"] = ae.Detail
		}
	}
	p.Problem = p.T("console.err.fix")
	return c.renderProtocol(ctx, p, httpx.StatusOf(err), sessionID, f)
}
