package registration

import (
	"slices"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/names"
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
