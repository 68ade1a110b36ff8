package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

var (
	pagesOnce sync.Once
	pages     map[string]*template.Template
)

// funcs are the helpers every template may call beside the Page's methods.
var funcs = template.FuncMap{
	"texts": func(t event.Texts, lang string) string { return textIn(t, lang) },
	"add":   func(a, b int) int { return a + b },
	"query": func(kv ...string) template.URL { return template.URL(queryOf(kv...)) },
	"pct": func(n, of int) int {
		if of <= 0 {
			return 0
		}
		return n * 100 / of
	},
	"join": strings.Join,
	"list": func(v ...any) []any { return v },
}

// template parses, once, each page file of templates/ with the layout and
// the shared parts; a page named "x" is templates/x.html.
func pageTemplate(name string) *template.Template {
	pagesOnce.Do(func() {
		pages = map[string]*template.Template{}
		files, _ := fs.Glob(templateFS, "templates/*.html")
		for _, f := range files {
			base := strings.TrimSuffix(path.Base(f), ".html")
			if base == "layout" || base == "parts" {
				continue
			}
			pages[base] = template.Must(template.New(base).Funcs(funcs).ParseFS(templateFS,
				"templates/layout.html", "templates/parts.html", f))
		}
	})
	return pages[name]
}

// Page is what every console page's template receives: the viewer, the
// language, the form token, and the page's own data.
type Page struct {
	Lang    string
	Dir     string
	Title   string // catalogue key of the page's title
	Path    string // the request's path with its query, for the language form
	User    actor.Actor
	CSRF    string
	Event   *event.Event // the event the page belongs to, if any
	Nav     string       // which entry of the menu is current
	Done    string       // a confirmation to show, already translated
	Problem string       // an error above the form, already translated
	Form    *Form
	Mail    bool // whether mail is delivered (an SMTP server is configured)
	Data    any
}

// T is the text of key in the page's language; args fill a format.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// In is a text of the event (a name per language) in the page's language.
func (p *Page) In(t event.Texts) string { return textIn(t, p.Lang) }

// Languages are the console's languages, for the language menu.
func (p *Page) Languages() []LangOption {
	out := make([]LangOption, 0, len(i18n.Languages))
	for _, l := range i18n.Languages {
		out = append(out, LangOption{Code: l, Name: i18n.Name(l), Dir: i18n.Dir(l), Current: l == p.Lang})
	}
	return out
}

// LangOption is one entry of the language menu.
type LangOption struct {
	Code, Name, Dir string
	Current         bool
}

// textIn picks a text in lang, else English, else any language present.
func textIn(t event.Texts, lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t[i18n.Fallback]; s != "" {
		return s
	}
	for _, l := range i18n.Languages {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

func queryOf(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

func rctxWithToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, tokenKey, token)
}

// page starts the Page of a request: the viewer, the language, the form
// token and any confirmation named by ?done= (a catalogue key, so that a
// link cannot put arbitrary text on the page).
func (c *Console) page(ctx echo.Context, title string) *Page {
	lang := language(ctx)
	p := &Page{Lang: lang, Dir: i18n.Dir(lang), Title: title, Path: ctx.Request().URL.RequestURI(),
		User: actor.From(ctx.Request().Context()), Mail: c.MailEnabled}
	if tok, ok := ctx.Request().Context().Value(tokenKey).(string); ok {
		p.CSRF = csrfToken(tok)
	}
	if d := ctx.QueryParam("done"); d != "" && i18n.Has("console.done."+d) {
		if n, err := strconv.Atoi(ctx.QueryParam("n")); err == nil {
			p.Done = p.T("console.done."+d, n)
		} else if !strings.Contains(i18n.T(i18n.Fallback, "console.done."+d), "%") {
			p.Done = p.T("console.done." + d)
		}
	}
	return p
}

// render writes a page with its layout.
func (c *Console) render(ctx echo.Context, status int, name string, p *Page) error {
	t := pageTemplate(name)
	if t == nil {
		return apperr.Wrap(errors.New("no template "+name), "render console page")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return apperr.Wrap(err, "render console page "+name)
	}
	noStore(ctx)
	return ctx.HTMLBlob(status, buf.Bytes())
}

// renderError shows an error as a page in the viewer's language; internal
// errors go to the server's error handler (logged, no detail shown).
func (c *Console) renderError(ctx echo.Context, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	p := c.page(ctx, "console.error.title")
	key := "console.error." + strings.ToLower(http.StatusText(httpStatus(err)))
	key = strings.ReplaceAll(key, " ", "_")
	if !i18n.Has(key) {
		key = "console.error.other"
	}
	p.Problem = p.T(key)
	p.Data = ae.Detail
	return c.render(ctx, httpStatus(err), "error", p)
}

func httpStatus(err error) int { return httpx.StatusOf(err) }

func (c *Console) renderSignin(ctx echo.Context, status int, st signinState) error {
	p := c.page(ctx, "console.signin.title")
	p.Form = NewForm(p.Lang)
	p.Form.Values["email"] = st.email
	p.Form.Values["next"] = st.next
	for f, msg := range st.fields {
		p.Form.Errors[f] = msg
	}
	switch {
	case st.expired:
		p.Problem = p.T("console.signin.expired")
	case st.problem != "":
		p.Problem = p.T(st.problem)
	}
	if ctx.QueryParam("done") == "signed_out" {
		p.Done = p.T("console.done.signed_out")
	}
	return c.render(ctx, status, "signin", p)
}
