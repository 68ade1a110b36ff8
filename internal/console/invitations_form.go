package console

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// The fields of the invitation form, as the page names them.
var invitationFields = []string{"delegation_id", "language", "quota", "rsvp_deadline",
	"honorific", "given_names", "family_name", "native_name", "office", "email"}

// inviteeFields are the fields of the form that are the invitee's.
var inviteeFields = []string{"honorific", "given_names", "family_name", "native_name", "office", "email"}

// deadlineLayout is how a datetime-local input writes a time.
const deadlineLayout = "2006-01-02T15:04"

// invitationForm is what the form pages show beside the Form.
type invitationForm struct {
	Delegations []invitations.Delegation
	Languages   []string
	Timezone    string
	Inv         *invitations.Invitation // nil when creating
	Editable    bool                    // every field may change (a draft, or a new one)
	Letters     []invitations.Letter
	Loc         *time.Location
}

func (c *Console) newInvitation(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.new")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	if id := ctx.QueryParam("delegation_id"); httpx.IsUUID(id) {
		p.Form.Values["delegation_id"] = id
	}
	return c.renderInvitationForm(ctx, p, http.StatusOK, nil)
}

func (c *Console) renderInvitationForm(ctx echo.Context, p *Page, status int, inv *invitations.Invitation) error {
	rctx := ctx.Request().Context()
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID})
	if err != nil {
		return err
	}
	d := invitationForm{Delegations: dels, Languages: p.Event.Languages, Timezone: p.Event.Timezone, Inv: inv,
		Editable: inv == nil || inv.Status == invitations.Draft, Loc: p.Event.Location()}
	if inv != nil {
		if d.Letters, err = c.Invitations.Letters(rctx, inv.ID); err != nil {
			return c.renderError(ctx, err)
		}
	}
	p.Data = d
	return c.render(ctx, status, "invitation", p)
}

// readInvitation reads the form into the input of the service: every field
// when all may change, else only the terms (quota and deadline). Values
// that cannot be read (a quota that is not a number, a time that is not
// one) are marked on the form.
func readInvitation(ctx echo.Context, f *Form, loc *time.Location, all bool) invitations.InvitationInput {
	f.Read(ctx, invitationFields...)
	for _, name := range invitationFields {
		if strings.ContainsRune(f.Values[name], 0) && f.Errors[name] == "" {
			f.Errors[name] = i18n.T(f.lang, "console.invitations.err.control")
		}
	}
	var in invitations.InvitationInput
	if q := strings.TrimSpace(f.Values["quota"]); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			f.Errors["quota"] = i18n.T(f.lang, "console.invitations.err.quota")
		}
		in.Quota = &n
	}
	if s := strings.TrimSpace(f.Values["rsvp_deadline"]); s != "" {
		t, err := time.ParseInLocation(deadlineLayout, s, loc)
		if err != nil {
			t, err = time.ParseInLocation(deadlineLayout+":05", s, loc)
		}
		if err != nil {
			f.Errors["rsvp_deadline"] = i18n.T(f.lang, "console.invitations.err.deadline")
		}
		in.RSVPDeadline = &t
	}
	if !all {
		return in
	}
	str := func(name string) *string { s := f.Values[name]; return &s }
	in.DelegationID, in.Language = str("delegation_id"), str("language")
	in.Invitee = &invitations.InviteeInput{Honorific: str("honorific"), GivenNames: str("given_names"),
		FamilyName: str("family_name"), NativeName: str("native_name"), Office: str("office"), Email: str("email")}
	return in
}

