package console

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/i18n"
)

// setupRoutes are the pages that set an event up: its details, the
// programme, zones, badge categories, checkpoints, signatories and letter
// templates. Each part has a list with a form to add one, the same form to
// change one, and a delete that asks first. Every member of staff may set
// an event up, as the API allows.
func (c *Console) setupRoutes(g *echo.Group) {
	const s = "/events/:event_id/setup"
	g.GET(s, c.setupEvent)
	g.POST(s, c.saveEvent)
	g.GET(s+"/sessions", c.setupSessions)
	g.POST(s+"/sessions", c.saveSession)
	g.GET(s+"/sessions/:session_id", c.setupSessions)
	g.POST(s+"/sessions/:session_id", c.saveSession)
	g.POST(s+"/sessions/:session_id/delete", c.deleteSession)
	g.GET(s+"/zones", c.setupZones)
	g.POST(s+"/zones", c.saveZone)
	g.GET(s+"/zones/:zone_id", c.setupZones)
	g.POST(s+"/zones/:zone_id", c.saveZone)
	g.POST(s+"/zones/:zone_id/delete", c.deleteZone)
	g.GET(s+"/categories", c.setupCategories)
	g.POST(s+"/categories", c.saveCategory)
	g.GET(s+"/categories/:category_id", c.setupCategories)
	g.POST(s+"/categories/:category_id", c.saveCategory)
	g.POST(s+"/categories/:category_id/delete", c.deleteCategory)
	g.GET(s+"/checkpoints", c.setupCheckpoints)
	g.POST(s+"/checkpoints", c.saveCheckpoint)
	g.GET(s+"/checkpoints/:checkpoint_id", c.setupCheckpoints)
	g.POST(s+"/checkpoints/:checkpoint_id", c.saveCheckpoint)
	g.POST(s+"/checkpoints/:checkpoint_id/delete", c.deleteCheckpoint)
	c.signatoryRoutes(g, s)
	c.letterRoutes(g, s)
	if c.Visa != nil {
		c.visaRoutes(g, s)
	}
}

// setupScreens are the setup pages in the order of their sub-menu; "" is
// the event's details. "visa" is there only when the console has the visa
// service.
var setupScreens = []string{"", "sessions", "zones", "categories", "checkpoints", "signatories", "letters", "visa"}

// setupTitle is the catalogue key of a setup screen's title; the visa
// settings' texts are the visa service's.
func setupTitle(screen string) string {
	switch screen {
	case "":
		return "console.setup.event.title"
	case "visa":
		return "visa.setup.title"
	}
	return "console.setup." + screen + ".title"
}

// setupLink is one entry of the setup pages' sub-menu.
type setupLink struct {
	Href, Label string
	Current     bool
}

// setupView is what a setup page's template receives: the sub-menu, the
// rows of the list, the form's target and what its selects offer.
type setupView struct {
	Screen    string
	Menu      []setupLink
	Base      string   // the setup pages' path
	Languages []string // every language a text may be given in
	Editing   string   // the id of the row the form changes; "" adds one
	Rows      any
	Zones     []event.Zone
	Loc       *time.Location
	Extra     any
}

// Action is where the page's form is sent: the row being changed, else
// the list (which adds one).
func (v setupView) Action() string {
	if v.Editing != "" {
		return v.Base + "/" + v.Screen + "/" + v.Editing
	}
	return v.Base + "/" + v.Screen
}

// ZoneName is the name in lang of the zone with id (a string, or a
// *string that may be nil), "" when there is none.
func (v setupView) ZoneName(id any, lang string) string {
	var want string
	switch x := id.(type) {
	case string:
		want = x
	case *string:
		if x != nil {
			want = *x
		}
	}
	for _, z := range v.Zones {
		if want != "" && z.ID == want {
			return textIn(z.Names, lang)
		}
	}
	return ""
}

