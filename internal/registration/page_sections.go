package registration

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// PageSection is a section another package adds to the RSVP page (the list
// of speakers, say), below the protocol events: it renders its own HTML
// from its own template, and its forms post through SectionForm.
type PageSection struct {
	// Name tells the section's forms and errors apart from the others'.
	Name string
	// Render draws the section for the link's delegation; "" draws nothing.
	Render func(ctx context.Context, l Link, v SectionView) (template.HTML, error)
	// Message is what the page says, in lang, when the section's form
	// failed with err (an apperr other than Internal).
	Message func(lang string, err error) string
}

// SectionView is what a section needs of one rendering of the page.
type SectionView struct {
	Lang, Base string
	Done       string // the page's done parameter after a successful form
	Problem    string // the message of the section's failed form, or ""
}

// AddPageSection adds a section to the RSVP page; wiring calls it.
func (s *Service) AddPageSection(sec PageSection) { s.pageSections = append(s.pageSections, sec) }

// SectionForm handles a POST of a section's form on g: the link resolved,
// act run, then back to the page with done=what act returned (name when
// "") on success, or the page again with the section's message beside it
// (and the status of the error).
func (s *Service) SectionForm(g *echo.Group, path, name string, act func(ctx context.Context, c echo.Context, l Link) (string, error)) {
	g.POST(path, func(c echo.Context) error {
		ctx, l, ok, err := s.pageLink(c)
		if !ok {
			return err
		}
		lang := pageLang(c, l.Invitation.Language)
		done, err := act(ctx, c, l)
		if err == nil {
			if done == "" {
				done = name
			}
			return back(c, lang, url.QueryEscape(done))
		}
		if apperr.KindOf(err) == apperr.Internal {
			return err
		}
		var sec PageSection
		for _, x := range s.pageSections {
			if x.Name == name {
				sec = x
			}
		}
		msg := pageTexts(lang)["err_generic"]
		if sec.Message != nil {
			msg = sec.Message(lang, err)
		}
		status := map[apperr.Kind]int{apperr.NotFound: http.StatusNotFound, apperr.Conflict: http.StatusConflict,
			apperr.Forbidden: http.StatusForbidden, apperr.TooLarge: http.StatusRequestEntityTooLarge,
			apperr.Unsupported: http.StatusUnsupportedMediaType}[apperr.KindOf(err)]
		if status == 0 {
			status = http.StatusBadRequest
		}
		return s.render(ctx, c, l, status, pageState{lang: lang, problem: msg, fields: map[string]string{"section:" + name: msg}})
	}, sameOrigin)
}

// addPageSections renders the sections other packages added.
func (s *Service) addPageSections(ctx context.Context, c echo.Context, d *pageData, l Link, st pageState) error {
	for _, sec := range s.pageSections {
		h, err := sec.Render(ctx, l, SectionView{Lang: st.lang, Base: st.base,
			Done: c.QueryParam("done"), Problem: st.fields["section:"+sec.Name]})
		if err != nil {
			return err
		}
		if h != "" {
			d.Sections = append(d.Sections, h)
		}
	}
	return nil
}
