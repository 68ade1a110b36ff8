package badges

import (
	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// MaxReason is the longest reason for a reprint or a revocation, in
// characters.
const MaxReason = 500

// CheckReason cleans the reason given for a reprint or a revocation: it is
// required, clean text (no invisible controls, valid UTF-8; see
// names.Clean) of at most MaxReason characters. It returns the cleaned
// reason, or Invalid naming the field "reason".
func CheckReason(reason string) (string, error) {
	var v apperr.Validator
	if names.Field(&v, "reason", &reason, MaxReason) {
		v.Check(reason != "", "reason", "is required")
	}
	return reason, v.Err()
}
