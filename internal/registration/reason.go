package registration

import (
	"unicode/utf8"

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// MaxReasonLength is the most characters a rejection reason may have.
const MaxReasonLength = 2000

// cleanReason checks a rejection reason as names.Clean does (no control or
// invisible formatting character) and that it is given and at most
// MaxReasonLength characters. Errors: Invalid on the field "reason".
func cleanReason(reason string) (string, error) {
	clean, err := names.Clean(reason)
	switch {
	case err != nil || clean == "":
		return "", apperr.Fields(apperr.Field("reason", "a reason is required, without control characters"))
	case utf8.RuneCountInString(clean) > MaxReasonLength:
		return "", apperr.Fields(apperr.Field("reason", "must be at most %d characters", MaxReasonLength))
	}
	return clean, nil
}
