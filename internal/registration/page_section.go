package registration

import (
	"context"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
)

// MemberSection is a part of the RSVP page that another package adds under
// each active member, with its own form posted to its own route (the visa
// package's passport form). Its texts and rules are its own; the page only
// places it.
type MemberSection interface {
	// Render returns the part for one active member of the page, or ""
	// when it has nothing to show. Errors: Internal.
	Render(ctx context.Context, p SectionPage, memberID string) (template.HTML, error)
	// Done is the page's notice after the part's form succeeded with
	// ?done=key, or "" when key is not the part's.
	Done(lang, key string) string
}

// SectionPage is what a member section knows of the page it is drawn on.
type SectionPage struct {
	Link       Link
	Lang, Base string
	Open       bool           // the delegation may still change its members
	Failed     *SectionFailed // the section's form refused, shown again; nil otherwise
}

// SectionFailed is a member section's form that was refused: whose, what
// was typed, and the message beside each field at fault.
type SectionFailed struct {
	MemberID       string
	Values, Errors map[string]string
}

// AddMemberSection adds a part under each active member of every RSVP page.
func (s *Service) AddMemberSection(m MemberSection) { s.sections = append(s.sections, m) }

// addSections gives each active member of the page the parts of the
// member sections.
func (s *Service) addSections(ctx context.Context, d *pageData, l Link, st pageState) error {
	for _, m := range s.sections {
		for i, mem := range d.Members {
			if !mem.Active {
				continue
			}
			p := SectionPage{Link: l, Lang: d.Lang, Base: d.Base, Open: d.Open}
			if st.section != nil && st.section.MemberID == mem.ID {
				p.Failed = st.section
			}
			h, err := m.Render(ctx, p, mem.ID)
			if err != nil {
				return err
			}
			if h != "" {
				d.Members[i].Sections = append(d.Members[i].Sections, h)
			}
		}
	}
	return nil
}

// sectionDone is the notice of a member section's ?done=key.
func (s *Service) sectionDone(lang, key string) string {
	for _, m := range s.sections {
		if t := m.Done(lang, key); t != "" {
			return t
		}
	}
	return ""
}

// PageMember resolves a member section's POST on one member of the link's
// delegation: the link, the page's language and the member's id; ok is
// false when the answer (or err) is already given, as for the page's own forms.
func (s *Service) PageMember(c echo.Context) (ctx context.Context, l Link, lang, id string, ok bool, err error) {
	return s.memberLink(c)
}

// RenderSectionFailed shows the page again (400) with problem at the top
// and the section's refused form f beside its member.
func (s *Service) RenderSectionFailed(ctx context.Context, c echo.Context, lang, problem string, f SectionFailed) error {
	_, l, err := s.Resolve(ctx, c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	return s.render(ctx, c, l, http.StatusBadRequest, pageState{lang: lang, problem: problem, section: &f})
}

// RenderPageError shows the page again with err explained as for the
// page's own forms (a closed invitation, a withdrawn member); Internal
// errors go to the error handler.
func (s *Service) RenderPageError(ctx context.Context, c echo.Context, lang string, err error) error {
	return s.renderError(ctx, c, lang, err, pageState{})
}

// Back redirects to the page after a member section's form succeeded,
// with ?done=done for its notice.
func Back(c echo.Context, lang, done string) error { return back(c, lang, done) }

// SameOrigin refuses a page's form sent from another site, for the routes
// of member sections as for the page's own.
func SameOrigin(next echo.HandlerFunc) echo.HandlerFunc { return sameOrigin(next) }
