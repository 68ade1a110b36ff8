package badges

import "time"

// Badge statuses. A suspended badge belongs to a participant sent back to
// review; it becomes active again on approval.
const (
	Active     = "active"
	Suspended  = "suspended"
	Superseded = "superseded"
	Revoked    = "revoked"
)

// Badge is one version of a participant's printed credential.
type Badge struct {
	ID            string `json:"id" gorm:"primaryKey"`
	EventID       string `json:"event_id"`
	ParticipantID string `json:"participant_id"`
	// DelegationID and CategoryID are the holder's when this version was
	// issued, kept for counting badges by group without the participants.
	DelegationID string     `json:"-"`
	CategoryID   *string    `json:"-"`
	Number       int        `json:"number"`
	Version      int        `json:"version"`
	Status       string     `json:"status"`
	KeyID        int        `json:"key_id"`
	Code         string     `json:"code"`
	Reason       string     `json:"reason"`
	PrintedAt    *time.Time `json:"printed_at"`
	CollectedAt  *time.Time `json:"collected_at"`
	ChangeSeq    int64      `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// HistoryEntry is one thing that happened to a badge.
type HistoryEntry struct {
	ID      string    `json:"id" gorm:"primaryKey"`
	BadgeID string    `json:"badge_id"`
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	Reason  string    `json:"reason"`
	Actor   string    `json:"actor"`
}

// TableName is the history table.
func (HistoryEntry) TableName() string { return "badge_history" }
