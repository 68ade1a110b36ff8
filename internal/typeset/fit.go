package typeset

import (
	"github.com/go-pdf/fpdf"
)

// fitStep is how much Fit shrinks the font size at each try, in points.
const fitStep = 0.25

// Layout is text laid out by Fit: the size chosen and the lines, which Draw
// draws.
type Layout struct {
	Style Style     // the style asked for, with Size set to the size chosen
	Dir   Direction // the direction of the text, never Auto
	Lines []string  // the lines, each in logical order
	Width float64   // the width of the widest line, in pdf's user unit
	// Height is the height of the lines, len(Lines) line heights, in pdf's
	// user unit.
	Height float64
	// Shrunk reports that the text fitted only below the smallest size asked
	// for; Fit then gives it the largest size that fits rather than cut it.
	Shrunk bool
}

// Fit lays text out to fit a box w wide and h high: at the largest size from
// st.Size down to minSize, in steps of a quarter point, at which it fits in
// at most maxLines lines (at least 1) wrapped at the break opportunities of
// UAX #14 (see wrap), with lines balanced to similar widths. Text is never cut off: if it fits nowhere down to
// minSize, Fit goes on shrinking and sets Layout.Shrunk. Fit adds the faces
// it measures with to pdf, recording a failure in pdf's error state. st.Size
// is the largest size tried.
func Fit(pdf *fpdf.Fpdf, text string, w, h float64, st Style, minSize float64, maxLines int) Layout {
	maxLines = max(maxLines, 1)
	d := paragraphDir(text, st)
	unit := st
	unit.Size = 1
	memo := map[string]float64{}
	width1 := func(s string) float64 { // width at 1 pt, which scales with size
		if v, ok := memo[s]; ok {
			return v
		}
		v := segmentsWidth(shapeSegments(pdf, s, d, unit))
		memo[s] = v
		return v
	}
	for size := st.Size; size > 0; size -= fitStep {
		lines := wrap(text, w/size, width1, false)
		st.Size = size
		if len(lines) > maxLines || float64(len(lines))*st.LineHeight(pdf) > h {
			continue
		}
		if widest(lines, width1)*size > w {
			continue
		}
		lines = balance(text, lines, w/size, width1)
		return Layout{
			Style:  st,
			Dir:    d,
			Lines:  lines,
			Width:  widest(lines, width1) * size,
			Height: float64(len(lines)) * st.LineHeight(pdf),
			Shrunk: size < minSize,
		}
	}
	return Layout{Style: st, Dir: d}
}

func widest(lines []string, width func(string) float64) float64 {
	var m float64
	for _, l := range lines {
		m = max(m, width(l))
	}
	return m
}

// balance narrows the wrapping width as far as it can without adding a line,
// so that a name wrapped on two lines does not leave one word alone on the
// second.
func balance(text string, lines []string, limit float64, width func(string) float64) []string {
	if len(lines) < 2 {
		return lines
	}
	lo, hi := widest(lines, width)/2, limit
	best := lines
	for range 20 {
		mid := (lo + hi) / 2
		try := wrap(text, mid, width, false)
		if len(try) <= len(lines) && widest(try, width) <= mid {
			best, hi = try, mid
		} else {
			lo = mid
		}
	}
	return best
}

// Draw draws the lines of l in the box of width w whose top left corner is
// (x, y), aligned by l.Style.Align, like Line. To centre them vertically in
// a box h high, draw at y + (h-l.Height)/2. Failures are recorded in pdf's
// error state.
func (l Layout) Draw(pdf *fpdf.Fpdf, x, y, w float64) {
	for _, line := range l.Lines {
		drawLine(pdf, x, y, w, line, l.Style, l.Dir)
		y += l.Style.LineHeight(pdf)
	}
}
