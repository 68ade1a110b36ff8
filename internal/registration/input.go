package registration

import (
	"slices"
	"unicode"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/names"
	"accreditation/internal/typeset"
)

// Genders lists the forms of address a participant may choose ("" for none).
var Genders = []string{"", "female", "male", "other"}

// maxText is the longest free text field, in characters.
const maxText = 300

// ParticipantInput is a nomination or a change to one; nil fields are left as
// they are when changing.
type ParticipantInput struct {
	Honorific              *string `json:"honorific"`
	GivenNames             *string `json:"given_names"`
	FamilyName             *string `json:"family_name"`
	NativeName             *string `json:"native_name"`
	Gender                 *string `json:"gender"`
	Function               *string `json:"function"`
	Role                   *string `json:"role"`
	Email                  *string `json:"email"`
	Phone                  *string `json:"phone"`
	Nationality            *string `json:"nationality"`
	InterpretationLanguage *string `json:"interpretation_language"`
	Dietary                *string `json:"dietary"`
	Accessibility          *string `json:"accessibility"`
}

// apply checks in and writes it onto p. It reports whether a name field
// changed, and returns an Invalid error listing every field at fault.
func (in ParticipantInput) apply(p *Participant) (namesChanged bool, err error) {
	var v apperr.Validator
	text := func(field string, src *string, dst *string, isName bool) {
		if src == nil {
			return
		}
		s := *src
		if !names.Field(&v, field, &s, maxText) {
			return
		}
		if isName && !printable(&v, field, s) {
			return
		}
		if isName && s != *dst {
			namesChanged = true
		}
		*dst = s
	}
	text("honorific", in.Honorific, &p.Honorific, true)
	text("given_names", in.GivenNames, &p.GivenNames, true)
	text("family_name", in.FamilyName, &p.FamilyName, true)
	text("native_name", in.NativeName, &p.NativeName, true)
	text("gender", in.Gender, &p.Gender, false)
	text("function", in.Function, &p.Function, false)
	text("role", in.Role, &p.Role, false)
	text("email", in.Email, &p.Email, false)
	text("phone", in.Phone, &p.Phone, false)
	text("nationality", in.Nationality, &p.Nationality, false)
	text("interpretation_language", in.InterpretationLanguage, &p.InterpretationLanguage, false)
	text("dietary", in.Dietary, &p.Dietary, false)
	text("accessibility", in.Accessibility, &p.Accessibility, false)
	if err := v.Err(); err != nil {
		return false, err
	}
	p.Email = auth.NormalizeEmail(p.Email)
	v.Check(p.GivenNames != "" || p.FamilyName != "", "given_names", "a given name or a family name is required")
	v.Check(slices.Contains(Genders, p.Gender), "gender", "must be female, male, other or empty")
	v.Check(slices.Contains(Roles, p.Role), "role", "must be one of head, delegate, alternate, adviser, security, support")
	v.Check(p.Email == "" || auth.ValidEmail(p.Email), "email", "must be an e-mail address such as name@example.org")
	v.Check(event.IsLanguage(p.InterpretationLanguage), "interpretation_language", "must be one of ar, fr, en, ru, az")
	p.SearchText = searchText(*p)
	return namesChanged, v.Err()
}

// unprintablePrefix starts the detail of a name that no embedded font can
// print; the script's name follows, then unprintableSuffix.
const (
	unprintablePrefix = "has letters of the "
	unprintableSuffix = " script, which badges cannot print"
)

// printable records in v, for the name field, a character Unicode has not
// assigned, or one no font of the badges draws (naming its script), so that
// a badge never prints an empty box. It reports whether s is printable.
func printable(v *apperr.Validator, field, s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C) ||
			unicode.Is(unicode.Noncharacter_Code_Point, r) {
			v.Add(field, "must not contain %U, a code point Unicode has not assigned", r)
			return false
		}
	}
	if script, found := typeset.Unprintable(s); found {
		v.Add(field, "%s%s%s", unprintablePrefix, script, unprintableSuffix)
		return false
	}
	return true
}
