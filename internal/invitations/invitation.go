package invitations

import (
	"time"

	"accreditation/internal/event"
)

// Delegation kinds.
const (
	MemberState               = "member_state"
	ObserverState             = "observer_state"
	InternationalOrganization = "international_organization"
	NGO                       = "ngo"
	Parliament                = "parliament"
	Expert                    = "expert"
	Media                     = "media"
)

// Kinds lists every delegation kind.
var Kinds = []string{MemberState, ObserverState, InternationalOrganization, NGO, Parliament, Expert, Media}

// FocalPoint is the person a delegation answers through.
type FocalPoint struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Delegation is the group sent by one invited party.
type Delegation struct {
	ID            string      `json:"id" gorm:"primaryKey"`
	EventID       string      `json:"event_id"`
	Kind          string      `json:"kind"`
	Country       string      `json:"country"` // ISO 3166-1 alpha-2 or ""
	Names         event.Texts `json:"name"`
	NameEN        string      `json:"-" gorm:"column:name_en"`
	FocalName     string      `json:"-"`
	FocalEmail    string      `json:"-"`
	FocalPhone    string      `json:"-"`
	FocalPoint    FocalPoint  `json:"focal_point" gorm:"-"`
	ProtocolOrder int         `json:"protocol_order"`
	// ProtocolManual is true when the Secretariat placed the delegation by hand.
	ProtocolManual bool      `json:"protocol_manual"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Invitation statuses.
const (
	Draft     = "draft"
	Issued    = "issued"
	Sent      = "sent"
	Accepted  = "accepted"
	Declined  = "declined"
	Withdrawn = "withdrawn"
	Expired   = "expired"
)

// Invitee is the person an invitation is addressed to.
type Invitee struct {
	Honorific  string `json:"honorific"`
	GivenNames string `json:"given_names"`
	FamilyName string `json:"family_name"`
	NativeName string `json:"native_name"`
	Office     string `json:"office"`
	Email      string `json:"email"`
}

// Invitation is a letter to one invitee, with its delegation's quota and RSVP state.
type Invitation struct {
	ID              string     `json:"id" gorm:"primaryKey"`
	EventID         string     `json:"event_id"`
	DelegationID    string     `json:"delegation_id"`
	Language        string     `json:"language"`
	Quota           int        `json:"quota"`
	RSVPDeadline    time.Time  `json:"rsvp_deadline" gorm:"column:rsvp_deadline"`
	Status          string     `json:"status"`
	ReferenceNumber *string    `json:"reference_number"`
	LetterVersion   int        `json:"letter_version"`
	Honorific       string     `json:"-"`
	GivenNames      string     `json:"-"`
	FamilyName      string     `json:"-"`
	NativeName      string     `json:"-"`
	Office          string     `json:"-"`
	Email           string     `json:"-"`
	EmailKey        string     `json:"-"`
	Invitee         Invitee    `json:"invitee" gorm:"-"`
	RSVPTokenHash   *string    `json:"-" gorm:"column:rsvp_token_hash"`
	RSVPExpiresAt   *time.Time `json:"rsvp_expires_at" gorm:"column:rsvp_expires_at"`
	ReopenedUntil   *time.Time `json:"reopened_until"`
	ResponseNote    string     `json:"response_note"`
	RespondedAt     *time.Time `json:"responded_at"`
	IssuedAt        *time.Time `json:"issued_at"`
	SentAt          *time.Time `json:"sent_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Open reports whether the delegation may still change its answer and members
// at now: before the deadline, or while the Secretariat has reopened it.
func (i Invitation) Open(now time.Time) bool {
	return now.Before(i.RSVPDeadline) || (i.ReopenedUntil != nil && now.Before(*i.ReopenedUntil))
}
