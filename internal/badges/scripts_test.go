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
)

// TestBadgesInOtherScripts: an A6 badge without a photo for a name in a
// script drawn as outlines (Bengali, Chinese) stays under 150 KB, prints
// the name where pdftotext finds it as typed, and rasterises. Set
// BADGES_KEEP to a folder to keep the pictures.
func TestBadgesInOtherScripts(t *testing.T) {
	for _, n := range []fixtures.Name{
		{Key: "bn", Honorific: "H.E. Ms", Given: "Sheikh", Family: "Hasina", Native: "শেখ হাসিনা"}, // bn.wikipedia
		{Key: "zh", Honorific: "H.E. Mr", Given: "Jinping", Family: "Xi", Native: "习近平"},           // zh.wikipedia
	} {
		t.Run(n.Key, func(t *testing.T) {
			var b bytes.Buffer
			opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 9, 0, 0, 0, time.UTC), Title: n.Key}
			if err := badges.Render(&b, badges.A6, []badges.Card{testCard(t, n, 1, nil)}, opts); err != nil {
				t.Fatal(err)
			}
			if b.Len() > 150<<10 {
				t.Errorf("badge is %d KB, want under 150 KB", b.Len()>>10)
			}
			t.Logf("badge with %s: %d KB", n.Native, b.Len()>>10)
			path := writeTemp(t, n.Key+".pdf", b.Bytes())
			if text := run(t, "pdftotext", "-enc", "UTF-8", path, "-"); !strings.Contains(text, n.Native) {
				t.Errorf("%q missing from the badge's text %q", n.Native, text)
			}
			dir := t.TempDir()
			if keep := os.Getenv("BADGES_KEEP"); keep != "" {
				dir = keep
			}
			run(t, "pdftoppm", "-r", "60", "-png", "-singlefile", path, filepath.Join(dir, "badge-"+n.Key))
		})
	}
}
