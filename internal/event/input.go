package event

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones must load in a container without /usr/share/zoneinfo

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// DelegationKinds are the kinds of delegation an event sets a default quota for.
var DelegationKinds = []string{"member_state", "observer_state", "international_organization", "ngo",
	"parliament", "expert", "media"}

// DefaultQuotas is the quota per delegation kind a new event starts with.
var DefaultQuotas = Quotas{"member_state": 5, "observer_state": 3, "international_organization": 3,
	"ngo": 2, "parliament": 2, "expert": 1, "media": 2}

// SessionKinds are the kinds of programme session.
var SessionKinds = []string{"opening", "plenary", "protocol", "cultural"}

// RegistrableKinds are the kinds of session members register for, with a
// capacity and an invitation list.
var RegistrableKinds = []string{"protocol", "cultural"}

// DelegationRoles are the roles in a delegation an invitation list may name
// (registration.Roles, which a test keeps equal).
var DelegationRoles = []string{"head", "delegate", "alternate", "adviser", "security", "support"}

var (
	seqPattern    = regexp.MustCompile(`\{seq(?::0([1-9]))?\}`)
	colourPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
	codePattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
	countryCode   = regexp.MustCompile(`^[A-Z]{2}$`)
)

// Nullable is a field of a partial update that can be absent, null, or a value.
type Nullable[T any] struct {
	Set   bool // the field was in the request
	Value *T   // nil when it was null
}

// UnmarshalJSON records that the field was given, and its value.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

// FormatReference renders a reference format for a sequence number: "{seq}"
// becomes the number, "{seq:03}" the number padded with zeros to 3 digits.
func FormatReference(format string, seq int) string {
	return seqPattern.ReplaceAllStringFunc(format, func(m string) string {
		width := seqPattern.FindStringSubmatch(m)[1]
		if width == "" {
			return strconv.Itoa(seq)
		}
		w, _ := strconv.Atoi(width)
		return fmt.Sprintf("%0*d", w, seq)
	})
}

// Reference is the invitation reference with sequence number seq.
func (e Event) Reference(seq int) string { return FormatReference(e.ReferenceFormat, seq) }

// EventInput creates or changes an event; absent fields are left as they are.
type EventInput struct {
	Name            *string   `json:"name"`
	Names           *Texts    `json:"names"`
	Venue           *string   `json:"venue"`
	VenueNames      *Texts    `json:"venue_names"`
	City            *string   `json:"city"`
	CityNames       *Texts    `json:"city_names"`
	Country         *string   `json:"country"`
	CountryNames    *Texts    `json:"country_names"`
	Timezone        *string   `json:"timezone"`
	StartsOn        *string   `json:"starts_on"`
	EndsOn          *string   `json:"ends_on"`
	Languages       *[]string `json:"languages"`
	BadgeLanguages  *[]string `json:"badge_languages"`
	ReferenceFormat *string   `json:"reference_format"`
	DefaultQuotas   *Quotas   `json:"default_quotas"`
	RSVPGraceDays   *int      `json:"rsvp_grace_days"`
	ReminderDays    *int      `json:"reminder_days"`
}

