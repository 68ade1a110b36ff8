package registration

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// cleanNote cleans *s by names.Clean into a free text (a note, a search) in
// which only spaces mean no text, recording a problem with field in v.
func cleanNote(v *apperr.Validator, field string, s *string, max int) {
	if _, err := names.Clean(*s); errors.Is(err, names.ErrBlank) {
		*s = ""
	}
	names.Field(v, field, s, max)
}

// Fold lower-cases s and removes diacritics, vowel marks and joiners so that a
// search matches "Lefevre" to "Lefèvre" and "محمد" to "مُحَمَّد", in any script.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.Predicate(func(r rune) bool {
		return unicode.Is(unicode.Mn, r) || r == names.ZWNJ
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