// refuseInvitation marks the form with a refusal of the service, naming
// the invitee's fields as the form does, and returns the page's status.
func refuseInvitation(p *Page, f *Form, err error) (int, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return 0, false
	}
	if ae.Type == "quota-below-members" {
		f.Errors["quota"] = i18n.T(f.lang, "console.invitations.err.quota_members", ae.Extra["members"])
		p.Problem = i18n.T(f.lang, "console.err.fix")
		return httpStatus(err), true
	}
	if ae.Type == "invitee-exists" {
		f.Errors["email"] = i18n.T(f.lang, "console.invitations.err.invited")
		p.Problem = i18n.T(f.lang, "console.err.fix")
		return httpStatus(err), true
	}
	renamed := *ae
	renamed.Fields = nil
	for _, fe := range ae.Fields {
		switch name := strings.TrimPrefix(fe.Field, "invitee."); name {
		case "invitee":
			fe.Field = "family_name"
		default:
			fe.Field = name
		}
		renamed.Fields = append(renamed.Fields, fe)
	}
	p.Problem = f.Refuse(&renamed)
	if st, ok := ae.Extra["current_status"].(string); ok && len(ae.Fields) == 0 {
		p.Problem = p.T("console.invitations.refused.status", p.T("console.invitations.status."+st))
	}
	return httpStatus(err), true
}

// createInvitation stores a draft invitation from the form, or shows the
// form again with what was typed and the message beside each field at fault.
func (c *Console) createInvitation(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.new")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	p.Form = f
	in := readInvitation(ctx, f, p.Event.Location(), true)
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderInvitationForm(ctx, p, http.StatusBadRequest, nil)
	}
	inv, err := c.Invitations.CreateInvitation(ctx.Request().Context(), p.Event.ID, in)
	if err != nil {
		status, ok := refuseInvitation(p, f, err)
		if !ok {
			return err
		}
		return c.renderInvitationForm(ctx, p, status, nil)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/invitations/"+inv.ID+"?done=created")
}

// loadInvitation reads the invitation of a page from its :invitation_id
// and its event into the page.
func (c *Console) loadInvitation(ctx echo.Context, p *Page) (invitations.Invitation, error) {
	id, err := httpx.ID(ctx, "invitation_id")
	if err != nil {
		return invitations.Invitation{}, err
	}
	inv, err := c.Invitations.Invitation(ctx.Request().Context(), id)
	if err != nil {
		return inv, err
	}
	ev, err := c.Event.Store().FindEventByID(ctx.Request().Context(), inv.EventID)
	if err != nil {
		return inv, err
	}
	named(&ev)
	p.Event = &ev
	return inv, nil
}

// invitationValues fills a form with an invitation as stored.
func invitationValues(f *Form, inv invitations.Invitation, p *Page) {
	v := inv.Invitee
	for name, value := range map[string]string{"delegation_id": inv.DelegationID, "language": inv.Language,
		"quota": strconv.Itoa(inv.Quota), "rsvp_deadline": inv.RSVPDeadline.In(p.Event.Location()).Format(deadlineLayout),
		"honorific": v.Honorific, "given_names": v.GivenNames, "family_name": v.FamilyName,
		"native_name": v.NativeName, "office": v.Office, "email": v.Email} {
		f.Values[name] = value
	}
}

