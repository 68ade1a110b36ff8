package typeset

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
)

// A line is cut into segments of one family at one embedding level, put in
// visual order by the bidi levels, and each is shaped by go-text's port of
// HarfBuzz: Arabic joining, ligatures and mark positioning included (Shape
// and Runs, which return strings, still join Arabic through presentation
// forms, see arabic.go). When every
// glyph HarfBuzz chooses is the one the character map gives its character,
// unmoved (Latin, Cyrillic, Greek, Georgian, Armenian, unpointed Hebrew,
// ...), the segment is drawn as text by fpdf, which embeds a subset of the
// face. Otherwise (conjuncts, reordered vowels, positioned marks, and every
// CJK face, whose PostScript outlines fpdf cannot embed) the glyphs are drawn
// as filled outlines, and the characters as typed are laid over them as
// invisible text (rendering mode 3), so that they can be searched, selected
// and extracted.

// segment is a piece of a logical line in one family at one embedding
// level.
type segment struct {
	text   []rune // in logical order, prepared
	family string
	rtl    bool
}

// shapedSegment is a segment ready to be drawn at a size.
type shapedSegment struct {
	seg segment
	// For segments drawn as text: the runes in visual order.
	text   string
	glyphs []placedGlyph // for segments drawn as outlines
	upem   float64
	face   *metrics
	// fakeBold is set for a family whose bold style is its regular face.
	fakeBold bool
	width    float64 // in pdf's user unit
}

// placedGlyph is a glyph from HarfBuzz, in font units.
type placedGlyph struct {
	id               font.GID
	advance          float64
	xOffset, yOffset float64
}

// segments cuts the logical line s of a paragraph of direction d into
// segments, in visual order, from cut when it has them (the segments are
// shared: callers only read them).
func segments(s string, d Direction) []segment {
	if uncached {
		return cutNow(s, d)
	}
	key := cutKey{s, d}
	cut.Lock()
	segs, ok := cut.m[key]
	cut.Unlock()
	if ok {
		return segs
	}
	segs = cutNow(s, d)
	cut.Lock()
	if len(cut.m) >= shapedSize {
		clear(cut.m)
	}
	cut.m[key] = segs
	cut.Unlock()
	return segs
}

// cut keeps the segments of the lines cut lately, as shaped keeps their
// glyphs: the Unicode Bidirectional Algorithm and the choice of fonts give
// the same segments for the same line every time it is measured.
var cut = struct {
	sync.Mutex
	m map[cutKey][]segment
}{m: map[cutKey][]segment{}}

type cutKey struct {
	s string
	d Direction
}

// cutNow cuts a line into segments.
func cutNow(s string, d Direction) []segment {
	rs := prepare(s)
	levels := resolveLevels(rs, paragraphLevel(rs, d))
	fam := chooseFamilies(rs, levels)
	var segs []segment
	var segLevels []level
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && levels[j] == levels[i] && fam[j] == fam[i] {
			j++
		}
		segs = append(segs, segment{rs[i:j], fam[i], levels[i]%2 == 1})
		segLevels = append(segLevels, levels[i])
		i = j
	}
	out := make([]segment, 0, len(segs))
	for _, k := range visualOrder(segLevels) {
		out = append(out, segs[k])
	}
	return out
}

// shapeSegments shapes the line s of a paragraph of direction d in style st
// and measures it. It adds the faces drawn as text to pdf.
func shapeSegments(pdf *fpdf.Fpdf, s string, d Direction, st Style) []shapedSegment {
	segs := segments(s, d)
	out := make([]shapedSegment, 0, len(segs))
	for _, seg := range segs {
		out = append(out, shapeSegment(pdf, seg, st))
	}
	return out
}

func shapeSegment(pdf *fpdf.Fpdf, seg segment, st Style) shapedSegment {
	sh := shapedSegment{seg: seg}
	m := faceMetricsOf(seg.family, st.fontStyle())
	sh.face, sh.upem = m, m.upem
	sh.fakeBold = st.Bold && faceMetricsOf(seg.family, "") == m // the same file
	glyphs, clusters := shapeHarfBuzz(m, seg)
	if text, ok := asText(m, seg, glyphs, clusters); ok {
		sh.text = text
		setFont(pdf, seg.family, st)
		sh.width = pdf.GetStringWidth(text)
		return sh
	}
	sh.glyphs = glyphs
	var w float64
	for _, g := range glyphs {
		w += g.advance
	}
	sh.width = w * pdf.PointConvert(st.Size) / sh.upem
	return sh
}

