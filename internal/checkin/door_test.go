package checkin_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/web"
)

// TestDoorPageServesItsAssets checks the page, its script and the vendored
// decoder are served from the binary, with no inline script (CSP script-src
// 'self').
func TestDoorPageServesItsAssets(t *testing.T) {
	env := apptest.New(t)
	res := env.Do(http.MethodGet, "/door", "", nil)
	if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/door: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).Match(res.Body) || strings.Contains(string(res.Body), " on") && regexp.MustCompile(` on[a-z]+=`).Match(res.Body) {
		t.Errorf("the page has an inline script")
	}
	for _, p := range []string{"/static/checkin/door.js", web.JSQRPath, "/static/checkin/door.css"} {
		r := getStatic(env, p)
		if r.Code != 200 || r.Body.Len() < 100 || !strings.Contains(string(res.Body), `"`+p+`"`) {
			t.Errorf("%s: %d, %d bytes, linked=%v", p, r.Code, r.Body.Len(), strings.Contains(string(res.Body), p))
		}
	}
}

// getStatic serves a static asset (outside the API contract) directly.
func getStatic(env *apptest.Env, p string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	env.App.Echo.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
	return rec
}

// TestDoorPageLoadsTheVerifiedDecoder: the door page loads the one copy of
// jsQR that scripts/vendor-assets.sh verifies (internal/web/static/vendor),
// whose bytes are those of the sha256 its README records; the old copy
// under the checkin package is gone, and no other copy is in the tree.
func TestDoorPageLoadsTheVerifiedDecoder(t *testing.T) {
	env := apptest.New(t)
	body := string(env.Do(http.MethodGet, "/door", "", nil).Body)
	scripts := regexp.MustCompile(`<script src="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(scripts) != 2 || scripts[0][1] != web.JSQRPath {
		t.Fatalf("the page loads %v, want the verified decoder %s first, then door.js", scripts, web.JSQRPath)
	}
	readme, err := os.ReadFile("../web/static/vendor/README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("\\| `jsQR.js` \\| jsqr \\| [0-9.]+ \\| `([0-9a-f]{64})` \\|").FindSubmatch(readme)
	if m == nil {
		t.Fatal("internal/web/static/vendor/README.md lists no sha256 for jsQR.js")
	}
	served := getStatic(env, web.JSQRPath)
	sum := sha256.Sum256(served.Body.Bytes())
	if served.Code != 200 || hex.EncodeToString(sum[:]) != string(m[1]) {
		t.Errorf("%s: %d, sha256 %x, want the recorded %s", web.JSQRPath, served.Code, sum, m[1])
	}
	if r := getStatic(env, "/static/checkin/vendor/jsQR.js"); r.Code != http.StatusNotFound {
		t.Errorf("the unverified copy is still served: %d", r.Code)
	}
	err = filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(d.Name(), "jsQR.js") && filepath.ToSlash(p) != "../../internal/web/static/vendor/jsQR.js" {
			t.Errorf("another copy of the QR decoder: %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDoorPageSpeaksTheBrowsersLanguage: before a device is paired, the page
// is in the first working language of the browser's Accept-Language (the
// script turns to the device's language once it is signed in).
func TestDoorPageSpeaksTheBrowsersLanguage(t *testing.T) {
	env := apptest.New(t)
	for header, want := range map[string]string{"ar-SA,ar;q=0.9,en;q=0.5": "ar", "de-DE, ru;q=0.8": "ru",
		"az": "az", "de": "en", "": "en", "fr-CH;q=0.9": "fr"} {
		req := httptest.NewRequest(http.MethodGet, "/door", nil)
		req.Header.Set("Accept-Language", header)
		res := env.Send(req)
		body := string(res.Body)
		if !strings.Contains(body, `<html lang="`+want+`" dir="`+map[bool]string{true: "rtl", false: "ltr"}[want == "ar"]+`">`) ||
			!strings.Contains(body, `data-lang="`+want+`" data-chosen="false"`) || res.Header.Get("Content-Language") != want {
			t.Errorf("Accept-Language %q: the page is not in %s, left to the device's language", header, want)
		}
	}
}
