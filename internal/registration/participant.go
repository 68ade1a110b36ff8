package registration

import "time"

// Roles in a delegation.
const (
	Head      = "head"
	Delegate  = "delegate"
	Alternate = "alternate"
	Adviser   = "adviser"
	Security  = "security"
	Support   = "support"
)

// Roles lists every role in a delegation.
var Roles = []string{Head, Delegate, Alternate, Adviser, Security, Support}

// Accreditation statuses.
const (
	Nominated = "nominated"
	Approved  = "approved"
	Rejected  = "rejected"
	Withdrawn = "withdrawn"
)

// Participant is a person in a delegation.
type Participant struct {
	ID                     string     `json:"id" gorm:"primaryKey"`
	EventID                string     `json:"event_id"`
	InvitationID           string     `json:"invitation_id"`
	DelegationID           string     `json:"delegation_id"`
	Honorific              string     `json:"honorific"`
	GivenNames             string     `json:"given_names"`
	FamilyName             string     `json:"family_name"`
	NativeName             string     `json:"native_name"`
	Gender                 string     `json:"gender"`
	Function               string     `json:"function"`
	Role                   string     `json:"role"`
	Email                  string     `json:"email"`
	Phone                  string     `json:"phone"`
	Nationality            string     `json:"nationality"`
	InterpretationLanguage string     `json:"interpretation_language"`
	Dietary                string     `json:"dietary"`
	Accessibility          string     `json:"accessibility"`
	Status                 string     `json:"status"`
	CategoryID             *string    `json:"category_id"`
	RejectionReason        string     `json:"rejection_reason"`
	SearchText             string     `json:"-"`
	PhotoID                *string    `json:"-"`
	DecidedAt              *time.Time `json:"decided_at"`
	DecidedBy              string     `json:"-"`
	CreatedAt              time.Time  `json:"created_at"`
	UpdatedAt              time.Time  `json:"updated_at"`
}

// Active reports whether p counts against the quota.
func (p Participant) Active() bool { return p.Status == Nominated || p.Status == Approved }

// Photo is a participant's photo, re-encoded without metadata.
type Photo struct {
	ID            string `gorm:"primaryKey"`
	ParticipantID string
	ContentType   string
	Width, Height int
	SHA256        string `gorm:"column:sha256"`
	Data          []byte
	CreatedAt     time.Time
}
