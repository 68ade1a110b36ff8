package speakers

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/i18n"
)

//go:embed static
var staticFS embed.FS

// hallView is what the chair's screen and the hall's public view show.
type hallView struct {
	Lang, Dir, Title, SessionID string
	T                           map[string]string
	Version                     int64
	Seconds                     int
	Started, Now, Clock         string
	Current                     *Person
	Next                        []Person
}

// HallPage renders the full-screen view of a session's list in lang: the
// current speaker, the next three and the countdown of the speaking time.
// The page polls the list's version and reloads when it changes. It shows
// honorifics, names and delegations only. Errors: NotFound, Internal.
func (s *Service) HallPage(ctx context.Context, sessionID, lang string) ([]byte, error) {
	p, err := s.PublicList(ctx, sessionID, lang)
	if err != nil {
		return nil, err
	}
	v := hallView{Lang: lang, Dir: i18n.Dir(lang), Title: p.Titles.In(lang), SessionID: p.SessionID,
		T: i18n.Table(lang, "speakers"), Version: p.Version, Seconds: p.SpeakingSeconds,
		Now: p.Now.UTC().Format(time.RFC3339Nano), Clock: fmt.Sprintf("%02d:%02d", p.SpeakingSeconds/60, p.SpeakingSeconds%60)}
	if p.TurnStartedAt != nil {
		v.Started = p.TurnStartedAt.UTC().Format(time.RFC3339Nano)
	}
	for i, e := range p.Speakers {
		if i == 0 {
			v.Current = &p.Speakers[0].Person
		} else if i <= 3 {
			v.Next = append(v.Next, e.Person)
		}
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "hall", v); err != nil {
		return nil, apperr.Wrap(err, "render the hall's view")
	}
	return buf.Bytes(), nil
}

// HallScript is where the hall's script is served, beside the site's other
// static files.
const HallScript = "/static/speakers/hall.js"

// HallRoutes registers the hall's public view (/hall/{session_id}) and its
// script on the site's root.
func (s *Service) HallRoutes(e *echo.Echo) {
	script, _ := fs.ReadFile(staticFS, "static/hall.js")
	e.GET(HallScript, func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", script)
	})
	e.GET("/hall/:session_id", func(c echo.Context) error {
		lang := c.QueryParam("lang")
		if !i18n.IsLanguage(lang) {
			lang = "en"
		}
		b, err := s.HallPage(c.Request().Context(), c.Param("session_id"), lang)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.HTMLBlob(http.StatusOK, b)
	})
}
