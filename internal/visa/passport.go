package visa

import (
	"strings"
	"time"
	"unicode"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/names"
)

// Settings is whether an event asks for passport details, and how many days
// after its last day they are erased.
type Settings struct {
	EventID        string    `json:"event_id" gorm:"primaryKey"`
	AskPassport    bool      `json:"ask_passport"`
	EraseAfterDays int       `json:"erase_after_days"`
	UpdatedAt      time.Time `json:"-"`
}

// TableName is the settings' table.
func (Settings) TableName() string { return "event_visa_settings" }

// DefaultEraseAfterDays is how long after the event's last day passport
// details are kept when the event has not said.
const DefaultEraseAfterDays = 30

// MaxEraseAfterDays bounds the retention an event may choose.
const MaxEraseAfterDays = 365

// SettingsInput changes an event's settings; nil fields are left as they are.
type SettingsInput struct {
	AskPassport    *bool `json:"ask_passport"`
	EraseAfterDays *int  `json:"erase_after_days"`
}

// Passport is one participant's passport details, as only the Secretariat
// reads them, with the consular office the letter is addressed to and the
// language the participant chose for it. It is never logged: its String
// and LogValue hide it (see seal.go).
type Passport struct {
	Number         string `json:"number"`
	IssuingCountry string `json:"issuing_country"` // ISO 3166-1 alpha-2
	ExpiresOn      string `json:"expires_on"`      // YYYY-MM-DD
	BirthDate      string `json:"birth_date"`      // YYYY-MM-DD
	BirthPlace     string `json:"birth_place"`
	Consulate      string `json:"consulate"` // the consular office the letter is addressed to
	LetterLanguage string `json:"letter_language"`
}

// PassportInput is a participant's passport details as sent; every field
// is required.
type PassportInput struct {
	Number         string `json:"number"`
	IssuingCountry string `json:"issuing_country"`
	ExpiresOn      string `json:"expires_on"`
	BirthDate      string `json:"birth_date"`
	BirthPlace     string `json:"birth_place"`
	Consulate      string `json:"consulate"`
	LetterLanguage string `json:"letter_language"`
}

// What a refused passport field is told; pages show each in their language.
const (
	detailRequired = "is required"
	detailNumber   = "must be 5 to 20 Latin capital letters and digits, as printed on the passport"
	detailCountry  = "must be an ISO 3166-1 alpha-2 code such as AZ"
	detailDate     = "must be a date such as 1970-01-31"
	detailExpiry   = "must be after the event's last day"
	detailBirth    = "must be a date in the past"
	detailLanguage = "must be one of ar, fr, en, ru, az"
	detailText     = "must be text of at most 200 characters, without invisible characters"
)

// maxText is the longest place of birth or consular office.
const maxText = 200

// check reads in for ev, as of now, into a Passport. Errors: Invalid,
// listing every field at fault; no detail repeats what was sent.
func (in PassportInput) check(ev event.Event, now time.Time) (Passport, error) {
	var v apperr.Validator
	p := Passport{}
	p.Number = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.Number), " ", ""))
	switch {
	case p.Number == "":
		v.Add("number", "%s", detailRequired)
	case !passportNumber(p.Number):
		v.Add("number", "%s", detailNumber)
	}
	p.IssuingCountry = strings.ToUpper(strings.TrimSpace(in.IssuingCountry))
	v.Check(invitations.IsCountry(p.IssuingCountry), "issuing_country", "%s", detailCountry)
	_, end := ev.Days()
	if d, ok := date(&v, "expires_on", in.ExpiresOn); ok {
		v.Check(!d.Before(end), "expires_on", detailExpiry+" (%s)", ev.EndsOn)
		p.ExpiresOn = d.Format(time.DateOnly)
	}
	if d, ok := date(&v, "birth_date", in.BirthDate); ok {
		v.Check(d.Before(now) && d.Year() > 1900, "birth_date", "%s", detailBirth)
		p.BirthDate = d.Format(time.DateOnly)
	}
	p.BirthPlace, p.Consulate = in.BirthPlace, in.Consulate
	text(&v, "birth_place", &p.BirthPlace)
	text(&v, "consulate", &p.Consulate)
	p.LetterLanguage = strings.TrimSpace(in.LetterLanguage)
	v.Check(event.IsLanguage(p.LetterLanguage), "letter_language", "%s", detailLanguage)
	return p, v.Err()
}

// passportNumber reports whether s is written as passports print their
// numbers (ICAO 9303: capital Latin letters and digits, at most 20 here to
// allow for national forms); anything else, an invisible character above
// all, is a mistyped or pasted number.
func passportNumber(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsUpper(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func date(v *apperr.Validator, field, s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		v.Add(field, "%s", detailRequired)
		return time.Time{}, false
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "%s", detailDate)
		return time.Time{}, false
	}
	return d, true
}

func text(v *apperr.Validator, field string, s *string) {
	if strings.TrimSpace(*s) == "" {
		v.Add(field, "%s", detailRequired)
		return
	}
	var inner apperr.Validator
	if !names.Field(&inner, field, s, maxText) {
		v.Add(field, "%s", detailText)
	}
}
