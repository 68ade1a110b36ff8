package console

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// signatoryFields are the fields of the signatory form.
var signatoryFields = []string{"name", "title", "organisation", "organisation_short", "position"}

// signatoryRoutes are the signatories' pages under the setup path s: the
// list and its form, the upload of a signature image, and the image itself
// for the console's own pages.
func (c *Console) signatoryRoutes(g *echo.Group, s string) {
	g.GET(s+"/signatories", c.setupSignatories)
	g.POST(s+"/signatories", c.saveSignatory)
	g.GET(s+"/signatories/:signatory_id", c.setupSignatories)
	g.POST(s+"/signatories/:signatory_id", c.saveSignatory)
	g.POST(s+"/signatories/:signatory_id/delete", c.deleteSignatory)
	g.POST(s+"/signatories/:signatory_id/signature", c.uploadSignature)
	g.GET(s+"/signatories/:signatory_id/signature.png", c.signatureImage)
}

// setupSignatories lists the people letters are signed on behalf of, with
// their signature images, and the form to add one, or, with
// :signatory_id, the form to change that one and to upload its signature.
func (c *Console) setupSignatories(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "signatories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.Param("signatory_id") != "" {
		sg, err := c.signatory(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = sg.ID
		signatoryValues(p.Form, sg)
	}
	return c.renderSignatories(ctx, p, v, http.StatusOK)
}

func (c *Console) renderSignatories(ctx echo.Context, p *Page, v *setupView, status int) error {
	rows, err := c.Event.Store().FindSignatories(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].SignatureImage = nil // the page links the image; it does not carry it
		if rows[i].ID == v.Editing {
			v.Extra = rows[i]
		}
	}
	v.Rows = rows
	return c.render(ctx, status, "setup_signatories", p)
}

func signatoryValues(f *Form, sg event.Signatory) {
	f.Values["name"], f.Values["title"], f.Values["organisation"] = sg.Name, sg.Title, sg.Organisation
	f.Values["organisation_short"], f.Values["position"] = sg.OrganisationShort, strconv.Itoa(sg.Position)
	showTexts(f, "names", sg.Names)
	showTexts(f, "titles", sg.Titles)
	showTexts(f, "organisation_names", sg.Organisations)
	showTexts(f, "organisation_short_names", sg.OrganisationShorts)
	showTexts(f, "sign_lines", sg.SignLines)
}

func (c *Console) signatory(ctx echo.Context, p *Page) (event.Signatory, error) {
	id, err := httpx.ID(ctx, "signatory_id")
	if err != nil {
		return event.Signatory{}, err
	}
	return c.Event.Store().FindSignatoryByID(ctx.Request().Context(), p.Event.ID, id)
}

// saveSignatory adds a signatory, or changes the one of :signatory_id.
func (c *Console) saveSignatory(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "signatories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	editing := ctx.Param("signatory_id") != ""
	if editing {
		sg, err := c.signatory(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = sg.ID
	}
	f := p.Form
	f.Read(ctx, signatoryFields...)
	str := func(name string) *string { s := f.Values[name]; return &s }
	names, titles, orgs := readTexts(ctx, f, "names"), readTexts(ctx, f, "titles"), readTexts(ctx, f, "organisation_names")
	shorts, lines := readTexts(ctx, f, "organisation_short_names"), readTexts(ctx, f, "sign_lines")
	in := event.SignatoryInput{Name: str("name"), Names: &names, Title: str("title"), Organisation: str("organisation"),
		OrganisationShort: str("organisation_short"), Titles: &titles, Organisations: &orgs,
		OrganisationShorts: &shorts, SignLines: &lines}
	if strings.TrimSpace(f.Values["position"]) != "" {
		in.Position = number(f, "position")
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderSignatories(ctx, p, v, http.StatusBadRequest)
	}
	rctx := ctx.Request().Context()
	if editing {
		_, err = c.Event.UpdateSignatory(rctx, p.Event.ID, v.Editing, in)
	} else {
		_, err = c.Event.CreateSignatory(rctx, p.Event.ID, in)
	}
	if err != nil {
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderSignatories(ctx, p, v, status)
	}
	return setupDone(ctx, p, "signatories", map[bool]string{true: "saved", false: "created"}[editing])
}

// deleteSignatory removes a signatory after a confirmation; letters issued
// already keep their signatures.
func (c *Console) deleteSignatory(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "signatories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	sg, err := c.signatory(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.deleteConfirmed(ctx, p, sg.Name); !ok {
		return err
	}
	if err := c.Event.DeleteSignatory(ctx.Request().Context(), p.Event.ID, sg.ID); err != nil {
		p.Data = v
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderSignatories(ctx, p, v, status)
	}
	return setupDone(ctx, p, "signatories", "deleted")
}

// uploadSignature stores the image sent as the signatory's signature (a
// PNG or JPEG, checked and re-encoded by the service); a refused file is
// named beside the file field.
func (c *Console) uploadSignature(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "signatories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	sg, err := c.signatory(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	v.Editing = sg.ID
	signatoryValues(p.Form, sg)
	body, declared, err := signatureFile(ctx)
	if err == nil {
		_, err = c.Event.SetSignature(ctx.Request().Context(), p.Event.ID, sg.ID, declared, body)
	}
	var ae *apperr.Error
	switch {
	case err == nil:
		return ctx.Redirect(http.StatusSeeOther, v.Base+"/signatories/"+sg.ID+"?done=signature")
	case !errors.As(err, &ae) || ae.Kind == apperr.Internal:
		return err
	}
	detail := ae.Detail
	if len(ae.Fields) > 0 {
		detail = ae.Fields[0].Detail
	}
	p.Form.Errors["signature"] = p.T("console.setup.err.signature") + " (" + detail + ")"
	p.Problem = p.T("console.err.fix")
	return c.renderSignatories(ctx, p, v, httpStatus(err))
}

// signatureFile reads the file of the form's "signature" field and the
// type its sender declared.
func signatureFile(ctx echo.Context) ([]byte, string, error) {
	fh, err := ctx.FormFile("signature")
	if err != nil {
		return nil, "", apperr.Fields(apperr.Field("signature", "choose a PNG or JPEG file"))
	}
	declared, _, _ := mime.ParseMediaType(fh.Header.Get(echo.HeaderContentType))
	f, err := fh.Open()
	if err != nil {
		return nil, "", apperr.Fields(apperr.Field("signature", "the file could not be read"))
	}
	defer f.Close()
	body, err := httpx.ReadLimited(f, event.MaxSignatureBytes, "signature image")
	return body, declared, err
}

// signatureImage serves a signatory's signature image (as the service
// stored it, a PNG) to the console's pages of a signed-in member of staff.
func (c *Console) signatureImage(ctx echo.Context) error {
	p, _, err := c.setupPage(ctx, "signatories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	sg, err := c.signatory(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if len(sg.SignatureImage) == 0 {
		return c.renderError(ctx, apperr.NotFoundf("this signatory has no signature image yet"))
	}
	ctx.Response().Header().Set("Cache-Control", "private, no-store")
	return ctx.Blob(http.StatusOK, sg.SignatureType, sg.SignatureImage)
}
