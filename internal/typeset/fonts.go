package typeset

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/harfbuzz"
	"golang.org/x/image/font/sfnt"
)

// The font families that Register adds, each in a regular ("") and a bold
// ("B") style.
const (
	// Sans is Noto Sans: Latin (with Azeri, Turkish, French, Hausa, Irish
	// and Vietnamese letters), Greek (polytonic too) and Cyrillic (with
	// Kazakh letters).
	Sans = "NotoSans"
	// Arabic is Noto Naskh Arabic, whose character map has the Arabic
	// presentation forms that Shape produces, Persian and Urdu ones
	// included.
	Arabic = "NotoNaskhArabic"
	// The families of other scripts, drawn through an OpenType shaping
	// engine (see engine.go).
	Armenian   = "NotoSansArmenian"
	Bengali    = "NotoSansBengali"
	Devanagari = "NotoSansDevanagari"
	Ethiopic   = "NotoSansEthiopic"
	Georgian   = "NotoSansGeorgian"
	Gurmukhi   = "NotoSansGurmukhi"
	Hebrew     = "NotoSansHebrew"
	Khmer      = "NotoSansKhmer"
	Myanmar    = "NotoSansMyanmar"
	Thaana     = "NotoSansThaana"
	Thai       = "NotoSansThai"
	// CJK is Noto Sans CJK SC cut down to the CJK Unified Ideographs
	// (U+4E00..U+9FFF) and their compatibility forms, kana, Hangul
	// syllables and compatibility jamo, CJK punctuation and full-width
	// forms. It has no bold face: bold CJK text is drawn in the regular one.
	CJK = "NotoSansCJKsc"
)

// The fonts come from Debian's fonts-noto-core 20201225-1 and
// fonts-noto-cjk 20220127 (cut with fontTools' pyftsubset), under the SIL
// Open Font License 1.1 (fonts/LICENSE-noto.txt).
//
//go:embed fonts/*.ttf fonts/*.otf
var fontFiles embed.FS

// face is one font file in one style. cff faces have PostScript outlines,
// which fpdf cannot embed; they are always drawn as outlines.
type face struct {
	family, style, file string
	data                []byte
	cff                 bool
}

// faces lists the embedded faces, Sans first: it is the fallback family.
var faces = loadFaces()

// families lists the families in the order chooseFamilies tries them for a
// character that the family of its script lacks.
var families = []string{Sans, Arabic, Armenian, Bengali, Devanagari, Ethiopic, Georgian, Gurmukhi,
	Hebrew, Khmer, Myanmar, Thaana, Thai, CJK}

func loadFaces() []face {
	var out []face
	for _, fam := range families {
		for _, style := range []string{"", "B"} {
			file := "fonts/" + fam + map[string]string{"": "-Regular.ttf", "B": "-Bold.ttf"}[style]
			cff := fam == CJK
			if cff {
				file = "fonts/NotoSansCJKsc-Regular-subset.otf"
			}
			data, err := fontFiles.ReadFile(file)
			if err != nil {
				panic(err) // the files are part of the program
			}
			out = append(out, face{fam, style, file, data, cff})
		}
	}
	return out
}

// Register adds the families Sans and Arabic, in regular and bold, to pdf,
// so that pdf.SetFont can use them. Each face costs fpdf about 2 ms to parse,
// and once used, about 1.5 ms to subset when the document is written. Line,
// Paragraph, Fit and Width add the faces they draw with themselves, so a
// document drawn only through them need not call Register and pays only for
// the faces it uses. Register records a failure in pdf's error state.
func Register(pdf *fpdf.Fpdf) {
	for _, f := range faces {
		if f.family == Sans || f.family == Arabic {
			addFace(pdf, f.family, f.style)
		}
	}
}

// addFace adds one face to pdf unless it is there already, which fpdf
// checks before parsing anything.
func addFace(pdf *fpdf.Fpdf, family, style string) {
	f, ok := findFace(family, style)
	if !ok || f.cff {
		pdf.SetError(fmt.Errorf("typeset: no face %q style %q for fpdf", family, style))
		return
	}
	pdf.AddUTF8FontFromBytes(family, style, f.data)
}

