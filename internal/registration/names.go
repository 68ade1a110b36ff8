package registration

import (
	"errors"
	"strings"

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

// searchText is what the list's text search looks in.
func searchText(p Participant) string {
	return names.Fold(strings.Join([]string{p.Honorific, p.GivenNames, p.FamilyName, p.NativeName}, " "))
}
