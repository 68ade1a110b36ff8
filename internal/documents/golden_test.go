package documents_test

import (
	"flag"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"accreditation/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden images of testdata/")

// asOf is the day the golden documents are drawn on: the List of
// Participants' cover and the certificates print it, so the images do not
// depend on the clock the suite runs at.
var asOf = time.Date(2040, 3, 20, 9, 0, 0, 0, time.UTC)

// TestGoldenDocuments draws the first page of the list's body and a
// certificate in each language at 30 dpi and compares each with its
// golden image, testdata/golden-<document>-<lang>.png (go test -update
// rewrites them). A small share of differing pixels is allowed, for
// another build of the fonts' rasteriser.
func TestGoldenDocuments(t *testing.T) {
	tool(t, "pdftoppm")
	w := newWorld(t)
	w.env.App.Services.Documents.Now = func() time.Time { return asOf }
	w.env.Device(w.event, w.checkpoint)
	mixed(w)
	langs := []string{"ar", "fr", "en", "ru", "az"}
	_, _, ids := w.delegation("member_state", "Republic of Kazakhstan", "جمهورية كازاخستان",
		member{key: "ar-3", role: "head", function: "Minister of Justice", lang: "ar", approve: true},
		member{key: "fr-2", role: "alternate", function: "Ambassador", lang: "fr", approve: true},
		member{key: "long-1", role: "delegate", function: "Legal adviser", lang: "en", approve: true},
		member{key: "kk-1", role: "adviser", function: "Counsellor", lang: "ru", approve: true},
		member{key: "az-2", role: "delegate", function: "Director", lang: "az", approve: true})
	day1 := time.Date(2040, 3, 18, 5, 30, 0, 0, time.UTC) // 09:30 in Baku
	for _, id := range ids {
		w.enter(id, day1)
	}
	for i, lang := range langs {
		t.Run("list-"+lang, func(t *testing.T) {
			compareGolden(t, w.list("language="+lang), 2, "list-"+lang)
		})
		t.Run("certificate-"+lang, func(t *testing.T) {
			res := w.env.Do("GET", "/api/v1/participants/"+ids[i]+"/certificate", "secretariat", nil)
			if res.Status != http.StatusOK {
				t.Fatalf("certificate: %d %s", res.Status, res.Body)
			}
			compareGolden(t, res.Body, 1, "certificate-"+lang)
		})
	}
}

// compareGolden compares page of pdf with testdata/golden-<name>.png.
func compareGolden(t *testing.T, pdf []byte, page int, name string) {
	t.Helper()
	testkit.GoldenPage(t, pdf, page, 30, filepath.Join("testdata", "golden-"+name+".png"), *update)
}