// findFace returns the embedded face of family in style.
func findFace(family, style string) (face, bool) {
	for _, f := range faces {
		if f.family == family && f.style == style {
			return f, true
		}
	}
	return face{}, false
}

// metrics is what this package reads from a face itself, outside fpdf: the
// face parsed by go-text, for coverage, shaping and outlines (see
// engine.go). A go-text Face caches its character map and is not safe for
// concurrent use, so every use holds mu.
type metrics struct {
	mu    sync.Mutex
	ot    *font.Face
	hb    *harfbuzz.Font
	upem  float64
	paths map[font.GID]string // see glyphPath
}

// nominal returns the glyph the character map gives r.
func (m *metrics) nominal(r rune) (font.GID, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ot.NominalGlyph(r)
}

// glyphPath returns the outline of glyph g as PDF path operators, in font
// units times three (a quadratic curve becomes a cubic one whose control
// points are then whole numbers), "" for a glyph without one (a space). It
// is worked out once per face and glyph: a page of Arabic or Chinese draws
// the same glyphs many times, each as the same bytes, which the page's
// compression then stores about once.
func (m *metrics) glyphPath(g font.GID) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.paths[g]; ok {
		return p
	}
	o, ok := m.ot.GlyphDataOutline(g)
	var b []byte
	if ok {
		// Coordinates are written times three: a point's as 3p, the
		// controls of a quadratic from p through q to r, made cubic, as
		// p+2q and r+2q, so that whole font units give whole numbers.
		xy := func(x, y float32) {
			b = strconv.AppendFloat(b, float64(x), 'f', -1, 32)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, float64(y), 'f', -1, 32)
			b = append(b, ' ')
		}
		pt := func(p ot.SegmentPoint) { xy(3*p.X, 3*p.Y) }
		var cur ot.SegmentPoint
		for _, s := range o.Segments {
			a := s.Args
			switch s.Op {
			case ot.SegmentOpMoveTo:
				pt(a[0])
				b, cur = append(b, "m\n"...), a[0]
			case ot.SegmentOpLineTo:
				pt(a[0])
				b, cur = append(b, "l\n"...), a[0]
			case ot.SegmentOpQuadTo:
				xy(cur.X+2*a[0].X, cur.Y+2*a[0].Y)
				xy(a[1].X+2*a[0].X, a[1].Y+2*a[0].Y)
				pt(a[1])
				b, cur = append(b, "c\n"...), a[1]
			case ot.SegmentOpCubeTo:
				pt(a[0])
				pt(a[1])
				pt(a[2])
				b, cur = append(b, "c\n"...), a[2]
			}
		}
	}
	if m.paths == nil {
		m.paths = map[font.GID]string{}
	}
	m.paths[g] = string(b)
	return m.paths[g]
}

var (
	metricsMu   sync.Mutex
	faceMetrics = map[string]*metrics{} // by file, which two styles may share
)

// faceMetricsOf returns the parsed face of family in style, parsing it on
// first use; a face is parsed once per process. The fonts are part of the
// program, so failing to parse one is a bug and panics.
func faceMetricsOf(family, style string) *metrics {
	metricsMu.Lock()
	defer metricsMu.Unlock()
	f, ok := findFace(family, style)
	if !ok {
		panic(fmt.Sprintf("typeset: no face %q style %q", family, style))
	}
	if m, ok := faceMetrics[f.file]; ok {
		return m
	}
	of, err := font.ParseTTF(bytes.NewReader(f.data))
	if err != nil {
		panic(fmt.Errorf("typeset: %s: %w", f.file, err))
	}
	m := &metrics{ot: of, hb: harfbuzz.NewFont(of), upem: float64(of.Upem())}
	faceMetrics[f.file] = m
	return m
}

