package typeset

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
)

// The font families that Register adds, each in a regular ("") and a bold
// ("B") style.
const (
	// Sans is Noto Sans: Latin (with Azeri, Turkish, French, Hausa, Irish
	// and Vietnamese letters), Greek and Cyrillic (with Kazakh letters).
	Sans = "NotoSans"
	// Arabic is Noto Naskh Arabic, whose character map has the Arabic
	// presentation forms that Shape produces, Persian and Urdu ones
	// included.
	Arabic = "NotoNaskhArabic"
)

// The fonts come from Debian's fonts-noto-core 20201225-1, under the SIL
// Open Font License 1.1 (fonts/LICENSE-noto.txt).
var (
	//go:embed fonts/NotoSans-Regular.ttf
	sansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	sansBold []byte
	//go:embed fonts/NotoNaskhArabic-Regular.ttf
	arabicRegular []byte
	//go:embed fonts/NotoNaskhArabic-Bold.ttf
	arabicBold []byte
)

// face is one font file in one style.
type face struct {
	family, style, file string
	data                []byte
}

var faces = []face{
	{Sans, "", "fonts/NotoSans-Regular.ttf", sansRegular},
	{Sans, "B", "fonts/NotoSans-Bold.ttf", sansBold},
	{Arabic, "", "fonts/NotoNaskhArabic-Regular.ttf", arabicRegular},
	{Arabic, "B", "fonts/NotoNaskhArabic-Bold.ttf", arabicBold},
}

// Register adds both families, Sans and Arabic, in regular and bold, to pdf,
// so that pdf.SetFont can use them. Each face costs fpdf about 2 ms to parse,
// and once used, about 1.5 ms to subset when the document is written. Line,
// Paragraph, Fit and Width add the faces they draw with themselves, so a
// document drawn only through them need not call Register and pays only for
// the faces it uses. Register records a failure in pdf's error state.
func Register(pdf *fpdf.Fpdf) {
	for _, f := range faces {
		addFace(pdf, f.family, f.style)
	}
}

// addFace adds one face to pdf unless it is there already, which fpdf
// checks before parsing anything.
func addFace(pdf *fpdf.Fpdf, family, style string) {
	f, ok := findFace(family, style)
	if !ok {
		pdf.SetError(fmt.Errorf("typeset: no face %q style %q", family, style))
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

// coverage tells which runes of the Basic Multilingual Plane a face maps to
// a glyph; beyond it nothing is covered.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r/64]&(1<<(r%64)) != 0
}

// metrics is what this package reads from a face itself, outside fpdf.
type metrics struct {
	font  *sfnt.Font
	cover *coverage
}

var (
	metricsOnce sync.Once
	faceMetrics map[string]*metrics // by family + "/" + style
)

// faceMetricsOf returns the parsed font and coverage of a face. The fonts
// are part of the program, so failing to parse one is a bug and panics.
func faceMetricsOf(family, style string) *metrics {
	metricsOnce.Do(func() {
		faceMetrics = map[string]*metrics{}
		for _, f := range faces {
			sf, err := parseFace(f)
			if err != nil {
				panic(err)
			}
			faceMetrics[f.family+"/"+f.style] = &metrics{sf, readCoverage(sf)}
		}
	})
	return faceMetrics[family+"/"+style]
}

// familyCoverage returns the coverage of the regular face of family; the
// bold face covers the same characters, as TestNamesCovered checks for the
// names.
func familyCoverage(family string) *coverage {
	return faceMetricsOf(family, "").cover
}

// readCoverage reads the character map of f.
func readCoverage(f *sfnt.Font) *coverage {
	var buf sfnt.Buffer
	c := new(coverage)
	for r := rune(0); r < 0x10000; r++ {
		if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
			c[r/64] |= 1 << (r % 64)
		}
	}
	return c
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

// chooseFamilies picks the family for every rune of a logical line whose
// runes have the given embedding levels: Arabic-script runes take Arabic,
// letters and digits of other scripts take Sans, marks take the family of
// their base. Spaces and punctuation take the family of the nearest letter
// or digit in the same direction, before or after them, if it has a glyph
// for them, so that a run of Arabic words with the spaces between them stays
// one run; else Sans, else Arabic.
func chooseFamilies(s []rune, levels []level) []string {
	fam := make([]string, len(s))
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r), r == tatweel:
			fam[i] = Arabic
		case isMark(r) && i > 0:
			fam[i] = fam[i-1]
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			fam[i] = Sans
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
				candidates = append(candidates, fam[j])
				break
			}
		}
	}
	candidates = append(candidates, Sans, Arabic)
	for _, f := range candidates {
		if familyCoverage(f).has(s[i]) {
			return f
		}
	}
	return Sans
}

// isNeutral reports whether r is neither a letter, a digit nor a mark.
func isNeutral(r rune) bool {
	return !unicode.In(r, unicode.L, unicode.Nd, unicode.Mn, unicode.Me) && !unicode.Is(unicode.Arabic, r)
}
