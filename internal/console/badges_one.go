package console

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/httpx"
)

type badgeView struct {
	Line     badges.Line
	History  []badges.HistoryEntry
	Versions []badges.Line // every version of the holder's badge, this one included
	Layouts  []badges.Layout
	Layout   string
	Loc      *time.Location
	Action   string // the form sent, whose reason field shows its message
}

// badgePage shows one badge: its image (the badge's PDF, while it is
// active), its holder, status and history, and the forms to mark it
// collected, reprint it and revoke it.
func (c *Console) badgePage(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.one_title", "badges")
	p.Form = NewForm(p.Lang)
	return c.renderBadge(ctx, p, http.StatusOK, "")
}

func (c *Console) renderBadge(ctx echo.Context, p *Page, status int, action string) error {
	id, err := httpx.ID(ctx, "badge_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	d, err := c.Badges.Badge(rctx, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	l, err := c.Badges.Line(rctx, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	ev, err := c.Event.Store().FindEventByID(rctx, d.EventID)
	if err != nil {
		return err
	}
	named(&ev)
	p.Event = &ev
	versions, _, err := c.Badges.Badges(rctx, badges.BadgeFilter{EventID: ev.ID, ParticipantID: d.ParticipantID})
	if err != nil {
		return err
	}
	layout := ctx.QueryParam("layout")
	if !slices.Contains(badges.Layouts, badges.Layout(layout)) {
		layout = string(badges.A6)
	}
	p.Data = badgeView{Line: l, History: d.History, Versions: versions, Layouts: badges.Layouts, Layout: layout, Loc: ev.Location(), Action: action}
	return c.render(ctx, status, "badge", p)
}

// badgePDF is the badge's PDF, shown inside the badge's page: the one
// response of the console that may be framed, and only by the console.
func (c *Console) badgePDF(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "badge_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	pdf, b, err := c.Badges.PDF(ctx.Request().Context(), id, ctx.QueryParam("layout"))
	if err != nil {
		return c.renderError(ctx, err)
	}
	h := ctx.Response().Header()
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
	h.Set("Content-Disposition", `inline; filename="badge-`+badges.NumberFileName(b.Number, b.Version)+`.pdf"`)
	noStore(ctx)
	return ctx.Blob(http.StatusOK, "application/pdf", pdf)
}

// badgeAction marks one badge collected, reprints it or revokes it (which
// asks first); a refusal shows the badge's page again with the message
// beside the reason or above the forms.
func (c *Console) badgeAction(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.one_title", "badges")
	action := ctx.Param("action")
	id, err := httpx.ID(ctx, "badge_id")
	if err != nil || !slices.Contains(badgeActions, action) {
		if err == nil {
			err = apperr.NotFoundf("no such action")
		}
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	f.Read(ctx, "reason")
	p.Form = f
	reason, ok := c.badgeReason(p, f, action)
	if !ok {
		return c.renderBadge(ctx, p, http.StatusBadRequest, action)
	}
	if action == "revoke" {
		if ok, err := c.confirmed(ctx, p, p.T("console.badges.confirm_revoke")); !ok {
			return err
		}
	}
	rctx := ctx.Request().Context()
	next := id
	switch action {
	case "collect":
		_, err = c.Badges.Collected(rctx, id)
	case "reprint":
		var d badges.Detail
		d, err = c.Badges.Reprint(rctx, id, reason)
		next = d.ID
	case "revoke":
		_, err = c.Badges.Revoke(rctx, id, reason)
	}
	if err != nil {
		why, ok := badgeRefusalText(p, err)
		if !ok {
			return err
		}
		p.Problem = why
		return c.renderBadge(ctx, p, httpStatus(err), action)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/badges/"+next+"?done="+action)
}