// buffers keeps HarfBuzz buffers, which cache shaping plans per face.
var buffers = sync.Pool{New: func() any { return harfbuzz.NewBuffer() }}

// shaped keeps the glyphs of the segments shaped lately, by face, direction
// and text, for every caller alike: wrapping and fitting measure the same
// lines many times over (at each size Fit tries, for each width balance
// tries, in each letter of a mail merge), and HarfBuzz's answer, in font
// units, is the same each time. The glyphs it keeps are never changed. It
// holds at most shapedSize segments and starts again when full.
var shaped = struct {
	sync.Mutex
	m map[shapeKey]shapeResult
}{m: map[shapeKey]shapeResult{}}

const shapedSize = 1 << 14

// uncached turns cut and shaped off, for the tests that compare what they
// draw with what is drawn without them.
var uncached bool

type shapeKey struct {
	m    *metrics
	rtl  bool
	text string
}

type shapeResult struct {
	glyphs   []placedGlyph
	clusters []int
}

// shapeHarfBuzz shapes a segment and returns its glyphs in visual order,
// with the index in seg.text of the first character of each one's cluster,
// from shaped when it has them. The slices are shared: callers only read
// them.
func shapeHarfBuzz(m *metrics, seg segment) ([]placedGlyph, []int) {
	if uncached {
		return shapeNow(m, seg)
	}
	key := shapeKey{m, seg.rtl, string(seg.text)}
	shaped.Lock()
	r, ok := shaped.m[key]
	shaped.Unlock()
	if ok {
		return r.glyphs, r.clusters
	}
	glyphs, clusters := shapeNow(m, seg)
	shaped.Lock()
	if len(shaped.m) >= shapedSize {
		clear(shaped.m)
	}
	shaped.m[key] = shapeResult{glyphs, clusters}
	shaped.Unlock()
	return glyphs, clusters
}

// shapeNow shapes a segment with HarfBuzz.
func shapeNow(m *metrics, seg segment) ([]placedGlyph, []int) {
	buf := buffers.Get().(*harfbuzz.Buffer)
	defer buffers.Put(buf)
	m.mu.Lock()
	defer m.mu.Unlock()
	buf.Clear()
	buf.AddRunes(seg.text, 0, -1)
	buf.Props.Direction = harfbuzz.LeftToRight
	if seg.rtl {
		buf.Props.Direction = harfbuzz.RightToLeft
	}
	buf.GuessSegmentProperties()
	buf.Shape(m.hb, nil)
	glyphs := make([]placedGlyph, len(buf.Info))
	clusters := make([]int, len(buf.Info))
	for i, info := range buf.Info {
		p := buf.Pos[i]
		glyphs[i] = placedGlyph{info.Glyph, float64(p.XAdvance), float64(p.XOffset), float64(p.YOffset)}
		clusters[i] = info.Cluster
	}
	return glyphs, clusters
}

// asText returns the runes to draw a shaped segment as text, in visual
// order, if every glyph is the one the character map gives its only
// character (mirrored in right-to-left text), unmoved. Kerning is then lost,
// as fpdf does not kern.
func asText(m *metrics, seg segment, glyphs []placedGlyph, clusters []int) (string, bool) {
	if f, _ := findFace(seg.family, ""); f.cff {
		return "", false
	}
	var out []rune
	seen := map[int]bool{}
	for i, g := range glyphs {
		c := clusters[i]
		if seen[c] || g.xOffset != 0 || g.yOffset != 0 {
			return "", false
		}
		seen[c] = true
		r := seg.text[c]
		if r > 0xFFFF {
			return "", false // fpdf's character maps stop at U+FFFF
		}
		if mr, ok := mirrors[r]; ok && seg.rtl {
			r = mr
		}
		if want, ok := m.nominal(r); invisible(r) || !ok || want != g.id {
			if invisible(r) {
				continue
			}
			return "", false
		}
		out = append(out, r)
	}
	if len(seen) != len(seg.text) {
		return "", false // a glyph stood for several characters
	}
	return string(out), true
}

