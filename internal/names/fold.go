package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold is a text as a search compares it: a name folded matches a query
// folded the same way whenever a person would say they are the same. It
//
//   - lower-cases, and drops diacritics, vowel marks (tashkeel) and joiners:
//     "LEFÈVRE" and "lefevre", "مُحَمَّد" and "محمد", "Ağayeva" and "agayeva",
//     "Алёна" and "Алена";
//   - spells out the Latin letters that have no decomposition, as people
//     type them without the letter: ə e (Azeri "Şəfiyeva", "sefiyeva"), ı i,
//     ø o, đ and ð d, ł l, ħ h, ß ss, æ ae, œ oe, þ th, and the Greek final ς as σ;
//   - drops apostrophes of every kind (' ’ ‘ ʼ ʻ ` ´): "N'Diaye", "N’Diaye"
//     and "ndiaye";
//   - writes Arabic letters the way they are often typed: ة as ه, ى and the
//     Persian ی as ي, the Persian ک as ك, hamza carriers as their bare
//     letter (أ إ آ ٱ ا, ؤ و, ئ ي) and the lone hamza ء and tatweel not at all;
//   - joins Arabic words (no space between two Arabic letters), so that a
//     compound name matches with and without its space: "عبد الرحمن" and
//     "عبدالرحمن";
//   - collapses every other run of spaces to one.
//
// A change to Fold changes what stored search texts must hold: it comes with a
// migration that folds them again (see migrations/0087_search_fold.go).
func Fold(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	var last rune // the last letter written, for joining Arabic words
	for _, r := range s {
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		if unicode.Is(unicode.Mn, r) || dropped[r] {
			continue
		}
		out, ok := spelled[r]
		if !ok {
			out = string(r)
		}
		first, _ := utf8.DecodeRuneInString(out)
		if pendingSpace && !(isArabic(last) && isArabic(first)) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteString(out)
		last, _ = utf8.DecodeLastRuneInString(out)
	}
	return norm.NFC.String(b.String())
}

// dropped are the characters Fold leaves out: joiners, apostrophes, the lone
// hamza and tatweel (marks are dropped by their category).
var dropped = map[rune]bool{
	ZWNJ: true, '\u200D': true,
	'\'': true, '\u2019': true, '\u2018': true, '\u02BC': true, '\u02BB': true, '`': true, '\u00B4': true,
	'\u0621': true, '\u0640': true,
}

// spelled are the letters Fold writes otherwise (after lower-casing and
// decomposition, so only letters without a decomposition are here).
var spelled = map[rune]string{
	'ə': "e", 'ı': "i", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'ħ': "h", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th",
	'ς':      "σ",
	'\u0629': "\u0647", // ة → ه
	'\u0649': "\u064A", // ى → ي
	'\u06CC': "\u064A", // ی (Persian yeh) → ي
	'\u06A9': "\u0643", // ک (keheh) → ك
	'\u0671': "\u0627", // ٱ (alef wasla) → ا
}

func isArabic(r rune) bool { return r != 0 && unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) }
