package registration

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// zwnj is the zero-width non-joiner that Persian and other scripts need inside words.
const zwnj = '\u200C'

// Why a text was refused, for the caller's message.
const (
	problemInvisible = "must not contain control characters, direction overrides or other invisible characters (the zero-width non-joiner is allowed)"
	problemSpaces    = "must not be only spaces"
	problemEncoding  = "must be valid UTF-8"
)

// CleanText trims s and normalises it to Unicode NFC. It returns a reason when
// s holds a control character, a direction override or mark, or another
// invisible formatting character other than the zero-width non-joiner; a
// value of only spaces gives an empty string and problemSpaces.
func CleanText(s string) (string, string) {
	if !utf8.ValidString(s) {
		return "", problemEncoding
	}
	for _, r := range s {
		if !allowedRune(r) {
			return "", problemInvisible
		}
	}
	out := norm.NFC.String(strings.TrimFunc(s, unicode.IsSpace))
	if out == "" && s != "" {
		return "", problemSpaces
	}
	return out, ""
}

// allowedRune refuses C0/C1 controls, format characters (bidi embeddings,
// overrides, isolates and marks, zero-width joiner, BOM, soft hyphen…) except
// ZWNJ, line and paragraph separators, surrogates and private-use characters.
func allowedRune(r rune) bool {
	switch {
	case r == zwnj:
		return true
	case r == utf8.RuneError:
		return false
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cs, r),
		unicode.Is(unicode.Co, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return false
	}
	return true
}

// Fold lower-cases s and removes diacritics, vowel marks and joiners so that a
// search matches "Lefevre" to "Lefèvre" and "محمد" to "مُحَمَّد", in any script.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.Predicate(func(r rune) bool {
		return unicode.Is(unicode.Mn, r) || r == zwnj
	})), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// searchText is what the list's text search looks in.
func searchText(p Participant) string {
	return Fold(strings.Join([]string{p.Honorific, p.GivenNames, p.FamilyName, p.NativeName}, " "))
}
