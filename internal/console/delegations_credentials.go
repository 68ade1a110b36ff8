package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/registration"
)

// credentialsSteps are the statuses a letter in status may be given from
// its page, in the order the buttons show them.
func credentialsSteps(status string) []string { return registration.CredentialsNext(status) }

// credentialsStatus gives the delegation's current letter the status of
// the button pressed, through the service the API's route calls; the letter
// is the one the page showed (letter_id), so that a letter uploaded
// meanwhile is never marked without being seen.
func (c *Console) credentialsStatus(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.one")
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	if _, err := c.Invitations.Delegation(rctx, id); err != nil {
		return c.renderError(ctx, err)
	}
	_, err = c.Registration.SetCredentialsStatus(rctx, id, ctx.FormValue("letter_id"), ctx.FormValue("status"))
	if err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
			return err
		}
		p.Problem = credentialsRefusal(p, ae)
		return c.renderDelegation(ctx, httpStatus(err), p, nil)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/delegations/"+id+"?done=credentials_"+ctx.FormValue("status")+"#credentials-h")
}

// credentialsRefusal says why a change of status was refused.
func credentialsRefusal(p *Page, ae *apperr.Error) string {
	switch {
	case ae.Type == "credentials-replaced":
		return p.T("console.delegations.err.replaced")
	case ae.Type == "credentials-step":
		st, _ := ae.Extra["current_status"].(string)
		return p.T("console.delegations.err.step", p.T("console.delegations.credentials."+st))
	case ae.Kind == apperr.NotFound:
		return p.T("console.delegations.err.no_letter")
	}
	return p.T("console.delegations.err.status")
}

// credentialsFile serves the delegation's current letter to the console,
// whose pages have no bearer token for the API's route: shown in the
// browser, or saved with ?download=1, under the same headers.
func (c *Console) credentialsFile(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	l, err := c.Registration.DelegationCredentials(ctx.Request().Context(), id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	return registration.WriteCredentials(ctx, l, ctx.QueryParam("download") == "1", true)
}

// letterEvent is one entry of a credentials letter's history, as shown.
type letterEvent struct {
	At       time.Time
	Action   string // translated
	Actor    string
	From, To string // the status before and after, translated
}

// credentialsTrail translates the audit entries of a letter: its upload
// and each change of its status, with who made it.
func credentialsTrail(lang string, entries []audit.Entry) []letterEvent {
	out := make([]letterEvent, len(entries))
	for i, e := range entries {
		l := letterEvent{At: e.At, Actor: e.ActorName, Action: e.Action}
		if key := "console.delegations.action." + e.Action; i18n.Has(key) {
			l.Action = i18n.T(lang, key)
		}
		if l.Actor == "" {
			l.Actor = e.ActorKind
		}
		from, to := letterStatusIn(e.Before), letterStatusIn(e.After)
		if from != "" {
			l.From = i18n.T(lang, "console.delegations.credentials."+from)
		}
		if to != "" {
			l.To = i18n.T(lang, "console.delegations.credentials."+to)
		}
		out[i] = l
	}
	return out
}

func letterStatusIn(snapshot *string) string {
	if snapshot == nil {
		return ""
	}
	var v struct {
		Status string `json:"status"`
	}
	_ = json.Unmarshal([]byte(*snapshot), &v)
	if !i18n.Has("console.delegations.credentials." + v.Status) {
		return ""
	}
	return v.Status
}
