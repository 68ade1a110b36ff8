package badges_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/testkit"
	"accreditation/internal/typeset"
)

// TestBadgesInOtherScripts: an A6 badge without a photo for each name of
// the fixture's scripts.tsv (Bengali to Hangul, drawn as outlines) stays
// under 150 KB, prints the name where pdftotext finds it as typed, and
// rasterised at 50 dpi matches testdata/golden-script-<key>.png (go test
// -update rewrites them). pdftotext reads a right-to-left line on a page of
// left-to-right ones run by run, in visual order (Ben-Gurion's hyphen
// splits his name, Thaana's word-final vowel signs are read before their
// words); their text is read back on a line of its own by typeset's
// TestScriptsExtractAsText. Set BADGES_KEEP to a folder to keep the PDFs.
func TestBadgesInOtherScripts(t *testing.T) {
	for _, n := range fixtures.Scripts() {
		t.Run(n.Key, func(t *testing.T) {
			var b bytes.Buffer
			opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 9, 0, 0, 0, time.UTC), Title: n.Key}
			if err := badges.Render(&b, badges.A6, []badges.Card{testCard(t, n, 1, nil)}, opts); err != nil {
				t.Fatal(err)
			}
			if b.Len() > 150<<10 {
				t.Errorf("badge is %d KB, want under 150 KB", b.Len()>>10)
			}
			t.Logf("badge with %s (%s): %d KB", n.Native, n.Exercises, b.Len()>>10)
			path := writeTemp(t, n.Key+".pdf", b.Bytes())
			if keep := os.Getenv("BADGES_KEEP"); keep != "" {
				if err := os.WriteFile(filepath.Join(keep, "badge-"+n.Key+".pdf"), b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if text := run(t, "pdftotext", "-enc", "UTF-8", path, "-"); !typeset.IsRTL(n.Native) && !strings.Contains(text, n.Native) {
				t.Errorf("%q missing from the badge's text %q", n.Native, text)
			}
			testkit.GoldenPage(t, b.Bytes(), 1, 50, filepath.Join("testdata", "golden-script-"+n.Key+".png"), updating())
		})
	}
}
