package typeset

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"accreditation/internal/fixtures"
)

// scriptNames are the names of the fixture's scripts.tsv (beyond what Noto
// Sans and Noto Naskh Arabic cover), each with its script.
var scriptNames = func() []struct{ script, name string } {
	var out []struct{ script, name string }
	for _, n := range fixtures.Scripts() {
		out = append(out, struct{ script, name string }{n.Exercises, n.Native})
	}
	return out
}()

// TestScriptsMatchHarfBuzz checks that every segment of every name of
// scriptNames, and of the Arabic-script names of names.tsv, gets glyph for glyph, the glyphs,
// clusters, advances and offsets that HarfBuzz's hb-shape gives with the
// same font file, both styles.
func TestScriptsMatchHarfBuzz(t *testing.T) {
	_, err := exec.LookPath("hb-shape")
	needTool(t, "hb-shape", "Debian's libharfbuzz-bin", err)
	var checked int
	for _, n := range allScriptNames(t) {
		for _, style := range []string{"", "B"} {
			for _, seg := range segments(n.name, Auto) {
				f, _ := findFace(seg.family, style)
				glyphs, clusters := shapeHarfBuzz(faceMetricsOf(seg.family, style), seg)
				var got []string
				for i, g := range glyphs {
					s := fmt.Sprintf("%d=%d", g.id, clusters[i])
					if g.xOffset != 0 || g.yOffset != 0 {
						s += fmt.Sprintf("@%g,%g", g.xOffset, g.yOffset)
					}
					got = append(got, s+fmt.Sprintf("+%g", g.advance))
				}
				dir := "ltr"
				if seg.rtl {
					dir = "rtl"
				}
				out, err := exec.Command("hb-shape", "--no-glyph-names", "--direction="+dir, f.file, string(seg.text)).Output()
				if err != nil {
					t.Fatalf("hb-shape %q: %v", string(seg.text), err)
				}
				want := strings.Trim(strings.TrimSpace(string(out)), "[]")
				if g := strings.Join(got, "|"); g != want {
					t.Errorf("%s %q in %s %q:\n got %s\nwant %s", n.script, string(seg.text), seg.family, style, g, want)
				}
				checked++
			}
		}
	}
	if checked < 2*len(scriptNames) {
		t.Errorf("checked %d segments, want at least %d", checked, 2*len(scriptNames))
	}
}

// allScriptNames adds to scriptNames the right-to-left names of names.tsv
// (Arabic, Persian, Urdu).
func allScriptNames(t *testing.T) []struct{ script, name string } {
	t.Helper()
	all := slices.Clone(scriptNames)
	for _, n := range fixtures.Names() {
		if n.Native != "" && IsRTL(n.Native) {
			all = append(all, struct{ script, name string }{n.Key, n.Native})
		}
	}
	return all
}

// renderScripts draws every name of scriptNames on a page of its own,
// regular and below it bold, and returns the PDF. (pdftotext reads
// right-to-left lines in a block of left-to-right ones in another order.)
func renderScripts(t *testing.T) []byte {
	t.Helper()
	names := allScriptNames(t)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetCatalogSort(true)
	for _, n := range names {
		pdf.AddPage()
		Line(pdf, 10, 10, 190, n.name, Style{Size: 14})
		Line(pdf, 10, 30, 190, n.name, Style{Size: 14, Bold: true})
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestScriptsExtractAsText renders the names of scriptNames and checks that
// pdftotext gives every one back as it was typed, and that pdftoppm draws
// ink on every line. Set TYPESET_KEEP to a folder to keep the PDF and its
// picture there.
func TestScriptsExtractAsText(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		_, err := exec.LookPath(tool)
		needTool(t, tool, "Debian's poppler-utils", err)
	}
	dir := os.Getenv("TYPESET_KEEP")
	if dir == "" {
		dir = t.TempDir()
	}
	file := filepath.Join(dir, "scripts.pdf")
	if err := os.WriteFile(file, renderScripts(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext marks right-to-left words with embedding controls.
	text := strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, norm.NFC.String(string(out)))
	pages := strings.Split(text, "\f")
	names := allScriptNames(t)
	for i, n := range names {
		var lines []string
		for _, l := range strings.Split(pages[i], "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		want := norm.NFC.String(n.name)
		if len(lines) != 2 || lines[0] != want || lines[1] != want {
			t.Errorf("%s: pdftotext gave %q, want %q twice (%s)", n.script, lines, want, codes(want))
		}
	}
	for i, n := range names {
		pic := filepath.Join(dir, fmt.Sprintf("scripts-%02d", i+1))
		page := strconv.Itoa(i + 1)
		if err := exec.Command("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", page, "-l", page, file, pic).Run(); err != nil {
			t.Fatalf("pdftoppm: %v", err)
		}
		img := readPNG(t, pic+".png")
		for _, y := range []float64{10, 30} { // mm
			y0 := int(y / 25.4 * 60)
			if !inked(img, image.Rect(0, y0, img.Bounds().Dx(), y0+14)) {
				t.Errorf("%s: the line at %v mm has no ink", n.script, y)
			}
		}
	}
}

// TestCachedFacesSameBytes checks that a document drawn with faces parsed
// afresh and one drawn with the parsed faces cached are the same bytes.
func TestCachedFacesSameBytes(t *testing.T) {
	metricsMu.Lock()
	faceMetrics = map[string]*metrics{}
	metricsMu.Unlock()
	fresh := renderScripts(t)
	cached := renderScripts(t)
	if !bytes.Equal(fresh, cached) {
		t.Errorf("a document drawn with freshly parsed faces (%d bytes) differs from one drawn with cached faces (%d bytes)", len(fresh), len(cached))
	}
}

func readPNG(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inked reports whether some pixel of img in r is dark.
func inked(img image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 128 {
				return true
			}
		}
	}
	return false
}

// TestConcurrentDrawing draws the names in several documents at once, as
// the server does for simultaneous requests; run with -race it checks that
// the shared parsed faces are used safely.
func TestConcurrentDrawing(t *testing.T) {
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	for i := range outs {
		wg.Go(func() {
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			pdf.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			pdf.SetCatalogSort(true)
			pdf.AddPage()
			for j, n := range scriptNames {
				Unprintable(n.name)
				Line(pdf, 10, 10+float64(j)*10, 190, n.name, Style{Size: 12})
			}
			var b bytes.Buffer
			if err := pdf.Output(&b); err == nil {
				outs[i] = b.Bytes()
			}
		})
	}
	wg.Wait()
	for i := range outs {
		if len(outs[i]) == 0 || !bytes.Equal(outs[i], outs[0]) {
			t.Errorf("document %d (%d bytes) differs from document 0 (%d bytes)", i, len(outs[i]), len(outs[0]))
		}
	}
}

// TestCharactersBeyondTheBMP: fpdf's character maps end at U+FFFF and it
// fails on a character beyond; a line with an emoji or a CJK Extension B
// ideograph (which Unprintable refuses in names) still makes a document.
func TestCharactersBeyondTheBMP(t *testing.T) {
	pdf := newPage(t)
	Line(pdf, 10, 10, 190, "Ann 🙂 𠀋 习近平", Style{Size: 12})
	Paragraph(pdf, 10, 30, 50, strings.Repeat("习近平", 10), Style{Size: 12})
	if err := pdf.Output(io.Discard); err != nil {
		t.Fatal(err)
	}
}
