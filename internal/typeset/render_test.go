package typeset

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"accreditation/internal/fixtures"
)

// renderNames draws every name of names.tsv, in Latin script and below it in
// its own, on one A4 page, and returns the document.
func renderNames(t testing.TB, names []fixtures.Name) *fpdf.Fpdf {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	y := 10.0
	for i, n := range names {
		st := Style{Size: 10, Bold: i%2 == 1}
		Line(pdf, 10, y, 190, n.Full(), st)
		y += st.LineHeight(pdf)
		if n.Native != "" {
			Line(pdf, 10, y, 190, n.Native, st)
			y += st.LineHeight(pdf)
		}
	}
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	return pdf
}

// TestNamesCovered checks that every rune of every name, drawn as Runs
// splits it, has a glyph in both styles of the family it is drawn with: no
// name shows .notdef boxes.
func TestNamesCovered(t *testing.T) {
	fonts := map[string][]*sfnt.Font{}
	for _, f := range faces {
		fonts[f.family] = append(fonts[f.family], parseTestFace(t, f))
	}
	var buf sfnt.Buffer
	for _, n := range fixtures.Names() {
		for _, text := range []string{n.Full(), n.Native} {
			for _, run := range Runs(text) {
				for _, r := range run.Text {
					for i, f := range fonts[run.Family] {
						if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
							t.Errorf("%s: %q: %U %c has no glyph in %s face %d", n.Key, text, r, r, run.Family, i)
						}
					}
				}
			}
		}
	}
	renderNames(t, fixtures.Names())
}

// TestNamesExtractAsText renders all names and checks with pdftotext that
// names in Latin and Cyrillic script come out of the PDF as they went in.
func TestNamesExtractAsText(t *testing.T) {
	_, err := exec.LookPath("pdftotext")
	needTool(t, "pdftotext", "Debian's poppler-utils", err)
	names := fixtures.Names()
	file := filepath.Join(t.TempDir(), "names.pdf")
	if err := renderNames(t, names).OutputFileAndClose(file); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := norm.NFC.String(string(out))
	for _, n := range names {
		want := []string{n.Full()}
		if n.Native != "" && !IsRTL(n.Native) {
			want = append(want, n.Native)
		}
		for _, w := range want {
			if !strings.Contains(text, norm.NFC.String(w)) {
				t.Errorf("%s: %q not found in the text of the PDF", n.Key, w)
			}
		}
	}
}
