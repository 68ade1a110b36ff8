package typeset

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Direction is the direction of a paragraph, or of a run of text in it.
type Direction int

const (
	// Auto takes the direction of the first strong character (rules P2 and
	// P3 of the Unicode Bidirectional Algorithm), left to right if none.
	Auto Direction = iota
	// LeftToRight is the direction of Latin and Cyrillic text.
	LeftToRight
	// RightToLeft is the direction of Arabic, Persian and Urdu text.
	RightToLeft
)

// String returns "auto", "ltr" or "rtl".
func (d Direction) String() string {
	switch d {
	case LeftToRight:
		return "ltr"
	case RightToLeft:
		return "rtl"
	}
	return "auto"
}

// Run is a piece of a visual line drawn with one font family in one
// direction.
type Run struct {
	// Text is in visual order, ready to be drawn left to right, with Arabic
	// letters in their presentation forms.
	Text string
	// Family is the font family to draw Text with: Arabic for Arabic-script
	// text, the family of their script for Bengali, Hebrew, Chinese and the
	// other scripts of fonts.go, Sans for the rest.
	Family string
	// Dir is RightToLeft for text at an odd embedding level (Arabic words,
	// and neutrals between them), LeftToRight otherwise (Latin and Cyrillic
	// words, and digits even inside Arabic text).
	Dir Direction
}

// IsRTL reports whether the first strong character of s is right to left
// (Arabic, Hebrew, ...), so that a paragraph starting with it reads right to
// left and is aligned to the right. Text without strong characters is left
// to right.
func IsRTL(s string) bool {
	rtl, _ := firstStrong([]rune(s))
	return rtl
}

// Shape turns the logical-order line s into the string to draw left to
// right: Arabic-script letters joined through their presentation forms
// (U+FB50..U+FDFF, U+FE70..U+FEFF), the line reordered by the Unicode
// Bidirectional Algorithm in a paragraph whose direction is that of the
// first strong character, mirrored brackets in right-to-left text, and
// invisible controls such as ZWNJ dropped. s is one line: a line break in it
// is drawn as a space. Draw the result in a font that maps the presentation
// forms, or use Runs to switch fonts.
func Shape(s string) string {
	var b strings.Builder
	for _, g := range shapeLine(s, Auto) {
		b.WriteRune(g.r)
	}
	return b.String()
}

// Runs shapes s like Shape and splits the visual line into runs of one font
// family and direction, from left to right.
func Runs(s string) []Run {
	return runsOf(shapeLine(s, Auto))
}

// glyph is one rune of a shaped visual line.
type glyph struct {
	r      rune
	family string
	rtl    bool
}

// shapeLine shapes the logical line s in a paragraph of direction d and
// returns its runes in visual order.
func shapeLine(s string, d Direction) []glyph {
	logical := shapeArabic(prepare(s))
	levels := resolveLevels(logical, paragraphLevel(logical, d))
	families := chooseFamilies(logical, levels)
	out := make([]glyph, 0, len(logical))
	for _, i := range visualOrder(levels) {
		r := logical[i]
		if invisible(r) {
			continue
		}
		rtl := levels[i]%2 == 1
		if m, ok := mirrors[r]; ok && rtl {
			r = m
		}
		out = append(out, glyph{r, families[i], rtl})
	}
	return out
}

// runsOf groups a visual line into runs.
func runsOf(line []glyph) []Run {
	var runs []Run
	var b strings.Builder
	for i, g := range line {
		b.WriteRune(g.r)
		if i+1 < len(line) && line[i+1].family == g.family && line[i+1].rtl == g.rtl {
			continue
		}
		dir := LeftToRight
		if g.rtl {
			dir = RightToLeft
		}
		runs = append(runs, Run{Text: b.String(), Family: g.family, Dir: dir})
		b.Reset()
	}
	return runs
}

// prepare composes s (NFC: Vietnamese and French letters then have glyphs of
// their own instead of loose combining marks), turns line breaks and tabs
// into spaces, and puts Arabic marks in the order HarfBuzz draws them.
func prepare(s string) []rune {
	rs := []rune(norm.NFC.String(s))
	for i, r := range rs {
		switch r {
		case '\t', '\n', '\r', 0x2028, 0x2029, 0x0085:
			rs[i] = ' '
		}
	}
	reorderArabicMarks(rs)
	return rs
}

// reorderArabicMarks moves shadda (combining class 33) before the other
// harakat on the same letter (classes 27..32), as HarfBuzz does through its
// modified combining classes. NFC puts it after them. HarfBuzz draws marks in
// this order, and a font that ligates shadda with a vowel expects it.
func reorderArabicMarks(rs []rune) {
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && arabicMarkClass(rs[j]) > 0 {
			j++
		}
		if j-i > 1 {
			slices.SortStableFunc(rs[i:j], func(a, b rune) int {
				return modifiedClass(a) - modifiedClass(b)
			})
		}
		i = j + 1
	}
}

// arabicMarkClass returns the canonical combining class of an Arabic mark,
// or 0.
func arabicMarkClass(r rune) int {
	if !unicode.Is(unicode.Mn, r) || r < 0x0610 || r > 0x08FF {
		return 0
	}
	return int(norm.NFC.PropertiesString(string(r)).CCC())
}

func modifiedClass(r rune) int {
	c := arabicMarkClass(r)
	switch {
	case c == 33:
		return 27
	case c >= 27 && c <= 32:
		return c + 1
	}
	return c
}

// invisible reports whether r is a format control that does its work during
// shaping and reordering and is not to be drawn: zero-width spaces, joiners
// and non-joiners, directional marks and controls, the byte order mark, the
// soft hyphen (drawn only where a line is broken) and other control codes.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F, r == 0x061C, r == 0xFEFF, r == 0x00AD:
		return true
	}
	return unicode.IsControl(r)
}

// isMark reports whether r is a combining mark, drawn on the character
// before it.
func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me)
}