// setupPage starts a setup page: the event, the menu entry, the sub-menu
// and a confirmation named by ?done= from this screen's catalogue.
func (c *Console) setupPage(ctx echo.Context, screen string) (*Page, *setupView, error) {
	p := c.page(ctx, setupTitle(screen))
	p.Nav = "setup"
	if err := c.loadEvent(ctx, p); err != nil {
		return p, nil, err
	}
	if d := ctx.QueryParam("done"); p.Done == "" && d != "" && i18n.Has("console.setup.done."+d) {
		p.Done = p.T("console.setup.done." + d)
	}
	base := Prefix + "/events/" + p.Event.ID + "/setup"
	v := &setupView{Screen: screen, Base: base, Languages: i18n.Languages, Loc: p.Event.Location()}
	for _, s := range setupScreens {
		if s == "visa" && c.Visa == nil {
			continue
		}
		href := base
		if s != "" {
			href = base + "/" + s
		}
		v.Menu = append(v.Menu, setupLink{Href: href, Label: setupTitle(s), Current: s == screen})
	}
	p.Data = v
	p.Form = NewForm(p.Lang)
	return p, v, nil
}

// setupDone goes back to a setup screen's list with a confirmation.
func setupDone(ctx echo.Context, p *Page, screen, done string) error {
	path := Prefix + "/events/" + p.Event.ID + "/setup"
	if screen != "" {
		path += "/" + screen
	}
	return ctx.Redirect(http.StatusSeeOther, path+"?done="+done)
}

// refuse marks the form with a service's refusal: each field at fault gets
// this screen's message for it (with the service's detail), and other
// refusals go above the form (a conflict marked on the code by codeTaken
// asks to fix the form). It returns the
// page's status, or false when the error is not the viewer's fault.
func refuse(p *Page, f *Form, err error) (int, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return 0, false
	}
	for _, fe := range ae.Fields {
		name := fe.Field
		if i := strings.IndexAny(name, ".["); i > 0 {
			name = name[:i]
		}
		if key := "console.setup.err." + name; i18n.Has(key) && f.Errors[name] == "" {
			f.Errors[name] = p.T(key)
			// The service's words follow in other languages; in English
			// only when they name something (a session, a placeholder).
			if fe.Detail != "" && (p.Lang != i18n.Fallback || strings.ContainsAny(fe.Detail, "\"{")) {
				f.Errors[name] += " (" + fe.Detail + ")"
			}
		}
	}
	switch {
	case ae.Kind == apperr.Conflict && f.Errors["code"] != "":
		p.Problem = p.T("console.err.fix")
	case ae.Kind == apperr.Conflict:
		p.Problem = p.T("console.setup.err.conflict", ae.Detail)
	case ae.Kind == apperr.NotFound:
		p.Problem = p.T("console.setup.err.gone")
	default:
		p.Problem = f.Refuse(err)
	}
	return httpStatus(err), true
}

// readTexts reads a text per language from the fields prefix_<lang>; an
// empty one is left out.
func readTexts(ctx echo.Context, f *Form, prefix string) event.Texts {
	t := event.Texts{}
	for _, l := range i18n.Languages {
		name := prefix + "_" + l
		f.Read(ctx, name)
		if s := f.Values[name]; strings.TrimSpace(s) != "" {
			t[l] = s
		}
	}
	return t
}

// showTexts fills the fields prefix_<lang> with t.
func showTexts(f *Form, prefix string, t event.Texts) {
	for l, s := range t {
		f.Values[prefix+"_"+l] = s
	}
}

// readAll reads every value of a repeated field (checkboxes) into the form,
// as Form.Has reads them.
func readAll(ctx echo.Context, f *Form, name string) []string {
	params, _ := ctx.FormParams()
	out := []string{}
	for _, v := range params[name] {
		if v != "" {
			out = append(out, strings.ToValidUTF8(v, ""))
		}
	}
	f.Values[name] = strings.Join(out, "\x00")
	return out
}

// deleteConfirmed asks before a deletion; message names what goes.
func (c *Console) deleteConfirmed(ctx echo.Context, p *Page, message string) (bool, error) {
	return c.confirmed(ctx, p, p.T("console.setup.confirm_delete", message))
}

// codeTaken marks the code of a zone or category form when the service
// refused it as taken: the one conflict that saving either can meet.
func codeTaken(p *Page, err error) {
	if apperr.Is(err, apperr.Conflict) {
		p.Form.Errors["code"] = p.T("console.setup.err.code_taken")
	}
}