// apply copies the given fields onto e.
func (in EventInput) apply(e *Event) {
	set(&e.Name, in.Name)
	set(&e.Names, in.Names)
	set(&e.Venue, in.Venue)
	set(&e.VenueNames, in.VenueNames)
	set(&e.City, in.City)
	set(&e.CityNames, in.CityNames)
	set(&e.Country, in.Country)
	set(&e.CountryNames, in.CountryNames)
	set(&e.Timezone, in.Timezone)
	set(&e.StartsOn, in.StartsOn)
	set(&e.EndsOn, in.EndsOn)
	if in.Languages != nil {
		e.Languages = Strings(*in.Languages)
	}
	if in.BadgeLanguages != nil {
		e.BadgeLanguages = Strings(*in.BadgeLanguages)
	}
	set(&e.ReferenceFormat, in.ReferenceFormat)
	if in.DefaultQuotas != nil {
		q := Quotas{}
		for k, n := range DefaultQuotas {
			q[k] = n
		}
		for k, n := range *in.DefaultQuotas {
			q[k] = n
		}
		e.DefaultQuotas = q
	}
	set(&e.RSVPGraceDays, in.RSVPGraceDays)
	set(&e.ReminderDays, in.ReminderDays)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Validate checks every field of e, cleaning its names in place by
// names.Clean; it returns an Invalid error listing the fields at fault.
func (e *Event) Validate() error {
	var v apperr.Validator
	required(&v, "name", &e.Name, 300)
	checkTexts(&v, "names", e.Names, false)
	names.Field(&v, "venue", &e.Venue, 300)
	names.Field(&v, "city", &e.City, 200)
	checkTextsOf(&v, "venue_names", e.VenueNames, e.Languages)
	checkTextsOf(&v, "city_names", e.CityNames, e.Languages)
	checkTextsOf(&v, "country_names", e.CountryNames, e.Languages)
	v.Check(e.Country == "" || countryCode.MatchString(e.Country), "country", "must be an ISO 3166 alpha-2 code such as AZ")
	if _, err := time.LoadLocation(e.Timezone); err != nil || e.Timezone == "" || e.Timezone == "Local" {
		v.Add("timezone", "must be an IANA time zone such as Asia/Baku")
	}
	start, err1 := time.Parse(time.DateOnly, e.StartsOn)
	end, err2 := time.Parse(time.DateOnly, e.EndsOn)
	v.Check(err1 == nil, "starts_on", "must be a date YYYY-MM-DD")
	v.Check(err2 == nil, "ends_on", "must be a date YYYY-MM-DD")
	if err1 == nil && err2 == nil {
		v.Check(!end.Before(start), "ends_on", "must not be before starts_on")
	}
	checkLanguages(&v, e.Languages)
	checkBadgeLanguages(&v, e.BadgeLanguages, e.Languages)
	n := len(seqPattern.FindAllString(e.ReferenceFormat, -1))
	v.Check(n == 1 && len(e.ReferenceFormat) <= 100, "reference_format",
		"must contain one {seq} or {seq:03} placeholder (at most 100 bytes)")
	for k, q := range e.DefaultQuotas {
		if !contains(DelegationKinds, k) {
			v.Add("default_quotas", "%q is not a delegation kind (%s)", k, strings.Join(DelegationKinds, ", "))
		} else {
			v.Check(q >= 1 && q <= 1000, "default_quotas", "%s must be from 1 to 1000", k)
		}
	}
	v.Check(e.RSVPGraceDays >= 0 && e.RSVPGraceDays <= 365, "rsvp_grace_days", "must be from 0 to 365")
	v.Check(e.ReminderDays >= 0 && e.ReminderDays <= 365, "reminder_days", "must be from 0 to 365")
	return v.Err()
}

func checkLanguages(v *apperr.Validator, langs []string) {
	if len(langs) == 0 {
		v.Add("languages", "must list at least one language")
	}
	seen := map[string]bool{}
	for _, l := range langs {
		v.Check(IsLanguage(l), "languages", "%q is not one of %s", l, strings.Join(Languages, ", "))
		v.Check(!seen[l], "languages", "%q is listed twice", l)
		seen[l] = true
	}
}

// checkBadgeLanguages checks the badge languages: none (the default), or
// one or two of the event's working languages.
func checkBadgeLanguages(v *apperr.Validator, langs, working []string) {
	v.Check(len(langs) <= MaxBadgeLanguages, "badge_languages", "must list one or two languages")
	seen := map[string]bool{}
	for _, l := range langs {
		v.Check(contains(working, l), "badge_languages", "%q is not one of the event's languages (%s)", l,
			strings.Join(working, ", "))
		v.Check(!seen[l], "badge_languages", "%q is listed twice", l)
		seen[l] = true
	}
}

// checkTextsOf checks an optional translated text as checkTexts does, and
// that each of its languages is one of working, the event's languages.
func checkTextsOf(v *apperr.Validator, field string, t Texts, working []string) {
	checkTexts(v, field, t, false)
	for lang := range t {
		if IsLanguage(lang) {
			v.Check(contains(working, lang), field, "%q is not one of the event's languages (%s)", lang,
				strings.Join(working, ", "))
		}
	}
}

// checkTexts checks a translated text: known languages, non-empty texts
// (cleaned in place by names.Clean), and at least one text when required.
func checkTexts(v *apperr.Validator, field string, t Texts, required bool) {
	if required {
		v.Check(len(t) > 0, field, "needs a text in at least one language")
	}
	for lang, s := range t {
		v.Check(IsLanguage(lang), field, "%q is not one of %s", lang, strings.Join(Languages, ", "))
		c, err := names.Clean(s)
		var bad *apperr.Error
		switch {
		case errors.As(err, &bad):
			v.Add(field, "the %s text %s", lang, bad.Detail)
		case c == "" || len(c) > 500:
			v.Add(field, "the %s text must not be empty (at most 500 bytes)", lang)
		default:
			t[lang] = c
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// required cleans *s in place by names.Clean and checks that it is not empty
// and at most max bytes long.
func required(v *apperr.Validator, field string, s *string, max int) {
	if names.Field(v, field, s, 0) {
		v.Check(*s != "" && len(*s) <= max, field, "is required (at most %d bytes)", max)
	}
}