// invitation shows one invitation: its state, its letter, its actions and
// the form to change it.
func (c *Console) invitation(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.one")
	inv, err := c.loadInvitation(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	invitationValues(p.Form, inv, p)
	return c.renderInvitationForm(ctx, p, http.StatusOK, &inv)
}

// updateInvitation changes an invitation from the form: every field of a
// draft, only the quota and the deadline afterwards.
func (c *Console) updateInvitation(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.one")
	inv, err := c.loadInvitation(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	invitationValues(f, inv, p)
	p.Form = f
	editable := inv.Status == invitations.Draft
	in := readInvitation(ctx, f, p.Event.Location(), editable)
	if !editable {
		invitationKeep(f, inv, p)
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderInvitationForm(ctx, p, http.StatusBadRequest, &inv)
	}
	if _, err := c.Invitations.UpdateInvitation(ctx.Request().Context(), inv.ID, in); err != nil {
		status, ok := refuseInvitation(p, f, err)
		if !ok {
			return err
		}
		return c.renderInvitationForm(ctx, p, status, &inv)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/invitations/"+inv.ID+"?done=saved")
}

// invitationKeep shows again, in the fields that can no longer change, what
// is stored rather than what was sent.
func invitationKeep(f *Form, inv invitations.Invitation, p *Page) {
	kept := NewForm(p.Lang)
	invitationValues(kept, inv, p)
	for _, name := range append([]string{"delegation_id", "language"}, inviteeFields...) {
		f.Values[name] = kept.Values[name]
		delete(f.Errors, name)
	}
}

// invitationAction runs one action (issue, dispatch, remind, withdraw) on
// the invitation of the page; withdrawing asks first.
func (c *Console) invitationAction(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.one")
	inv, err := c.loadInvitation(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	action := ctx.Param("action")
	if !slices.Contains(invitationActions, action) {
		return c.renderError(ctx, apperr.NotFoundf("no such action"))
	}
	if action == "withdraw" {
		msg := p.T("console.invitations.confirm_withdraw", inviteeName(inv.Invitee))
		if ok, err := c.confirmed(ctx, p, msg); !ok {
			return err
		}
	}
	if err := c.act(ctx.Request().Context(), action, inv.ID); err != nil {
		reason, ok := c.reason(p, err)
		if !ok {
			return err
		}
		p.Problem = reason
		p.Form = NewForm(p.Lang)
		invitationValues(p.Form, inv, p)
		return c.renderInvitationForm(ctx, p, httpStatus(err), &inv)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/invitations/"+inv.ID+"?done="+c.doneKey(action)+"&n=1")
}

// rsvpLink is what the page of a new RSVP link shows, once.
type rsvpLink struct {
	Inv     invitations.Invitation
	URL     string
	Expires string
}

// newRSVPLink makes a new RSVP link after a confirmation (the old link stops
// working) and shows it once: only its hash is kept.
func (c *Console) newRSVPLink(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.link.title")
	inv, err := c.loadInvitation(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.confirmed(ctx, p, p.T("console.invitations.link.confirm")); !ok {
		return err
	}
	url, expires, err := c.Invitations.RSVPLink(ctx.Request().Context(), inv.ID)
	if err != nil {
		reason, ok := c.reason(p, err)
		if !ok {
			return err
		}
		p.Problem = reason
		p.Form = NewForm(p.Lang)
		invitationValues(p.Form, inv, p)
		return c.renderInvitationForm(ctx, p, httpStatus(err), &inv)
	}
	p.Data = rsvpLink{Inv: inv, URL: url, Expires: expires.In(p.Event.Location()).Format("2006-01-02 15:04")}
	return c.render(ctx, http.StatusOK, "invitation_link", p)
}

// letterPDF serves a version of the invitation's letter (the latest by
// default) as the PDF the invitee gets, in the invitation's language,
// without minting an RSVP link. Unlike every other page it may be shown
// in a frame of the console's own pages (the invitation page embeds it).
func (c *Console) letterPDF(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "invitation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	version := 0
	if s := ctx.QueryParam("version"); s != "" {
		if version, err = strconv.Atoi(s); err != nil || version < 1 {
			return c.renderError(ctx, apperr.Fields(apperr.Field("version", "must be a positive integer")))
		}
	}
	pdf, content, err := c.Letters.LetterPDF(ctx.Request().Context(), id, version, false)
	if err != nil {
		return c.renderError(ctx, err)
	}
	name := strings.NewReplacer("/", "-", "\\", "-", "\"", "", " ", "-").Replace(content.ReferenceNumber)
	disposition := "inline"
	if ctx.QueryParam("download") == "1" {
		disposition = "attachment"
	}
	h := ctx.Response().Header()
	h.Set("Content-Disposition", disposition+`; filename="`+asciiName(name)+"-v"+strconv.Itoa(content.Version)+"-"+content.Language+`.pdf"`)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
	noStore(ctx)
	return ctx.Blob(http.StatusOK, "application/pdf", pdf)
}

// asciiName keeps the letters, digits and a few marks of a file name.
func asciiName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z') || ('a' <= r && r <= 'z')) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "letter"
	}
	return b.String()
}
