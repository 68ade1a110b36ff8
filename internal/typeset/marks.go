package typeset

import (
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fpdf draws a string glyph after glyph with no mark positioning, so two
// harakat on one letter (shadda and fatha in مَّ) would be drawn on top of
// each other, and a fatha on alef or lam would cut through the letter.
// Line, Paragraph and Layout.Draw therefore draw the marks of Arabic runs
// one by one, each centred on its base and raised (or lowered) clear of it
// and of the marks already placed, as a font's mark and mkmk features would.

// markGap is the space kept between a mark and what it sits on, in font
// units (the faces have 1000 to the em).
const markGap = 50

// box is a glyph's ink box in font units, y growing downwards from the
// baseline as in sfnt.
type box struct{ minX, minY, maxX, maxY float64 }

// placedMark is a mark with the offset, in font units from the start of its
// run, of the pen position to draw it at.
type placedMark struct {
	r      rune
	dx, dy float64
}

// glyphBox returns the advance and ink box of r in f, in font units.
func glyphBox(f *sfnt.Font, buf *sfnt.Buffer, r rune) (adv float64, b box, ok bool) {
	g, err := f.GlyphIndex(buf, r)
	if err != nil || g == 0 {
		return 0, box{}, false
	}
	ppem := fixed.I(int(f.UnitsPerEm()))
	bounds, advance, err := f.GlyphBounds(buf, g, ppem, font.HintingNone)
	if err != nil {
		return 0, box{}, false
	}
	u := func(v fixed.Int26_6) float64 { return float64(v) / 64 }
	return u(advance), box{u(bounds.Min.X), u(bounds.Min.Y), u(bounds.Max.X), u(bounds.Max.Y)}, true
}

// placeMarks splits a right-to-left visual run, in which every mark comes
// just before its base, into the text of its bases and its marks placed on
// them.
func placeMarks(f *sfnt.Font, run string) (bases string, marks []placedMark) {
	var buf sfnt.Buffer
	var b strings.Builder
	var pending []rune
	var pen float64
	for _, r := range run {
		if isMark(r) {
			pending = append(pending, r)
			continue
		}
		b.WriteRune(r)
		adv, ink, ok := glyphBox(f, &buf, r)
		if !ok || ink.minX == ink.maxX {
			ink = box{minX: 0, maxX: adv}
		}
		marks = stackMarks(f, &buf, pending, pen, ink, marks)
		pending = pending[:0]
		pen += adv
	}
	return b.String(), stackMarks(f, &buf, pending, pen, box{}, marks)
}

// stackMarks places the marks of one base, given in visual order (the
// reverse of the logical one), on the base whose ink box is base, drawn at
// pen. Marks above go up clear of the base and of each other; marks below
// go down likewise.
func stackMarks(f *sfnt.Font, buf *sfnt.Buffer, visual []rune, pen float64, base box, out []placedMark) []placedMark {
	top, bottom := base.minY, base.maxY
	centre := pen + (base.minX+base.maxX)/2
	for i := len(visual) - 1; i >= 0; i-- {
		r := visual[i]
		_, m, ok := glyphBox(f, buf, r)
		if !ok {
			out = append(out, placedMark{r, pen, 0})
			continue
		}
		dx := centre - (m.minX+m.maxX)/2
		var dy float64
		if m.minY+m.maxY < 0 { // above the baseline
			dy = min(0, top-markGap-m.maxY)
			top = m.minY + dy
		} else {
			dy = max(0, bottom+markGap-m.minY)
			bottom = m.maxY + dy
		}
		out = append(out, placedMark{r, dx, dy})
	}
	return out
}

// drawRun draws one run at pen position x on the baseline base.
func drawRun(pdf *fpdf.Fpdf, x, base float64, r Run, st Style) {
	setFont(pdf, r.Family, st)
	if r.Dir != RightToLeft || !strings.ContainsFunc(r.Text, isMark) {
		pdf.Text(x, base, r.Text)
		return
	}
	m := faceMetricsOf(r.Family, st.fontStyle())
	bases, marks := placeMarks(m.font, r.Text)
	pdf.Text(x, base, bases)
	scale := pdf.PointConvert(st.Size) / float64(m.font.UnitsPerEm())
	for _, mk := range marks {
		pdf.Text(x+mk.dx*scale, base+mk.dy*scale, string(mk.r))
	}
}
