package speakers

import (
	"time"

	"accreditation/internal/event"
)

// Statuses of an entry on the list.
const (
	Waiting   = "waiting"   // on the list, in order
	Spoke     = "spoke"     // has spoken
	Absent    = "absent"    // absent when called twice: struck off
	Withdrawn = "withdrawn" // withdrawn by the delegation or the Secretariat
)

// Marks are what the Secretariat records of a waiting speaker.
var Marks = []string{Spoke, Absent, Withdrawn}

// Session roles.
const (
	Moderator = "moderator"
	Keynote   = "keynote"
	Expert    = "expert" // presents one of the session's subtopics
)

// RoleKinds lists every session role.
var RoleKinds = []string{Moderator, Keynote, Expert}

// Level is one rank of an event's table of precedence; a lower Ordinal
// speaks first.
type Level struct {
	ID        string      `json:"id" gorm:"primaryKey"`
	EventID   string      `json:"event_id"`
	Ordinal   int         `json:"ordinal"`
	Code      string      `json:"code"`
	Names     event.Texts `json:"names"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// TableName is the table of precedence.
func (Level) TableName() string { return "precedence_levels" }

// DefaultLevels is the table of precedence an event starts with, first
// speaker first; the Secretariat edits it per event.
var DefaultLevels = []struct {
	Code  string
	Names event.Texts
}{
	{"head_of_state", event.Texts{"en": "Head of State or Government", "fr": "Chef d'État ou de gouvernement", "ar": "رئيس دولة أو حكومة", "ru": "Глава государства или правительства", "az": "Dövlət və ya hökumət başçısı"}},
	{"vice_president", event.Texts{"en": "Vice-President or Deputy Prime Minister", "fr": "Vice-président ou vice-premier ministre", "ar": "نائب رئيس أو نائب رئيس وزراء", "ru": "Вице-президент или заместитель премьер-министра", "az": "Vitse-prezident və ya baş nazirin müavini"}},
	{"minister", event.Texts{"en": "Minister", "fr": "Ministre", "ar": "وزير", "ru": "Министр", "az": "Nazir"}},
	{"deputy_minister", event.Texts{"en": "Deputy Minister", "fr": "Vice-ministre", "ar": "نائب وزير", "ru": "Заместитель министра", "az": "Nazir müavini"}},
	{"head_of_io", event.Texts{"en": "Head of an international organisation", "fr": "Chef d'une organisation internationale", "ar": "رئيس منظمة دولية", "ru": "Глава международной организации", "az": "Beynəlxalq təşkilatın rəhbəri"}},
	{"ambassador", event.Texts{"en": "Ambassador or Permanent Representative", "fr": "Ambassadeur ou représentant permanent", "ar": "سفير أو مندوب دائم", "ru": "Посол или постоянный представитель", "az": "Səfir və ya daimi nümayəndə"}},
	{"head_of_delegation", event.Texts{"en": "Other head of delegation", "fr": "Autre chef de délégation", "ar": "رئيس وفد آخر", "ru": "Другой глава делегации", "az": "Digər nümayəndə heyəti başçısı"}},
	{"observer", event.Texts{"en": "Observer", "fr": "Observateur", "ar": "مراقب", "ru": "Наблюдатель", "az": "Müşahidəçi"}},
	{"international_organisation", event.Texts{"en": "International organisation", "fr": "Organisation internationale", "ar": "منظمة دولية", "ru": "Международная организация", "az": "Beynəlxalq təşkilat"}},
	{"ngo", event.Texts{"en": "Non-governmental organisation", "fr": "Organisation non gouvernementale", "ar": "منظمة غير حكومية", "ru": "Неправительственная организация", "az": "Qeyri-hökumət təşkilatı"}},
}

// Unranked is the rank of a speaker whose level the Secretariat has not
// set: after every level of the table.
const Unranked = 1 << 20

// ParticipantLevel is the level the Secretariat gives a participant.
type ParticipantLevel struct {
	ParticipantID string    `json:"participant_id" gorm:"primaryKey"`
	EventID       string    `json:"event_id"`
	LevelID       string    `json:"level_id"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// TableName is the table of participants' levels.
func (ParticipantLevel) TableName() string { return "participant_levels" }

// Settings are how a session's list of speakers runs. Version grows with
// every change of the list; TurnStartedAt is when the current speaker's
// time began.
type Settings struct {
	SessionID       string     `json:"session_id" gorm:"primaryKey"`
	EventID         string     `json:"event_id"`
	OpensAt         *time.Time `json:"opens_at"`
	ClosesAt        *time.Time `json:"closes_at"`
	SpeakingSeconds int        `json:"speaking_seconds"`
	PerDelegation   int        `json:"per_delegation"`
	Version         int64      `json:"version"`
	TurnStartedAt   *time.Time `json:"turn_started_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// TableName is the table of sessions' speaking settings.
func (Settings) TableName() string { return "speaking_settings" }

// defaultSettings are a session's settings until the Secretariat sets them.
func defaultSettings(ss event.Session) Settings {
	return Settings{SessionID: ss.ID, EventID: ss.EventID, SpeakingSeconds: 300, PerDelegation: 1}
}

// Open reports whether inscription is open at now.
func (s Settings) Open(now time.Time) bool {
	return (s.OpensAt == nil || !now.Before(*s.OpensAt)) && (s.ClosesAt == nil || now.Before(*s.ClosesAt))
}

// Role is a person with a role in a session: a participant of the event or
// a named guest.
type Role struct {
	ID               string    `json:"id" gorm:"primaryKey"`
	SessionID        string    `json:"session_id"`
	EventID          string    `json:"event_id"`
	Role             string    `json:"role"`
	Subtopic         string    `json:"subtopic"`
	ParticipantID    *string   `json:"participant_id"`
	GuestHonorific   string    `json:"guest_honorific"`
	GuestName        string    `json:"guest_name"`
	GuestNativeName  string    `json:"guest_native_name"`
	GuestAffiliation string    `json:"guest_affiliation"`
	Position         int       `json:"position"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Person is who holds the role, as the programme names them.
	Person Person `json:"person" gorm:"-"`
}

// TableName is the table of session roles.
func (Role) TableName() string { return "session_roles" }

// Person is a speaker or role holder as lists show them: no contact details.
type Person struct {
	Honorific  string `json:"honorific"`
	Name       string `json:"name"`        // in Latin script
	NativeName string `json:"native_name"` // in their own script
	Delegation string `json:"delegation"`  // or the guest's affiliation
}

// Speaker is one entry on a session's list of speakers.
type Speaker struct {
	ID            string    `json:"id" gorm:"primaryKey"`
	EventID       string    `json:"event_id"`
	SessionID     string    `json:"session_id"`
	DelegationID  string    `json:"delegation_id"`
	ParticipantID string    `json:"participant_id"`
	LevelRank     int       `json:"level_rank"`
	LevelCode     string    `json:"level_code"`
	Slot          *int      `json:"-"`
	Position      int       `json:"position"`
	Status        string    `json:"status"`
	Absences      int       `json:"absences"`
	InscribedAt   time.Time `json:"inscribed_at"`
	InscribedBy   string    `json:"inscribed_by"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Filled when read for a list.
	Person       Person `json:"person" gorm:"-"`
	HasStatement bool   `json:"has_statement" gorm:"-"`
}

// TableName is the table of the lists' entries.
func (Speaker) TableName() string { return "speakers" }

// Statement is the text of a speaker's statement, for the interpreters.
type Statement struct {
	SpeakerID   string `gorm:"primaryKey"`
	FileName    string
	ContentType string
	Data        []byte
	CreatedAt   time.Time
}

// TableName is the table of statements.
func (Statement) TableName() string { return "speaker_statements" }

// Change is one recorded change of a list: an inscription, a move, a mark.
type Change struct {
	ID           string    `json:"id" gorm:"primaryKey"`
	SpeakerID    string    `json:"speaker_id"`
	SessionID    string    `json:"session_id"`
	Action       string    `json:"action"`
	FromPosition *int      `json:"from_position"`
	ToPosition   *int      `json:"to_position"`
	Reason       string    `json:"reason"`
	Actor        string    `json:"actor"`
	At           time.Time `json:"at"`
}

// TableName is the table of the lists' history.
func (Change) TableName() string { return "speaker_changes" }

// List is a session's list of speakers as every viewer reads it: the
// waiting speakers in order (the first is the current one), those done, and
// the version to poll.
type List struct {
	Session  event.Session `json:"session"`
	Settings Settings      `json:"settings"`
	Waiting  []Speaker     `json:"waiting"`
	Done     []Speaker     `json:"done"`
}