// drawSegment draws a shaped segment with its pen at x on the baseline base.
func drawSegment(pdf *fpdf.Fpdf, x, base float64, sh shapedSegment, st Style) {
	if sh.glyphs == nil {
		setFont(pdf, sh.seg.family, st)
		pdf.Text(x, base, sh.text)
		return
	}
	drawOutlines(pdf, x, base, sh, st)
	drawInvisible(pdf, x, base, sh, st)
}

// drawOutlines fills the outlines of the glyphs of sh in the text colour.
func drawOutlines(pdf *fpdf.Fpdf, x, base float64, sh shapedSegment, st Style) {
	k := pdf.PointConvert(st.Size) / sh.upem // user units a font unit
	ratio := pdf.GetConversionRatio()        // points a user unit
	_, pageHeight := pdf.GetPageSize()
	r, g, b := pdf.GetTextColor()
	colour := rgb(r, g, b)
	paint := colour + " rg f"
	if st.Bold && sh.fakeBold {
		// A family without a bold face (CJK) is emboldened by stroking its
		// outlines as well as filling them (the width in font units, times
		// three as the paths are).
		paint = colour + " rg " + colour + " RG " + num(3*sh.upem*fakeBoldStroke) + " w B"
	}
	scale := strings.TrimRight(strconv.FormatFloat(k*ratio/3, 'f', 9, 64), "0") // a few thousandths
	var pen float64
	var out []byte
	for _, gl := range sh.glyphs {
		path := sh.face.glyphPath(gl.id)
		ox, oy := x+(pen+gl.xOffset)*k, base-gl.yOffset*k
		pen += gl.advance
		if path == "" {
			continue
		}
		// Each glyph in its own coordinates: font units times three, from
		// its origin on the baseline, y up as PDF's are.
		out = append(out, "q "+scale+" 0 0 "+scale+" "+num(ox*ratio)+" "+num((pageHeight-oy)*ratio)+" cm\n"...)
		out = append(out, path...)
		out = append(out, paint+" Q\n"...)
	}
	if len(out) > 0 {
		pdf.RawWriteBuf(bytes.NewReader(out))
	}
}

// rgb is an fpdf colour as PDF's colour operands.
func rgb(r, g, b int) string {
	return num(float64(r)/255) + " " + num(float64(g)/255) + " " + num(float64(b)/255)
}

// num formats a number for a content stream: to a thousandth, without
// trailing zeros (a thousandth of a point, or of a font unit).
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// fakeBoldStroke is the width of the stroke that emboldens a family without
// a bold face, as a share of the font size.
const fakeBoldStroke = 0.035

// drawInvisible lays the characters of sh, as typed but in visual order,
// over its outlines as invisible text in Sans, stretched to the width of
// the outlines, so that text extraction finds them where they are drawn.
// Sans has no glyph for most of them; invisible text needs none, and fpdf's
// ToUnicode map gives every character back.
func drawInvisible(pdf *fpdf.Fpdf, x, base float64, sh shapedSegment, st Style) {
	var rs []rune
	for _, r := range sh.seg.text {
		switch {
		case r > 0xFFFF:
			// fpdf's character maps stop at U+FFFF (and fail beyond); no
			// embedded face has such a character, so Unprintable refuses
			// names with one.
			rs = append(rs, '\uFFFD')
		case !invisible(r) || r == zwnj || r == zwj: // joiners are part of the name as typed
			rs = append(rs, r)
		}
	}
	if sh.seg.rtl {
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
	}
	if len(rs) == 0 {
		return
	}
	text := string(rs)
	setFont(pdf, Sans, st)
	w := pdf.GetStringWidth(text)
	if w <= 0 || sh.width <= 0 {
		return
	}
	pdf.RawWriteStr("q 3 Tr " + strconv.FormatFloat(100*sh.width/w, 'f', 2, 64) + " Tz")
	pdf.Text(x, base, text)
	pdf.RawWriteStr("Q")
}

// segmentsWidth returns the width of shaped segments in pdf's user unit.
func segmentsWidth(segs []shapedSegment) float64 {
	var w float64
	for _, s := range segs {
		w += s.width
	}
	return w
}
