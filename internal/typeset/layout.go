package typeset

import (
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/segmenter"
)

// Align is the horizontal alignment of a line in its box.
type Align int

const (
	// AlignStart aligns a line to the side its paragraph starts on: left
	// for left-to-right paragraphs, right for right-to-left ones.
	AlignStart Align = iota
	// AlignLeft aligns to the left edge of the box.
	AlignLeft
	// AlignRight aligns to the right edge of the box.
	AlignRight
	// AlignCenter centres in the box.
	AlignCenter
)

// DefaultLeading is the distance between baselines, as a multiple of the
// font size, when Style.Leading is zero. It leaves room above for
// Vietnamese capitals with stacked marks and below for Arabic descenders.
const DefaultLeading = 1.4

// Line metrics as multiples of the font size: a line box is Leading·Size
// high, and its baseline lies lineAscent·Size below the top of the box when
// Leading is lineAscent+lineDescent; extra leading is shared above and below.
const (
	lineAscent  = 1.0
	lineDescent = 0.4
)

// Style says how to draw text. The zero value is not usable: Size must be set.
type Style struct {
	Size    float64   // font size in points
	Bold    bool      // bold face of both families
	Align   Align     // AlignStart by default
	Dir     Direction // paragraph direction; Auto by default
	Leading float64   // distance between baselines as a multiple of Size; 0 means DefaultLeading
}

func (st Style) fontStyle() string {
	if st.Bold {
		return "B"
	}
	return ""
}

func (st Style) leading() float64 {
	if st.Leading > 0 {
		return st.Leading
	}
	return DefaultLeading
}

// LineHeight returns the distance between baselines in pdf's user unit.
func (st Style) LineHeight(pdf *fpdf.Fpdf) float64 {
	return pdf.PointConvert(st.Size * st.leading())
}

// baseline returns the distance from the top of a line box to its baseline,
// in pdf's user unit.
func (st Style) baseline(pdf *fpdf.Fpdf) float64 {
	extra := st.leading() - lineAscent - lineDescent
	return pdf.PointConvert(st.Size * (lineAscent + extra/2))
}

// Width returns the width, in pdf's user unit, of text shaped as one line
// and drawn in style st. It adds the faces it measures with to pdf, and
// records a failure to add one in pdf's error state.
func Width(pdf *fpdf.Fpdf, text string, st Style) float64 {
	return segmentsWidth(shapeSegments(pdf, text, st.Dir, st))
}

// setFont adds the face to pdf if needed and selects it.
func setFont(pdf *fpdf.Fpdf, family string, st Style) {
	addFace(pdf, family, st.fontStyle())
	pdf.SetFont(family, st.fontStyle(), st.Size)
}

// Line draws text as one line in the box of width w whose top left corner is
// (x, y), aligned by st.Align, switching fonts by script. Text wider than w
// overflows the box; Fit and Paragraph wrap instead. Line returns the width
// of the text. It leaves pdf's font set to the last face drawn with, and
// expects fpdf's default left-to-right mode (pdf.RTL() would reverse the
// runs again). Failures are recorded in pdf's error state.
func Line(pdf *fpdf.Fpdf, x, y, w float64, text string, st Style) float64 {
	d := st.Dir
	if d == Auto {
		d = LeftToRight
		if IsRTL(text) {
			d = RightToLeft
		}
	}
	return drawLine(pdf, x, y, w, text, st, d)
}

// drawLine draws one line of a paragraph of direction d (not Auto).
func drawLine(pdf *fpdf.Fpdf, x, y, w float64, text string, st Style, d Direction) float64 {
	segs := shapeSegments(pdf, text, d, st)
	width := segmentsWidth(segs)
	x = startX(x, w, width, st.Align, d)
	base := y + st.baseline(pdf)
	for _, s := range segs {
		drawSegment(pdf, x, base, s, st)
		x += s.width
	}
	return width
}

// startX returns where a line width wide starts in a box w wide at x,
// aligned by a in a paragraph of direction d.
func startX(x, w, width float64, a Align, d Direction) float64 {
	switch {
	case a == AlignRight, a == AlignStart && d == RightToLeft:
		return x + w - width
	case a == AlignCenter:
		return x + (w-width)/2
	}
	return x
}

