package names

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/apperr"
)

// ZWNJ is the zero-width non-joiner that Persian and other scripts need inside
// words: the one invisible character a name may hold.
const ZWNJ = '\u200C'

// ErrBlank is the cause of the error Clean returns for a text of only spaces,
// so that a caller for which such a text means "nothing" can tell it apart
// with errors.Is.
var ErrBlank = errors.New("only spaces")

// Clean trims s and puts it in Unicode NFC. It refuses, naming the first
// offending code point, text that is not UTF-8, the replacement character
// U+FFFD (the trace of a broken encoding), C0/C1 control characters (tabs and
// line breaks included, anywhere in s), format characters (direction
// embeddings, overrides, isolates and marks, zero-width space and joiner,
// byte-order mark, soft hyphen…) except ZWNJ, line and paragraph separators,
// surrogates and private-use characters; and a non-empty s of only spaces
// (its error wraps ErrBlank). The empty string is clean. Every error is an
// apperr Invalid whose detail reads after a field name ("must not …").
func Clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", apperr.Invalidf("must be valid UTF-8 text")
	}
	for _, r := range s {
		if what := refused(r); what != "" {
			return "", apperr.Invalidf("must not contain %U, %s (of the invisible characters only the zero-width non-joiner U+200C is allowed)", r, what)
		}
	}
	out := norm.NFC.String(strings.TrimSpace(s))
	if out == "" && s != "" {
		e := apperr.Invalidf("must not be only spaces")
		e.Err = ErrBlank
		return "", e
	}
	return out, nil
}

// CleanLines is Clean for a text of several lines (a letter's body, a
// reason, a note): the same rule, except that line feeds and tabs may stay
// (a carriage return before a line feed is dropped, so that a text typed on
// any system is stored the same way). Leading and trailing spaces and blank
// lines are trimmed. Errors as Clean's.
func CleanLines(s string) (string, error) {
	if err := CheckLines(s); err != nil {
		return "", err
	}
	out := norm.NFC.String(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")))
	if out == "" && s != "" {
		e := apperr.Invalidf("must not be only spaces")
		e.Err = ErrBlank
		return "", e
	}
	return out, nil
}

// CheckLines reports, as an Invalid error like Clean's, the first code point
// that no text of the service may hold, on one line or several: everything
// Clean refuses except line feeds, tabs and a carriage return before a line
// feed. It changes nothing and accepts a text of only spaces. It is the rule
// that every string of every request is held to before any field's own
// (httpx.Decode applies it to every string of a JSON body).
func CheckLines(s string) error {
	if !utf8.ValidString(s) {
		return apperr.Invalidf("must be valid UTF-8 text")
	}
	for i, r := range s {
		if r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
			continue
		}
		if what := refused(r); what != "" {
			return apperr.Invalidf("must not contain %U, %s (of the invisible characters only line feeds, tabs and the zero-width non-joiner U+200C are allowed)", r, what)
		}
	}
	return nil
}

// LinesField is Field for a text of several lines, cleaned by CleanLines.
func LinesField(v *apperr.Validator, field string, s *string, max int) bool {
	return checkField(v, field, s, max, CleanLines)
}

// refused says what r is when a name may not hold it, and "" when it may.
func refused(r rune) string {
	switch {
	case r == ZWNJ:
		return ""
	case r == utf8.RuneError:
		return "the replacement character left by a broken encoding"
	case unicode.Is(unicode.Cc, r):
		return "an invisible control character"
	case unicode.Is(unicode.Bidi_Control, r):
		return "an invisible text-direction control"
	case unicode.Is(unicode.Cf, r):
		return "an invisible formatting character"
	case unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return "an invisible line or paragraph separator"
	case unicode.Is(unicode.Cs, r), unicode.Is(unicode.Co, r):
		return "a private-use or surrogate code point, which has no agreed glyph"
	}
	return ""
}

// Field cleans *s in place as the form field named field: a problem, or a
// clean value longer than max characters (max 0: no limit), is recorded in v
// and leaves *s as it was. It reports whether *s is clean.
func Field(v *apperr.Validator, field string, s *string, max int) bool {
	return checkField(v, field, s, max, Clean)
}

func checkField(v *apperr.Validator, field string, s *string, max int, clean func(string) (string, error)) bool {
	c, err := clean(*s)
	switch {
	case err != nil:
		v.Add(field, "%s", detail(err))
		return false
	case max > 0 && utf8.RuneCountInString(c) > max:
		v.Add(field, "must be at most %d characters", max)
		return false
	}
	*s = c
	return true
}

// detail is the human part of one of Clean's errors.
func detail(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return fmt.Sprint(err)
}
