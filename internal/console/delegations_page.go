package console

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// delegationRecord is what a delegation's page shows.
type delegationRecord struct {
	D           invitations.Delegation
	Kinds       []string
	Languages   []string
	Invitations []quotaLine
	Members     []registration.Participant
	Letter      *registration.CredentialsLetter
	Steps       []string // the statuses the current letter may take now
	Earlier     []registration.CredentialsLetter
	Trail       []letterEvent
	LetterKB    int // the current letter's size in kilobytes, rounded up
	Loc         *time.Location
}

// quotaLine is one invitation of the delegation with its places used.
type quotaLine struct {
	invitations.Invitation
	Used int
}

// The fields of the delegation form besides one name per working language
// ("name_<lang>").
var delegationFields = []string{"kind", "country", "focal_name", "focal_email", "focal_phone"}

// delegation is one delegation's page: the form to change it, its
// invitations with their quotas, its members and its credentials letter.
func (c *Console) delegation(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.one")
	return c.renderDelegation(ctx, http.StatusOK, p, nil)
}

// renderDelegation shows the page; a nil form is filled with the
// delegation as stored.
func (c *Console) renderDelegation(ctx echo.Context, status int, p *Page, f *Form) error {
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	d, err := c.delegationRecord(ctx.Request().Context(), p, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if f == nil {
		f = NewForm(p.Lang)
	}
	if _, typed := f.Values["kind"]; !typed {
		delegationValues(f, d.D)
	}
	p.Form, p.Data = f, d
	return c.render(ctx, status, "delegation", p)
}

// delegationRecord reads everything the page shows. Errors: NotFound.
func (c *Console) delegationRecord(rctx context.Context, p *Page, id string) (*delegationRecord, error) {
	del, err := c.Invitations.Delegation(rctx, id)
	if err != nil {
		return nil, err
	}
	ev, err := c.Event.Store().FindEventByID(rctx, del.EventID)
	if err != nil {
		return nil, err
	}
	named(&ev)
	p.Event = &ev
	d := &delegationRecord{D: del, Kinds: invitations.Kinds, Languages: ev.Languages, Loc: ev.Location()}
	var invs []invitations.Invitation
	g, gctx := errgroup.WithContext(rctx)
	g.Go(func() (err error) {
		invs, _, err = c.Invitations.Invitations(gctx, invitations.InvitationFilter{EventID: del.EventID, DelegationID: id})
		return err
	})
	g.Go(func() (err error) {
		d.Members, _, _, err = c.Registration.Store().FindParticipants(gctx,
			registration.ParticipantFilter{EventID: del.EventID, DelegationID: id})
		return err
	})
	g.Go(func() (err error) { d.Earlier, err = c.Registration.CredentialsHistory(gctx, id); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, inv := range invs {
		q := quotaLine{Invitation: inv}
		for _, m := range d.Members {
			if m.InvitationID == inv.ID && m.Active() {
				q.Used++
			}
		}
		d.Invitations = append(d.Invitations, q)
	}
	if len(d.Earlier) > 0 {
		d.Letter, d.Earlier = &d.Earlier[0], d.Earlier[1:]
		d.Steps = credentialsSteps(d.Letter.Status)
		d.LetterKB = (d.Letter.Size + 1023) / 1024
		entries, _, err := audit.NewStore(c.DB).Find(rctx, audit.Filter{Entity: "credentials_letter", EntityID: d.Letter.ID,
			Page: httpx.Page{Limit: historyLimit}})
		if err != nil {
			return nil, err
		}
		d.Trail = credentialsTrail(p.Lang, entries)
	}
	return d, nil
}

// delegationValues fills a form with a delegation as stored.
func delegationValues(f *Form, d invitations.Delegation) {
	f.Values["kind"], f.Values["country"] = d.Kind, d.Country
	f.Values["focal_name"], f.Values["focal_email"], f.Values["focal_phone"] = d.FocalPoint.Name, d.FocalPoint.Email, d.FocalPoint.Phone
	for lang, n := range d.Names {
		f.Values["name_"+lang] = n
	}
}

// updateDelegation changes a delegation from its form through the service
// the API's PATCH calls; a refusal shows the form again with what was
// typed and the message beside each field at fault.
func (c *Console) updateDelegation(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.one")
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	del, err := c.Invitations.Delegation(rctx, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	ev, err := c.Event.Store().FindEventByID(rctx, del.EventID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	fields := delegationFormFields(delegationFields, ev.Languages)
	f.Read(ctx, fields...)
	for _, name := range fields {
		if strings.ContainsRune(f.Values[name], 0) && f.Errors[name] == "" {
			f.Errors[name] = p.T("console.delegations.err.control")
		}
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderDelegation(ctx, http.StatusBadRequest, p, f)
	}
	names := event.Texts{}
	for _, lang := range ev.Languages {
		names[lang] = f.Values["name_"+lang]
	}
	kind, country := f.Values["kind"], f.Values["country"]
	in := invitations.DelegationInput{Kind: &kind, Country: &country, Names: &names,
		FocalPoint: &invitations.FocalPoint{Name: f.Values["focal_name"], Email: f.Values["focal_email"], Phone: f.Values["focal_phone"]}}
	if _, err := c.Invitations.UpdateDelegation(rctx, id, in); err != nil {
		if p.Problem = refuseDelegation(f, err); p.Problem == "" {
			return err
		}
		return c.renderDelegation(ctx, httpStatus(err), p, f)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/delegations/"+id+"?done=saved")
}

// delegationFormFields is the form's field names: the fixed ones and a name per language.
func delegationFormFields(fixed, langs []string) []string {
	out := append([]string{}, fixed...)
	for _, l := range langs {
		out = append(out, "name_"+l)
	}
	return out
}

// refuseDelegation marks the form's fields with a refusal of the service,
// naming them as the form does ("name.fr" is name_fr, "focal_point.email"
// focal_email), and returns the message above the form, or "" when the
// refusal is not the caller's fault.
func refuseDelegation(f *Form, err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return ""
	}
	for _, fe := range ae.Fields {
		name := strings.NewReplacer("name.", "name_", "focal_point.", "focal_").Replace(fe.Field)
		key := "console.delegations.err." + strings.SplitN(name, "_", 2)[0]
		if name == "focal_email" || name == "focal_phone" {
			key = "console.delegations.err." + name
		}
		msg := i18n.T(f.lang, "console.err.field")
		if i18n.Has(key) {
			msg = i18n.T(f.lang, key)
		}
		if f.lang != i18n.Fallback && fe.Detail != "" {
			msg += " (" + fe.Detail + ")"
		}
		if f.Errors[name] == "" {
			f.Errors[name] = msg
		}
	}
	if len(ae.Fields) > 0 {
		return i18n.T(f.lang, "console.err.fix")
	}
	return ae.Detail
}

// delegationQuota changes the quota of one of the delegation's invitations
// through the invitations' service (the API's PATCH of an invitation).
func (c *Console) delegationQuota(ctx echo.Context) error {
	p := c.delegationsPage(ctx, "console.delegations.one")
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	invID := ctx.FormValue("invitation_id")
	inv, err := c.Invitations.Invitation(rctx, invID)
	if !httpx.IsUUID(invID) || err != nil || inv.DelegationID != id {
		return c.renderError(ctx, apperr.NotFoundf("no such invitation of this delegation"))
	}
	f := NewForm(p.Lang)
	f.Read(ctx, "quota")
	f.Values["quota_of"] = invID
	n, err := strconv.Atoi(strings.TrimSpace(f.Values["quota"]))
	if err == nil {
		_, err = c.Invitations.UpdateInvitation(rctx, invID, invitations.InvitationInput{Quota: &n})
	}
	if err != nil {
		status := http.StatusBadRequest
		var ae *apperr.Error
		if errors.As(err, &ae) {
			if ae.Kind == apperr.Internal {
				return err
			}
			status = httpStatus(err)
		}
		f.Errors["quota"] = p.T("console.delegations.err.quota")
		p.Problem = p.T("console.err.fix")
		if ae != nil && ae.Type == "quota-below-members" {
			f.Errors["quota"] = p.T("console.invitations.err.quota_members", ae.Extra["members"])
		}
		if ae != nil {
			if st, ok := ae.Extra["current_status"].(string); ok {
				p.Problem = p.T("console.delegations.err.invitation_status", p.T("console.invitations.status."+st))
			}
		}
		return c.renderDelegation(ctx, status, p, f)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/delegations/"+id+"?done=quota#invitations-h")
}