// paragraphDir returns the direction of a paragraph drawn in style st.
func paragraphDir(text string, st Style) Direction {
	if st.Dir != Auto {
		return st.Dir
	}
	if IsRTL(text) {
		return RightToLeft
	}
	return LeftToRight
}

// Paragraph draws text in the box of width w whose top left corner is
// (x, y), wrapped at the line break opportunities of UAX #14 (see wrap); a line break in text starts a new paragraph.
// Each paragraph is wrapped in logical order and every line shaped on its
// own, in the direction of the whole paragraph (st.Dir, or that of its first
// strong character). A word wider than w is broken between characters. When
// a line would cross the bottom margin of a page and pdf breaks pages
// automatically, Paragraph goes on at the top of a new page. It returns the
// y below the last line, on the page it ended on. Failures are recorded in
// pdf's error state.
func Paragraph(pdf *fpdf.Fpdf, x, y, w float64, text string, st Style) float64 {
	lh := st.LineHeight(pdf)
	auto, bottom := pdf.GetAutoPageBreak()
	_, pageHeight := pdf.GetPageSize()
	_, top, _, _ := pdf.GetMargins()
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		d := paragraphDir(para, st)
		lines := wrap(para, w, func(s string) float64 {
			return segmentsWidth(shapeSegments(pdf, s, d, st))
		}, true)
		if len(lines) == 0 {
			lines = []string{""}
		}
		for _, l := range lines {
			if auto && y+lh > pageHeight-bottom && y > top {
				pdf.AddPage()
				y = top
			}
			drawLine(pdf, x, y, w, l, st, d)
			y += lh
		}
	}
	return y
}

// wrap breaks text into lines no wider than w, as measured by width,
// greedily in logical order, at the line break opportunities of UAX #14:
// after spaces, and between ideographs, kana and Hangul syllables, so that
// Chinese and Japanese wrap without spaces; but not after a hyphen, so that
// a double-barrelled name such as Shcherbakova-Yolkina stays whole. (UAX #14
// leaves breaks inside Thai, Khmer and Myanmar words to a dictionary, which
// this package has not: those break at spaces only.) Runs of spaces count as
// one. Pieces wider than w are broken between grapheme clusters when
// breakWords is set, and stand alone on a line otherwise.
func wrap(text string, w float64, width func(string) float64, breakWords bool) []string {
	var lines []string
	line := ""
	for _, piece := range breakPieces(strings.Join(strings.Fields(text), " ")) {
		if line != "" && width(strings.TrimRight(line+piece, " ")) <= w {
			line += piece
			continue
		}
		if line != "" {
			lines = append(lines, strings.TrimRight(line, " "))
		}
		line = piece
		for breakWords && width(strings.TrimRight(line, " ")) > w {
			head, tail := breakWord(strings.TrimRight(line, " "), w, width)
			if tail == "" {
				break
			}
			lines = append(lines, head)
			line = tail + line[len(strings.TrimRight(line, " ")):]
		}
	}
	if line = strings.TrimRight(line, " "); line != "" {
		lines = append(lines, line)
	}
	return lines
}

// breakPieces cuts text after each of its line break opportunities
// (UAX #14, by go-text's segmenter) but those after a hyphen; a piece keeps
// the spaces after it.
func breakPieces(text string) []string {
	var seg segmenter.Segmenter
	seg.Init([]rune(text))
	var pieces []string
	joinNext := false
	for it := seg.LineIterator(); it.Next(); {
		p := string(it.Line().Text)
		if joinNext {
			pieces[len(pieces)-1] += p
		} else {
			pieces = append(pieces, p)
		}
		joinNext = strings.HasSuffix(p, "-") || strings.HasSuffix(p, "\u2010")
	}
	return pieces
}

// breakWord splits word after the longest head of whole grapheme clusters
// (UAX #29) that fits w, keeping at least one cluster.
func breakWord(word string, w float64, width func(string) float64) (head, tail string) {
	var seg segmenter.Segmenter
	rs := []rune(word)
	seg.Init(rs)
	cut := 0
	for it := seg.GraphemeIterator(); it.Next(); {
		g := it.Grapheme()
		end := g.Offset + len(g.Text)
		if cut > 0 && width(string(rs[:end])) > w {
			break
		}
		cut = end
	}
	return string(rs[:cut]), string(rs[cut:])
}
