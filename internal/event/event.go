package event

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// Languages are the language codes the service can speak.
var Languages = []string{"ar", "fr", "en", "ru", "az"}

// IsLanguage reports whether code is one of Languages.
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// Texts is a text in several languages, keyed by language code; stored as JSON.
type Texts map[string]string

// In returns the text in lang, else English, else any.
func (t Texts) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	for _, s := range t {
		return s
	}
	return ""
}

// Value stores t as JSON ({} when nil).
func (t Texts) Value() (driver.Value, error) {
	if t == nil {
		return "{}", nil
	}
	return jsonValue(t)
}

// Scan reads t from JSON.
func (t *Texts) Scan(v any) error { return jsonScan(v, t) }

// Strings is a list of strings stored as JSON.
type Strings []string

// Value stores s as JSON.
func (s Strings) Value() (driver.Value, error) {
	if s == nil {
		return "[]", nil
	}
	return jsonValue(s)
}

// Scan reads s from JSON.
func (s *Strings) Scan(v any) error { return jsonScan(v, s) }

// Quotas is the default quota per delegation kind; stored as JSON.
type Quotas map[string]int

// Value stores q as JSON.
func (q Quotas) Value() (driver.Value, error) { return jsonValue(q) }

// Scan reads q from JSON.
func (q *Quotas) Scan(v any) error { return jsonScan(v, q) }