// covers reports whether the regular face of family maps r to a glyph; the
// bold face covers the same characters, as TestAssignedLettersPrintable
// checks.
func covers(family string, r rune) bool {
	_, ok := faceMetricsOf(family, "").nominal(r)
	return ok
}

// parseFace parses an embedded font.
func parseFace(fc face) (*sfnt.Font, error) {
	f, err := sfnt.Parse(fc.data)
	if err != nil {
		return nil, fmt.Errorf("typeset: %s: %w", fc.file, err)
	}
	return f, nil
}

// tatweel (U+0640) stretches a joined Arabic word, as in "لـ"; Unicode puts it
// in no script, but only the Arabic face has it.
const tatweel = '\u0640'

// scriptFamilies gives the family of each script whose letters are not
// drawn with Sans.
var scriptFamilies = []struct {
	script *unicode.RangeTable
	family string
}{
	{unicode.Arabic, Arabic}, {unicode.Armenian, Armenian}, {unicode.Bengali, Bengali},
	{unicode.Devanagari, Devanagari}, {unicode.Ethiopic, Ethiopic}, {unicode.Georgian, Georgian},
	{unicode.Gurmukhi, Gurmukhi}, {unicode.Hebrew, Hebrew}, {unicode.Khmer, Khmer},
	{unicode.Myanmar, Myanmar}, {unicode.Thaana, Thaana}, {unicode.Thai, Thai},
	{unicode.Han, CJK}, {unicode.Hiragana, CJK}, {unicode.Katakana, CJK}, {unicode.Hangul, CJK},
	{unicode.Bopomofo, CJK},
}

// letterFamily returns the family to draw the letter or digit r with: that
// of its script if it has a glyph for r, else the first family that has
// one, else Sans (whose .notdef box Unprintable keeps off badges).
func letterFamily(r rune) string {
	for _, sf := range scriptFamilies {
		if unicode.Is(sf.script, r) && covers(sf.family, r) {
			return sf.family
		}
	}
	for _, f := range families {
		if covers(f, r) {
			return f
		}
	}
	return Sans
}

// chooseFamilies picks the family for every rune of a logical line whose
// runes have the given embedding levels: Arabic-script runes take Arabic,
// letters and digits of other scripts the family of their script (see
// letterFamily), marks and joiners the family of their base. Spaces and
// punctuation take the family of the nearest letter or digit in the same
// direction, before or after them, if it has a glyph for them, so that a run
// of Arabic words with the spaces between them stays one run; else Sans,
// else Arabic.
func chooseFamilies(s []rune, levels []level) []string {
	fam := make([]string, len(s))
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r), r == tatweel:
			fam[i] = Arabic
		case (isMark(r) || unicode.Is(unicode.Mc, r) || r == zwj || r == zwnj) && i > 0:
			fam[i] = fam[i-1]
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			fam[i] = letterFamily(r)
		}
	}
	for i := range s {
		if fam[i] == "" {
			fam[i] = neutralFamily(s, fam, levels, i)
		}
	}
	return fam
}

// neutralFamily picks the family of the neutral rune s[i].
func neutralFamily(s []rune, fam []string, levels []level, i int) string {
	var candidates []string
	for _, sameDir := range []bool{true, false} {
		for _, step := range []int{-1, 1} {
			for j := i + step; j >= 0 && j < len(s); j += step {
				if isNeutral(s[j]) || sameDir && levels[j]%2 != levels[i]%2 {
					continue
				}
				if fam[j] != "" {
					candidates = append(candidates, fam[j])
				}
				break
			}
		}
	}
	candidates = append(candidates, Sans, Arabic)
	for _, f := range candidates {
		if covers(f, s[i]) {
			return f
		}
	}
	return Sans
}

// isNeutral reports whether r is neither a letter, a digit nor a mark.
func isNeutral(r rune) bool {
	return !unicode.In(r, unicode.L, unicode.Nd, unicode.Mn, unicode.Me) && !unicode.Is(unicode.Arabic, r)
}
