package documents_test

import (
	"flag"
	"net/http"
	"os"
	"os/exec"
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

// compareGolden rasterises page of pdf at 30 dpi and compares it with
// testdata/golden-<name>.png, or rewrites that file under -update.
func compareGolden(t *testing.T, pdf []byte, page int, name string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	n := string(rune('0' + page))
	prefix := filepath.Join(dir, name)
	if out, err := exec.Command(tool(t, "pdftoppm"), "-r", "30", "-png", "-f", n, "-l", n, "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	golden := filepath.Join("testdata", "golden-"+name+".png")
	if *update {
		data, err := os.ReadFile(prefix + ".png")
		if err == nil {
			err = os.WriteFile(golden, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	got, want := testkit.ReadPNG(t, prefix+".png"), testkit.ReadPNG(t, golden)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("page is %v, golden %v", got.Bounds(), want.Bounds())
	}
	if share := testkit.Differing(got, want); share > 0.01 {
		t.Fatalf("%.2f%% of pixels differ from %s (run go test -update after checking the change)", share*100, golden)
	}
}