func jsonValue(v any) (driver.Value, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func jsonScan(v any, dst any) error {
	switch x := v.(type) {
	case string:
		return json.Unmarshal([]byte(x), dst)
	case []byte:
		return json.Unmarshal(x, dst)
	case nil:
		return nil
	}
	return errors.New("unsupported JSON column value")
}

// Event is one conference.
type Event struct {
	ID           string  `json:"id" gorm:"primaryKey"`
	Number       int     `json:"number"` // small number carried in badge QR codes
	Name         string  `json:"name"`   // English name
	Names        Texts   `json:"names"`
	Venue        string  `json:"venue"` // in English, or the event's first language
	VenueNames   Texts   `json:"venue_names"`
	City         string  `json:"city"`
	CityNames    Texts   `json:"city_names"`
	Country      string  `json:"country"` // ISO 3166-1 alpha-2
	CountryNames Texts   `json:"country_names"`
	Timezone     string  `json:"timezone"`
	StartsOn     string  `json:"starts_on"` // YYYY-MM-DD, in the event's timezone
	EndsOn       string  `json:"ends_on"`
	Languages    Strings `json:"languages"`
	// BadgeLanguages are the one or two languages badges print in; empty
	// means DefaultBadgeLanguages (see BadgeLangs).
	BadgeLanguages  Strings   `json:"badge_languages"`
	ReferenceFormat string    `json:"reference_format"` // e.g. UNODC-ISESCO/BAKU/2013/{seq:03}
	NextReference   int       `json:"-"`
	NextBadge       int       `json:"-"`
	DefaultQuotas   Quotas    `json:"default_quotas"`
	RSVPGraceDays   int       `json:"rsvp_grace_days" gorm:"column:rsvp_grace_days"`
	ReminderDays    int       `json:"reminder_days"`
	IsDemo          bool      `json:"is_demo"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Location returns the event's time zone (UTC if it cannot be loaded).
func (e Event) Location() *time.Location {
	loc, err := time.LoadLocation(e.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Days returns the first moment of the first day and the end of the last day,
// in the event's timezone.
func (e Event) Days() (start, end time.Time) {
	loc := e.Location()
	s, _ := time.ParseInLocation(time.DateOnly, e.StartsOn, loc)
	en, _ := time.ParseInLocation(time.DateOnly, e.EndsOn, loc)
	return s, en.AddDate(0, 0, 1)
}

// Signatory is a person on whose behalf letters are signed.
type Signatory struct {
	ID                string `json:"id" gorm:"primaryKey"`
	EventID           string `json:"event_id"`
	Position          int    `json:"position"`
	Name              string `json:"name"`
	Names             Texts  `json:"names"`        // Name per language, as its script writes it
	Title             string `json:"title"`        // e.g. Director-General
	Titles            Texts  `json:"titles"`       // Title per language
	Organisation      string `json:"organisation"` // e.g. United Nations Office on Drugs and Crime
	Organisations     Texts  `json:"organisation_names" gorm:"column:organisation_names"`
	OrganisationShort string `json:"organisation_short"` // e.g. UNODC
	// OrganisationShorts is the short name per language (ONUDC in French).
	OrganisationShorts Texts `json:"organisation_short_names" gorm:"column:organisation_short_names"`
	// SignLines is the line printed above the signature, per language
	// ("For the Executive Director of UNODC"); see SignLineIn.
	SignLines      Texts     `json:"sign_lines"`
	SignatureType  string    `json:"-"`
	SignatureImage []byte    `json:"-"`
	HasSignature   bool      `json:"has_signature" gorm:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Zone is a controlled area of the venue.
type Zone struct {
	ID        string    `json:"id" gorm:"primaryKey"`
	EventID   string    `json:"event_id"`
	Code      string    `json:"code"`
	Names     Texts     `json:"names"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Category is what a badge says its holder is, with its colour and zones.
type Category struct {
	ID       string   `json:"id" gorm:"primaryKey"`
	EventID  string   `json:"event_id"`
	Code     string   `json:"code"`
	Names    Texts    `json:"names"`
	Colour   string   `json:"colour"` // #RRGGBB
	Position int      `json:"position"`
	ZoneIDs  []string `json:"zone_ids" gorm:"-"`
	// PhotoRequired: a participant of this category is approved only with a
	// photo, so that no badge prints an empty frame.
	PhotoRequired bool      `json:"photo_required"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// CategoryZone opens a zone to a category.
type CategoryZone struct {
	CategoryID string `gorm:"primaryKey"`
	ZoneID     string `gorm:"primaryKey"`
}

// Checkpoint is a door into a zone.
type Checkpoint struct {
	ID      string `json:"id" gorm:"primaryKey"`
	EventID string `json:"event_id"`
	ZoneID  string `json:"zone_id"`
	Name    string `json:"name"`
	// SessionID is the protocol event or cultural programme the checkpoint
	// guards: its door lets in only those registered for it.
	SessionID *string   `json:"session_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Session is one session of the programme.
type Session struct {
	ID        string     `json:"id" gorm:"primaryKey"`
	EventID   string     `json:"event_id"`
	Position  int        `json:"position"`
	Kind      string     `json:"kind"` // opening, plenary, protocol, cultural
	Titles    Texts      `json:"titles"`
	Subtopics Strings    `json:"subtopics"`
	Moderator string     `json:"moderator"`
	ZoneID    *string    `json:"zone_id"`
	StartsAt  *time.Time `json:"starts_at"`
	EndsAt    *time.Time `json:"ends_at"`
	// Capacity is how many may come to a protocol event or cultural
	// programme (nil: no limit).
	Capacity *int `json:"capacity"`
	// InviteRoles and InviteCategoryIDs are who may come to one: members of
	// those roles in their delegation or of those badge categories; both
	// empty, every active member.
	InviteRoles       Strings   `json:"invite_roles"`
	InviteCategoryIDs Strings   `json:"invite_category_ids"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`

	loc *time.Location // the event's timezone, for JSON; see inZone
}

// Registrable reports whether members register for the session (protocol
// events and cultural programmes).
func (ss Session) Registrable() bool { return slices.Contains(RegistrableKinds, ss.Kind) }

// Invites reports whether a member of role and category (nil before
// approval) is on the session's invitation list.
func (ss Session) Invites(role string, categoryID *string) bool {
	if len(ss.InviteRoles) == 0 && len(ss.InviteCategoryIDs) == 0 {
		return true
	}
	return slices.Contains(ss.InviteRoles, role) || (categoryID != nil && slices.Contains(ss.InviteCategoryIDs, *categoryID))
}

// TableName is the sessions table (named to keep apart from login sessions).
func (Session) TableName() string { return "programme_sessions" }

// inZone makes the session's times show in loc, the event's timezone, when
// encoded as JSON; they stay UTC in the database.
func (ss *Session) inZone(loc *time.Location) { ss.loc = loc }

// InZone returns ss with its times shown in loc when encoded as JSON.
func InZone(ss Session, loc *time.Location) Session { ss.inZone(loc); return ss }

// MarshalJSON writes the times in the event's timezone when inZone set one
// (RFC 3339 with the event's offset, the same instant as the stored UTC).
func (ss Session) MarshalJSON() ([]byte, error) {
	type plain Session
	p := plain(ss)
	if p.InviteRoles == nil {
		p.InviteRoles = Strings{}
	}
	if p.InviteCategoryIDs == nil {
		p.InviteCategoryIDs = Strings{}
	}
	if ss.loc != nil {
		for _, t := range []**time.Time{&p.StartsAt, &p.EndsAt} {
			if *t != nil {
				local := (*t).In(ss.loc)
				*t = &local
			}
		}
	}
	return json.Marshal(p)
}
