package typeset

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestUnprintable(t *testing.T) {
	tests := []struct {
		name, in, want string
		found          bool
	}{
		{"latin", "Gülşən Şəfiyeva", "", false},
		{"arabic", "عبد العزيز", "", false},
		{"bengali", "রবীন্দ্রনাথ ঠাকুর", "", false},
		{"chinese", "习近平", "", false},
		{"joiners and marks are not drawn", "क्\u200Dष", "", false},
		{"tifinagh", "ⵎⵓⵃⵎⵎⴰⴷ", "Tifinagh", true},
		{"cherokee inside latin", "John ᏣᎳᎩ", "Cherokee", true},
		{"emoji", "Ann 🙂", "U+1F642", true},
		{"private use", "Ann \uE000", "U+E000", true},
		{"bengali mark on a latin letter", "a\u09BF", "Bengali", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := Unprintable(tt.in)
			if got != tt.want || found != tt.found {
				t.Errorf("Unprintable(%q) = %q, %v; want %q, %v", tt.in, got, found, tt.want, tt.found)
			}
		})
	}
}

// TestAssignedLettersPrintable walks every letter and digit Unicode
// assigns and checks that each one Unprintable accepts has a glyph in both
// styles of the family it is drawn with; and that the scripts this package
// promises are accepted whole.
func TestAssignedLettersPrintable(t *testing.T) {
	promised := map[string]*unicode.RangeTable{
		"Latin": unicode.Latin, "Greek": unicode.Greek, "Cyrillic": unicode.Cyrillic,
		"Arabic": unicode.Arabic, "Armenian": unicode.Armenian, "Bengali": unicode.Bengali,
		"Devanagari": unicode.Devanagari, "Ethiopic": unicode.Ethiopic, "Georgian": unicode.Georgian,
		"Gurmukhi": unicode.Gurmukhi, "Hebrew": unicode.Hebrew, "Khmer": unicode.Khmer,
		"Myanmar": unicode.Myanmar, "Thaana": unicode.Thaana, "Thai": unicode.Thai,
	}
	accepted, letters := map[string]int{}, map[string]int{}
	var total, refused int
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		total++
		s := string(r)
		script, found := Unprintable(s)
		for name, table := range promised {
			if unicode.IsLetter(r) && r < 0x10000 && unicode.Is(table, r) {
				letters[name]++
				if !found {
					accepted[name]++
				}
			}
		}
		if found {
			refused++
			continue
		}
		for _, seg := range segments(norm.NFC.String(s), Auto) {
			for _, c := range seg.text {
				for _, style := range []string{"", "B"} {
					if _, ok := faceMetricsOf(seg.family, style).nominal(c); !ok {
						t.Errorf("%U %c accepted (%s) but %s %q has no glyph for %U", r, r, script, seg.family, style, c)
					}
				}
			}
		}
	}
	blocks := []struct {
		name     string
		from, to rune
	}{
		{"CJK Unified Ideographs up to Unicode 12", 0x4E00, 0x9FEF}, {"Hangul Syllables", 0xAC00, 0xD7A3},
		{"Hiragana", 0x3041, 0x3096}, {"Katakana", 0x30A1, 0x30FA},
	}
	for _, b := range blocks {
		for r := b.from; r <= b.to; r++ {
			if _, found := Unprintable(string(r)); found && unicode.IsLetter(r) {
				t.Errorf("%s: %U refused", b.name, r)
			}
		}
	}
	for name := range promised {
		// A few letters added in recent Unicode versions are not in the
		// 2020 fonts.
		if accepted[name] < letters[name]*9/10 {
			t.Errorf("%s: %d of %d letters accepted, want nearly all", name, accepted[name], letters[name])
		}
	}
	t.Logf("%d letters and digits, %d refused; letters accepted by script: %v of %v", total, refused, accepted, letters)
}
