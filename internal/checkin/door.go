package checkin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/i18n"
	"accreditation/internal/web"
)

//go:embed static
var staticFS embed.FS

//go:embed templates/door.html
var templatesFS embed.FS

var doorPage = template.Must(template.ParseFS(templatesFS, "templates/door.html"))

// DoorVersion is the version of the door page that devices report
// (X-Scanner-Version): the start of the SHA-256 of its script and page, so
// that the console tells which devices still run an older page.
var DoorVersion = doorVersion()

func doorVersion() string {
	h := sha256.New()
	for _, f := range []string{"static/door.js", "templates/door.html"} {
		b, _ := fs.ReadFile(staticOrTemplates(f), f)
		h.Write(b)
	}
	return "door-" + hex.EncodeToString(h.Sum(nil))[:12]
}

func staticOrTemplates(name string) fs.FS {
	if strings.HasPrefix(name, "static/") {
		return staticFS
	}
	return templatesFS
}

// DoorRoutes serves the door page at /door and its script and style under
// /static/checkin/. The QR decoder is the one verified copy of jsQR under
// internal/web (web.JSQRPath; scripts/vendor-assets.sh checks it against its
// npm package). The page is public: the device pairs on it with the code the
// console shows as a QR code, or signs in with its token. Its texts are the
// message catalogue's namespace "door" in the language of ?lang=, else of
// the browser's Accept-Language, else English; the script then turns to the
// signed-in device's language when none was asked for.
func DoorRoutes(e *echo.Echo) {
	sub, _ := fs.Sub(staticFS, "static")
	e.GET("/door", serveDoor)
	assets := http.StripPrefix("/static/checkin/", http.FileServer(http.FS(sub)))
	e.GET("/static/checkin/*", echo.WrapHandler(assets))
}

func serveDoor(c echo.Context) error {
	lang, chosen := c.QueryParam("lang"), true
	if !i18n.IsLanguage(lang) {
		lang, chosen = acceptLanguage(c.Request().Header.Get("Accept-Language")), false
	}
	d, err := newDoorData(lang, chosen)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := doorPage.Execute(&b, d); err != nil {
		return fmt.Errorf("door page in %s: %w", lang, err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	c.Response().Header().Set("Content-Language", lang)
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}

// doorData is what the door page template shows.
type doorData struct {
	Lang, Dir string
	// Chosen is whether the language was asked for (?lang=); when it was
	// not, the script shows the page in the signed-in device's language.
	Chosen    bool
	Langs     []doorLang
	LangCodes string // the offered languages' codes, separated by spaces
	// TextsJSON is the namespace "door" in Lang, as a JSON object keyed
	// without the namespace, for the script's texts.
	TextsJSON string
	// JSQR is the path of the verified QR decoder; Version is DoorVersion.
	JSQR, Version string
}

// doorLang is one entry of the language switcher.
type doorLang struct {
	Code, Name, Dir string
	Current         bool
}

func newDoorData(lang string, chosen bool) (doorData, error) {
	texts, err := json.Marshal(i18n.Table(lang, "door"))
	if err != nil {
		return doorData{}, err
	}
	d := doorData{Lang: lang, Dir: i18n.Dir(lang), Chosen: chosen, TextsJSON: string(texts),
		LangCodes: strings.Join(i18n.Languages, " "), JSQR: web.JSQRPath, Version: DoorVersion}
	for _, l := range i18n.Languages {
		d.Langs = append(d.Langs, doorLang{Code: l, Name: i18n.Name(l), Dir: i18n.Dir(l), Current: l == lang})
	}
	return d, nil
}

// acceptLanguage picks the first working language of an Accept-Language
// header, in the order given (weights are not weighed: browsers send the
// languages in their order of preference), else English.
func acceptLanguage(h string) string {
	for _, part := range strings.Split(h, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if l := strings.SplitN(tag, "-", 2)[0]; i18n.IsLanguage(l) {
			return l
		}
	}
	return i18n.Fallback
}

// T returns the text of key (without the namespace "door") in the page's
// language; a key missing from the catalogue fails the page, so that no
// key name reaches the door staff.
func (d doorData) T(key string) (string, error) {
	if !i18n.Has("door." + key) {
		return "", fmt.Errorf("no text door.%s in the message catalogue", key)
	}
	return i18n.T(d.Lang, "door."+key), nil
}
