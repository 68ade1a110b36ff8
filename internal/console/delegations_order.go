package console

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

// orderVersion names an order of delegations: a move sent from a list
// shown in another order than the current one is refused, not applied to
// positions the person did not see.
func orderVersion(ids []string) string {
	sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

func rowIDs(rows []delegationRow) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// orderDelegations moves one delegation in the protocol order (one place
// up or down, or to a position), or restores the default order after a
// confirmation, through the service the API's order route calls.
func (c *Console) orderDelegations(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID})
	if err != nil {
		return c.renderError(ctx, err)
	}
	ids := make([]string, len(dels))
	manual := 0
	for i, d := range dels {
		ids[i] = d.ID
		if d.ProtocolManual {
			manual = i + 1
		}
	}
	view := listView(ctx, p.Event.ID)
	if ctx.FormValue("v") != orderVersion(ids) {
		p.Problem = p.T("console.delegations.err.stale")
		return c.renderDelegations(view, p, http.StatusConflict)
	}
	var listed []string
	if move := ctx.FormValue("move"); move == "reset" {
		if ok, err := c.confirmed(ctx, p, p.T("console.delegations.confirm_reset")); !ok {
			return err
		}
	} else {
		if listed, err = moved(ctx, ids, manual); err != nil {
			p.Problem = p.T("console.delegations.err.position", len(ids))
			if apperr.Is(err, apperr.NotFound) {
				p.Problem = p.T("console.delegations.err.gone")
			}
			return c.renderDelegations(view, p, httpStatus(err))
		}
	}
	// The order is checked again under the service's lock: two moves sent
	// from the same page at once must not both pass the check above.
	if _, err := c.Invitations.MoveInProtocolOrder(rctx, p.Event.ID, ids, listed); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			p.Problem = p.T("console.delegations.err.stale")
		} else if p.Problem = NewForm(p.Lang).Refuse(err); p.Problem == "" {
			return err
		}
		return c.renderDelegations(view, p, httpStatus(err))
	}
	back := view.Request().URL
	q := back.Query()
	q.Set("done", "moved")
	back.RawQuery = q.Encode()
	return ctx.Redirect(http.StatusSeeOther, back.RequestURI()+"#d-"+url.PathEscape(ctx.FormValue("id")))
}

// moved is the order with the delegation of the form moved as asked, cut
// after the last place set by hand (the others keep the default order).
// Errors: NotFound for a delegation not of
// the list, Invalid for a position outside it or an unknown move.
func moved(ctx echo.Context, ids []string, manual int) ([]string, error) {
	from := slices.Index(ids, ctx.FormValue("id"))
	if from < 0 {
		return nil, apperr.NotFoundf("no such delegation in this event")
	}
	to := from
	switch ctx.FormValue("move") {
	case "up":
		to = from - 1
	case "down":
		to = from + 1
	case "to":
		n, err := strconv.Atoi(strings.TrimSpace(ctx.FormValue("to")))
		if err != nil {
			return nil, apperr.Fields(apperr.Field("to", "must be a position number"))
		}
		to = n - 1
	default:
		return nil, apperr.Fields(apperr.Field("move", "must be up, down, to or reset"))
	}
	if to < 0 || to >= len(ids) {
		return nil, apperr.Fields(apperr.Field("to", "must be from 1 to %d", len(ids)))
	}
	out := slices.Delete(slices.Clone(ids), from, from+1)
	out = slices.Insert(out, to, ids[from])
	return out[:max(from, to, manual-1)+1], nil
}

// listView is a context that reads the list as it was shown at the form's
// "back" address (a path of this event's list), so that a refused move is
// answered over the same view and a done one goes back to it.
func listView(ctx echo.Context, eventID string) echo.Context {
	base := Prefix + "/events/" + eventID + "/delegations"
	u, err := url.Parse(ctx.FormValue("back"))
	if err != nil || u.Path != base || u.Host != "" || u.Scheme != "" {
		u = &url.URL{Path: base}
	}
	q := u.Query()
	q.Del("done")
	q.Del("n")
	u.RawQuery, u.Fragment = q.Encode(), ""
	r := ctx.Request().Clone(ctx.Request().Context())
	r.URL, r.Method, r.Body, r.Form, r.PostForm = u, http.MethodGet, http.NoBody, nil, nil
	view := ctx.Echo().NewContext(r, ctx.Response())
	view.SetParamNames("event_id")
	view.SetParamValues(eventID)
	return view
}
