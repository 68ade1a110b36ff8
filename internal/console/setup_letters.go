package console

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// letterRoutes are the letter templates' pages under the setup path s.
func (c *Console) letterRoutes(g *echo.Group, s string) {
	g.GET(s+"/letters", c.setupLetters)
	g.POST(s+"/letters/:lang", c.saveLetter)
	g.GET(s+"/letters/:lang/preview.pdf", c.letterPreviewPDF)
}

// letterColumn is one language's template beside the others: the form's
// fields are subject_<lang> and body_<lang>.
type letterColumn struct {
	Lang, Dir  string
	IsDefault  bool
	Paragraphs []string // the text filled with sample values, as it prints
	Subject    string   // the subject filled with sample values
}

// letterExtra is what the letters page shows beside the columns.
type letterExtra struct {
	Columns      []letterColumn
	Placeholders []string
}

// setupLetters shows the event's letter template in each of its languages
// side by side, each with the text filled with sample values for this
// event and a link to the letter as it will print.
func (c *Console) setupLetters(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "letters")
	if err != nil {
		return c.renderError(ctx, err)
	}
	return c.renderLetters(ctx, p, v, "", http.StatusOK)
}

// renderLetters fills the form with the stored templates, except for the
// language kept (the one just refused, shown as it was typed).
func (c *Console) renderLetters(ctx echo.Context, p *Page, v *setupView, kept string, status int) error {
	rctx := ctx.Request().Context()
	ts, err := invitations.NewStore(c.Letters.DB).FindTemplates(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	x := letterExtra{Placeholders: invitations.Placeholders}
	for _, lang := range p.Event.Languages {
		for _, t := range ts {
			if t.Language != lang {
				continue
			}
			if lang != kept {
				p.Form.Values["subject_"+lang], p.Form.Values["body_"+lang] = t.Subject, t.Body
			}
			pv, err := c.Letters.PreviewLetter(rctx, p.Event.ID, lang)
			if err != nil {
				return err
			}
			x.Columns = append(x.Columns, letterColumn{Lang: lang, Dir: i18n.Dir(lang), IsDefault: t.IsDefault,
				Paragraphs: paragraphs(pv.Body), Subject: pv.Subject})
		}
	}
	v.Extra = x
	return c.render(ctx, status, "setup_letters", p)
}

// paragraphs splits a letter's text where it leaves a blank line.
func paragraphs(text string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if s := strings.Join(strings.Fields(para), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// saveLetter saves one language's template through the function the API
// uses; a refusal shows the page again with that language as typed.
func (c *Console) saveLetter(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "letters")
	if err != nil {
		return c.renderError(ctx, err)
	}
	lang := ctx.Param("lang")
	if !i18n.IsLanguage(lang) {
		return c.renderError(ctx, apperr.NotFoundf("no such language"))
	}
	f := p.Form
	f.Read(ctx, "subject_"+lang, "body_"+lang)
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderLetters(ctx, p, v, lang, http.StatusBadRequest)
	}
	in := invitations.TemplateInput{Subject: strings.TrimSpace(f.Values["subject_"+lang]), Body: f.Values["body_"+lang]}
	if _, err := invitations.NewStore(c.Letters.DB).SaveTemplate(ctx.Request().Context(), p.Event.ID, lang, in); err != nil {
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		for _, name := range []string{"subject", "body"} {
			if msg, ok := f.Errors[name]; ok {
				delete(f.Errors, name)
				f.Errors[name+"_"+lang] = msg
			}
		}
		return c.renderLetters(ctx, p, v, lang, status)
	}
	return ctx.Redirect(http.StatusSeeOther, v.Base+"/letters?done=saved#letter-"+lang)
}

// letterPreviewPDF serves the letter of one language as it will print,
// filled with sample values for this event. Like an invitation's letter it
// may be shown in a frame of the console's own pages.
func (c *Console) letterPreviewPDF(ctx echo.Context) error {
	p, _, err := c.setupPage(ctx, "letters")
	if err != nil {
		return c.renderError(ctx, err)
	}
	lang := ctx.Param("lang")
	pdf, _, err := c.Letters.PreviewPDF(ctx.Request().Context(), p.Event.ID, lang)
	if err != nil {
		return c.renderError(ctx, err)
	}
	h := ctx.Response().Header()
	h.Set("Content-Disposition", `inline; filename="letter-preview-`+lang+`.pdf"`)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
	noStore(ctx)
	return ctx.Blob(http.StatusOK, "application/pdf", pdf)
}
