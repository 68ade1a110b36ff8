package visa

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

//go:embed templates/*.html
var templates embed.FS

var pageTemplate = template.Must(template.ParseFS(templates, "templates/passport.html"))

// formFields are the passport form's fields, in the order it shows them.
var formFields = []string{"number", "issuing_country", "expires_on", "birth_date", "birth_place", "consulate", "letter_language"}

// PageRoutes adds the passport form to every member of the RSVP page, and
// its POST on the site's root. Links draws the page.
func (s *Service) PageRoutes(g *echo.Group, links *registration.Service) {
	links.AddMemberSection(pageSection{s: s})
	p := pageRoutes{s: s, links: links}
	g.POST("/rsvp/:token/participants/:participant_id/passport", p.post, registration.SameOrigin)
}

// texts are the visa package's texts in lang, keyed without "visa.".
func texts(lang string) map[string]string { return i18n.Table(lang, "visa") }

type formField struct {
	Name, Label, Type, Value, Error, Auto, Dir string
	Options                                    []formOption
}

type formOption struct {
	Value, Label string
	Selected     bool
}

// passportForm is one member's passport form on the page.
type passportForm struct {
	ID, Base, Lang, Status, Error string
	T                             map[string]string
	Open, Failed                  bool
	Fields                        []formField
}

// pageSection is the passport form as a part of the RSVP page.
type pageSection struct{ s *Service }

// Render draws the member's passport form when the event asks for
// passport details: whether they were received, never what they are.
func (m pageSection) Render(ctx context.Context, p registration.SectionPage, memberID string) (template.HTML, error) {
	set, err := m.s.store.FindSettings(ctx, p.Link.Invitation.EventID)
	if err != nil || !set.AskPassport {
		return "", err
	}
	r, err := m.s.ReceiptOf(ctx, memberID)
	if err != nil {
		return "", err
	}
	t := texts(p.Lang)
	f := passportForm{ID: memberID, Base: p.Base, Lang: p.Lang, T: t, Open: p.Open, Status: t["page.none"]}
	if r.UpdatedAt != nil {
		ev, err := m.s.events.FindEventByID(ctx, p.Link.Invitation.EventID)
		if err != nil {
			return "", err
		}
		day := r.UpdatedAt.In(ev.Location()).Format("2006-01-02")
		f.Status = fmt.Sprintf(t["page.received"], invitations.FormatDates(p.Lang, day, day))
	}
	values, errs := map[string]string{"letter_language": p.Link.Invitation.Language}, map[string]string{}
	if p.Failed != nil {
		f.Failed, f.Error, values, errs = true, t["page.err_fix"], p.Failed.Values, p.Failed.Errors
	}
	for _, name := range formFields {
		ff := formField{Name: name, Label: t["page."+name], Type: "text", Value: values[name], Error: errs[name], Auto: "off"}
		switch name {
		case "number", "issuing_country":
			ff.Dir = "ltr"
		case "expires_on", "birth_date":
			ff.Type, ff.Dir = "date", "ltr"
		case "letter_language":
			for _, l := range event.Languages {
				ff.Options = append(ff.Options, formOption{Value: l, Label: i18n.Name(l), Selected: l == ff.Value})
			}
		}
		f.Fields = append(f.Fields, ff)
	}
	var buf bytes.Buffer
	if err := pageTemplate.ExecuteTemplate(&buf, "passport", f); err != nil {
		return "", apperr.Wrap(err, "render the passport form")
	}
	return template.HTML(buf.String()), nil
}

// Done is the notice once the passport details are received.
func (pageSection) Done(lang, key string) string {
	if key != "passport" {
		return ""
	}
	return texts(lang)["page.done"]
}

type pageRoutes struct {
	s     *Service
	links *registration.Service
}

// post takes a member's passport form; a refusal shows the page again
// with a message beside each field at fault, nothing stored, and the
// number not typed back into the page.
func (p pageRoutes) post(c echo.Context) error {
	ctx, l, lang, id, ok, err := p.links.PageMember(c)
	if !ok {
		return err
	}
	if err := c.Request().ParseForm(); err != nil {
		return apperr.Invalidf("the form could not be read")
	}
	in, values := readForm(c.Request().PostForm)
	if _, err := p.s.SetLinkPassport(ctx, l, id, in); err != nil {
		errs := fieldErrors(lang, err)
		if errs == nil {
			return p.links.RenderPageError(ctx, c, lang, err)
		}
		return p.links.RenderSectionFailed(ctx, c, lang, texts(lang)["page.err_fix"],
			registration.SectionFailed{MemberID: id, Values: values, Errors: errs})
	}
	return registration.Back(c, lang, "passport")
}

// readForm reads the passport form, with what was typed to show again
// (all but the number).
func readForm(form url.Values) (PassportInput, map[string]string) {
	in := PassportInput{Number: form.Get("number"), IssuingCountry: form.Get("issuing_country"),
		ExpiresOn: form.Get("expires_on"), BirthDate: form.Get("birth_date"), BirthPlace: form.Get("birth_place"),
		Consulate: form.Get("consulate"), LetterLanguage: form.Get("letter_language")}
	values := map[string]string{}
	for _, name := range formFields[1:] {
		values[name] = form.Get(name)
	}
	return in, values
}

// fieldErrors are the messages, in lang, beside the fields err refuses;
// nil when err is not about fields.
func fieldErrors(lang string, err error) map[string]string {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 {
		return nil
	}
	t := texts(lang)
	out := map[string]string{}
	for _, f := range ae.Fields {
		out[f.Field] = t["page."+messageKey(f.Detail)]
	}
	return out
}

// messageKey is the catalogue key of a refused field's detail.
func messageKey(detail string) string {
	for prefix, key := range map[string]string{detailRequired: "err_required", detailNumber: "err_number",
		detailCountry: "err_country", detailDate: "err_date", detailExpiry: "err_expiry", detailBirth: "err_birth",
		detailLanguage: "err_language"} {
		if strings.HasPrefix(detail, prefix) {
			return key
		}
	}
	return "err_text"
}
