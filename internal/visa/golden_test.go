package visa_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden images of testdata/")

// TestGoldenVisaLetters draws the visa letter in each working language
// (the page in the participant's chosen language, after the English one)
// at 30 dpi and compares it with testdata/golden-visa-<lang>.png (go test
// -update rewrites them); its text, read back, names the participant and
// the consulate. The letter is dated on a fixed day.
func TestGoldenVisaLetters(t *testing.T) {
	testkit.NeedTool(t, "pdftoppm", "poppler-utils")
	f := newFixture(t, database.OpenTestSQLite(t))
	f.App.Services.Visa.Now = func() time.Time { return time.Date(2040, 1, 20, 9, 0, 0, 0, time.UTC) }
	f.mustDo("POST", "/api/v1/participants/"+f.MemberID+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}, 200)
	said := map[string]string{"ar": "الموضوع", "fr": "Objet", "en": "Subject", "ru": "Тема", "az": "Mövzu"}
	for _, lang := range []string{"ar", "fr", "en", "ru", "az"} {
		t.Run(lang, func(t *testing.T) {
			f.mustDo("PUT", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", with(map[string]any{"letter_language": lang}), 200)
			r := f.Do("POST", "/api/v1/participants/"+f.MemberID+"/visa-letter", "secretariat", nil)
			if r.Status != 200 {
				t.Fatalf("letter: %d %.300s", r.Status, r.Body)
			}
			pages := strings.Split(strings.TrimRight(pdfText(t, r.Body), "\f"), "\f")
			page := len(pages) // the chosen language's page comes last
			text := oneLine(pages[page-1])
			for _, want := range []string{said[lang], f.Name.Given, f.Name.Family, "AZ1234567",
				"Consulate General of the Republic of Azerbaijan in Istanbul"} {
				if !strings.Contains(text, want) {
					t.Errorf("the %s letter lacks %q:\n%s", lang, want, text)
				}
			}
			if dir := os.Getenv("VISA_LETTER_DIR"); dir != "" {
				must(t, os.WriteFile(filepath.Join(dir, "visa-letter-"+lang+".pdf"), r.Body, 0o644))
			}
			testkit.GoldenPage(t, r.Body, page, 30, filepath.Join("testdata", "golden-visa-"+lang+".png"), *update)
		})
	}
}
