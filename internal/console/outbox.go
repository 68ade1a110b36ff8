package console

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/mail"
)

// outboxRoutes are the pages of an event's outbox: the messages with their
// delivery state, and retrying those that failed.
func (c *Console) outboxRoutes(g *echo.Group) {
	g.GET("/events/:event_id/outbox", c.outbox)
	g.POST("/events/:event_id/outbox/retry", c.retryMail)
}

// outboxStatuses are the states a message can be listed by.
var outboxStatuses = []string{mail.Queued, mail.Sending, mail.Sent, mail.Failed}

type outboxList struct {
	Items    []mail.Item
	Pager    Pager
	Statuses []string
	Status   string
	Query    string
	Loc      string
	Refused  []refusal
}

func (c *Console) outboxPage(ctx echo.Context) *Page {
	p := c.invitationPage(ctx, "console.invitations.outbox.title")
	p.Nav = "outbox"
	return p
}

// outbox lists an event's messages, newest first, by state.
func (c *Console) outbox(ctx echo.Context) error {
	return c.renderOutbox(ctx, c.outboxPage(ctx), http.StatusOK)
}

func (c *Console) renderOutbox(ctx echo.Context, p *Page, status int) error {
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	st := ctx.QueryParam("status")
	if st != "" && !slices.Contains(outboxStatuses, st) {
		return c.renderError(ctx, apperr.Fields(apperr.Field("status", "must be queued, sending, sent or failed")))
	}
	items, total, err := mail.NewStore(c.DB).FindItems(ctx.Request().Context(), mail.Filter{EventID: p.Event.ID, Status: st, Page: pg})
	if err != nil {
		return err
	}
	d := outboxList{Items: items, Pager: NewPager(ctx, pg, len(items), total, httpx.NewList(items, total, pg).Next),
		Statuses: outboxStatuses, Status: st, Loc: p.Event.Timezone}
	if st != "" {
		d.Query = "status=" + st
	}
	if prev, ok := p.Data.([]refusal); ok {
		d.Refused = prev
	}
	p.Data = d
	return c.render(ctx, status, "outbox", p)
}

// retryMail puts failed messages back in the queue: the one whose button
// was pressed, or every one ticked.
func (c *Console) retryMail(ctx echo.Context) error {
	p := c.outboxPage(ctx)
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	form, _ := ctx.FormParams()
	ids := form["ids"]
	if one := ctx.FormValue("one"); one != "" {
		ids = []string{one}
	}
	if len(ids) == 0 {
		p.Problem = p.T("console.invitations.outbox.select_one")
		return c.renderOutbox(ctx, p, http.StatusBadRequest)
	}
	rctx := ctx.Request().Context()
	done := 0
	var refused []refusal
	for _, id := range ids {
		r := refusal{ID: id, Name: id}
		var err error = apperr.NotFoundf("no outbox item %s", id)
		if httpx.IsUUID(id) {
			var it mail.Item
			it, err = mail.NewStore(c.DB).FindItem(rctx, id)
			if err == nil && (it.EventID == nil || *it.EventID != p.Event.ID) {
				err = apperr.NotFoundf("no outbox item %s", id)
			}
			if err == nil {
				r.Name = it.Recipient
				_, err = mail.Requeue(rctx, c.DB, id)
			}
		}
		if err != nil {
			if !retryRefusal(p, err, &r) {
				return err
			}
			refused = append(refused, r)
			continue
		}
		done++
	}
	if done > 0 && c.NotifyMail != nil {
		c.NotifyMail()
	}
	key := "retried"
	if !c.MailEnabled {
		key = "retried_queued"
	}
	back := Prefix + "/events/" + p.Event.ID + "/outbox"
	if len(refused) == 0 {
		q := ctx.QueryParam("status")
		if q != "" {
			q = "status=" + q
		}
		return ctx.Redirect(http.StatusSeeOther, back+"?"+joinQuery(q, "done="+key+"&n="+strconv.Itoa(done)))
	}
	p.Done = p.T("console.invitations.done."+key, done)
	p.Problem = p.T("console.invitations.outbox.refused_n", len(refused))
	p.Data = refused
	return c.renderOutbox(ctx, p, http.StatusConflict)
}

// retryRefusal fills r's reason from a refused retry, and reports false
// when err is not a refusal.
func retryRefusal(p *Page, err error, r *refusal) bool {
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		r.Reason = p.T("console.invitations.outbox.not_found")
	case apperr.Conflict:
		r.Reason = p.T("console.invitations.outbox.not_failed")
	default:
		return false
	}
	return true
}
