package invitations

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// MaxNameLength is the longest name, in characters, that an invitation or a
// delegation accepts.
const MaxNameLength = 200

// cleanInto cleans *dst in place by names.Clean, recording a problem with
// field in v.
func cleanInto(v *apperr.Validator, field string, dst *string) {
	names.Field(v, field, dst, MaxNameLength)
}

// emailKey is the form of an e-mail address compared for uniqueness.
func emailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validEmail reports whether s is a plain address: local@domain, no display name.
func validEmail(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

func isKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// isState reports whether a delegation kind is a state, which comes first in
// the default protocol order.
func isState(kind string) bool { return kind == MemberState || kind == ObserverState }

// collateKey is a name's key for English alphabetical order: case and
// accents folded, so "Côte d'Ivoire" sorts among the Cs.
func collateKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// hasLanguage reports whether langs holds lang.
func hasLanguage(langs []string, lang string) bool {
	for _, l := range langs {
		if l == lang {
			return true
		}
	}
	return false
}
