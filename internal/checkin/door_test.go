package checkin_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
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
	for _, p := range []string{"/static/checkin/door.js", "/static/checkin/vendor/jsQR.js", "/static/checkin/door.css"} {
		// Static assets are outside the API contract, so served directly.
		rec := httptest.NewRecorder()
		env.App.Echo.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		r := struct {
			Status int
			Body   []byte
		}{rec.Code, rec.Body.Bytes()}
		if r.Status != 200 || len(r.Body) < 100 || !strings.Contains(string(res.Body), p) {
			t.Errorf("%s: %d, %d bytes, linked=%v", p, r.Status, len(r.Body), strings.Contains(string(res.Body), p))
		}
	}
}
