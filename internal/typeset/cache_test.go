package typeset

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/fixtures"
)

// forget empties the caches of cut segments and shaped glyphs.
func forget() {
	cut.Lock()
	clear(cut.m)
	cut.Unlock()
	shaped.Lock()
	clear(shaped.m)
	shaped.Unlock()
}

// TestCachedShapingDrawsTheSameBytes: a document of every fixture's name
// fitted, wrapped and drawn in both directions comes out byte for byte as
// without the caches, with them empty, warm, and overflowing (more lines
// than they keep, so that they start again midway).
func TestCachedShapingDrawsTheSameBytes(t *testing.T) {
	var lines []string
	for _, n := range fixtures.All() {
		lines = append(lines, n.Full(), n.Native)
	}
	text := strings.Join(lines, " ")
	render := func() []byte {
		t.Helper()
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetCreationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		pdf.SetModificationDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		pdf.SetCatalogSort(true)
		pdf.AddPage()
		y := 10.0
		for _, l := range lines {
			Fit(pdf, l, 60, 12, Style{Size: 14, Bold: true}, 6, 2).Draw(pdf, 10, y, 60)
			Line(pdf, 80, y, 60, l+" (1)", Style{Size: 9, Dir: RightToLeft})
			Line(pdf, 140, y, 60, l+" (1)", Style{Size: 9, Dir: LeftToRight})
			y += 4
			if y > 280 {
				pdf.AddPage()
				y = 10
			}
		}
		for _, d := range []Direction{LeftToRight, RightToLeft, LeftToRight} { // the same neutrals both ways
			Line(pdf, 10, y, 60, "(« » [ ] < >)", Style{Size: 12, Dir: d})
			y += 6
		}
		Paragraph(pdf, 80, 10, 110, text, Style{Size: 10})
		var b bytes.Buffer
		if err := pdf.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	uncached = true
	want := render()
	uncached = false
	forget()
	if cold := render(); !bytes.Equal(cold, want) {
		t.Fatalf("empty caches: %d bytes, without them %d", len(cold), len(want))
	}
	if warm := render(); !bytes.Equal(warm, want) {
		t.Fatalf("warm caches: %d bytes, without them %d", len(warm), len(want))
	}
	forget()
	for i := range shapedSize { // fill them with other lines
		segments("filler "+strings.Repeat("x", i%50)+string(rune('a'+i%26))+string(rune(0x4e00+i)), Auto)
	}
	if full := render(); !bytes.Equal(full, want) {
		t.Fatalf("caches starting again: %d bytes, without them %d", len(full), len(want))
	}
	if n := len(cut.m); n > shapedSize {
		t.Errorf("%d lines kept, at most %d", n, shapedSize)
	}
}
