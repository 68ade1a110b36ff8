package typeset

import (
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// arabicFontFile is the regular Arabic face, as a path hb-shape can open.
const arabicFontFile = "fonts/NotoNaskhArabic-Regular.ttf"

// TestShapeMatchesHarfBuzz checks, for every Arabic-script name of
// names.tsv and for sentences of letters, that the glyphs Shape's output
// maps to through the Arabic face's character map are the glyphs HarfBuzz
// chooses with the same font, in the same visual order.
//
// HarfBuzz shapes one directional run at a time; the runs are cut and put in
// visual order by this package's bidi levels, which TestBidiConformance
// checks. Four of the font's features make glyphs that no character maps
// to, so fpdf, which draws characters, cannot draw them; they are turned
// off and compared as follows:
//   - rlig draws lam-alef as two contextual glyphs where Shape uses one
//     ligature character, U+FEF5..U+FEFC. With rlig off HarfBuzz gives the
//     lam and alef forms that make up the ligature, and the ligature is
//     expanded to them here. That rlig fires exactly there is checked too.
//   - liga makes the Allah ligature of "الله" (not U+FDF2), and ccmp one
//     glyph for shadda with a vowel. Without them the letters and marks are
//     the same as Shape's, marks in the same order (shadda first, then the
//     vowel: Shape reorders them as HarfBuzz does).
//   - locl gives the Extended Arabic-Indic digit four ۴ another shape; fpdf
//     draws the one its character maps to.
//
// HarfBuzz draws ZWNJ as an invisible empty glyph; Shape drops it, so those
// glyphs are left out.
func TestShapeMatchesHarfBuzz(t *testing.T) {
	_, err := exec.LookPath("hb-shape")
	needTool(t, "hb-shape", "Debian's libharfbuzz-bin", err)
	f := parseTestFace(t, arabicFontFile)

	lines := append(nativeNames(t), sentences...)
	var checked int
	for _, line := range lines {
		if !strings.ContainsFunc(line, func(r rune) bool { return classOf(r) == 13 }) { // bidi.AL
			continue
		}
		checked++
		want := hbShapeLine(t, line, "-liga,-ccmp,-rlig,-locl")
		got, ligated := glyphIDs(t, f, Shape(line))
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", line, got, want)
			continue
		}
		withRlig := hbShapeLine(t, line, "-liga,-ccmp,-locl")
		if len(withRlig) != len(want) {
			t.Errorf("%s: rlig changed the glyph count from %d to %d", line, len(want), len(withRlig))
			continue
		}
		for i := range want {
			if changed := withRlig[i] != want[i]; changed != ligated[i] {
				t.Errorf("%s: glyph %d: rlig changed it: %v, Shape made a lam-alef ligature there: %v", line, i, changed, ligated[i])
			}
		}
	}
	if checked < 10 {
		t.Errorf("checked %d lines, want at least 10", checked)
	}
}

func parseTestFace(t *testing.T, file string) *sfnt.Font {
	t.Helper()
	f, err := parseFace(file)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// glyphIDs maps a visual string to glyph ids through f's character map,
// expanding lam-alef ligatures into their alef and lam forms; ligated marks
// the glyphs that came from such a ligature.
func glyphIDs(t *testing.T, f *sfnt.Font, visual string) (ids []sfnt.GlyphIndex, ligated []bool) {
	t.Helper()
	var buf sfnt.Buffer
	for _, r := range visual {
		parts := []rune{r}
		for alef, lig := range lamAlefForms {
			switch r {
			case lig[0]:
				parts = []rune{presentationForms[alef][formFinal], presentationForms[lam][formInitial]}
			case lig[1]:
				parts = []rune{presentationForms[alef][formFinal], presentationForms[lam][formMedial]}
			}
		}
		for _, p := range parts {
			g, err := f.GlyphIndex(&buf, p)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, g)
			ligated = append(ligated, len(parts) > 1)
		}
	}
	return ids, ligated
}

// hbShapeLine shapes a logical line with hb-shape, one directional run at a
// time, and returns the glyph ids in visual order.
func hbShapeLine(t *testing.T, line, features string) []sfnt.GlyphIndex {
	t.Helper()
	rs := prepare(line)
	levels := resolveLevels(rs, paragraphLevel(rs, Auto))
	var runs [][]sfnt.GlyphIndex
	var runLevels []level
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && levels[j] == levels[i] {
			j++
		}
		runs = append(runs, hbShape(t, string(rs[i:j]), levels[i]%2 == 1, features))
		runLevels = append(runLevels, levels[i])
		i = j
	}
	var ids []sfnt.GlyphIndex
	for _, k := range visualOrder(runLevels) {
		ids = append(ids, runs[k]...)
	}
	return ids
}

// hbShape runs hb-shape on one directional run and returns its glyph ids,
// leaving out those of ZWNJ and ZWJ.
func hbShape(t *testing.T, text string, rtl bool, features string) []sfnt.GlyphIndex {
	t.Helper()
	dir := "ltr"
	if rtl {
		dir = "rtl"
	}
	out, err := exec.Command("hb-shape", "--no-positions", "--no-glyph-names",
		"--direction="+dir, "--script=arab", "--features="+features,
		arabicFontFile, text).Output()
	if err != nil {
		t.Fatalf("hb-shape %q: %v", text, err)
	}
	rs := []rune(text)
	s := strings.Trim(strings.TrimSpace(string(out)), "[]")
	var ids []sfnt.GlyphIndex
	for _, g := range strings.Split(s, "|") {
		id, cluster, ok := strings.Cut(g, "=")
		if !ok {
			t.Fatalf("hb-shape %q: cannot read %q", text, g)
		}
		c, err1 := strconv.Atoi(cluster) // an index of runes
		n, err2 := strconv.Atoi(id)
		if err1 != nil || err2 != nil || c >= len(rs) {
			t.Fatalf("hb-shape %q: cannot read %q", text, g)
		}
		if rs[c] == zwnj || rs[c] == zwj {
			continue
		}
		ids = append(ids, sfnt.GlyphIndex(n))
	}
	return ids
}

// TestArabicMarksDrawnBeforeBase checks the font design that lets fpdf draw
// harakat in HarfBuzz's order without mark positioning: a mark has no
// advance and its centre lies right of its origin, so drawn just before its
// base in a left-to-right visual string it lands on that base, not on the
// letter to the left.
func TestArabicMarksDrawnBeforeBase(t *testing.T) {
	f := parseTestFace(t, arabicFontFile)
	var buf sfnt.Buffer
	for _, r := range "\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670" {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Fatalf("%U: no glyph (%v)", r, err)
		}
		adv, err := f.GlyphAdvance(&buf, g, 1000<<6, 0)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := f.GlyphBounds(&buf, g, 1000<<6, 0)
		if err != nil {
			t.Fatal(err)
		}
		if adv != 0 || b.Min.X+b.Max.X <= 0 {
			t.Errorf("%U: advance %v, x from %v to %v; want advance 0 and centre right of 0", r, adv, b.Min.X, b.Max.X)
		}
	}
}
