// Package mail sends the service's e-mail through an outbox: a message is
// stored in the same transaction as the change that causes it, and a worker
// delivers it over SMTP, retrying with back-off, once.
package mail

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
)

// Attachment is a file attached to a message.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// Message is one e-mail to one recipient.
type Message struct {
	To          string       `json:"to"`
	ToName      string       `json:"to_name"`
	Subject     string       `json:"subject"`
	Text        string       `json:"text"`
	HTML        string       `json:"html,omitempty"`
	Language    string       `json:"language"` // Content-Language
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Outbox row statuses.
const (
	Queued  = "queued"
	Sending = "sending"
	Sent    = "sent"
	Failed  = "failed"
)

// Item is a stored outbox row.
type Item struct {
	ID            string     `json:"id" gorm:"primaryKey"`
	EventID       *string    `json:"event_id"`
	Kind          string     `json:"kind"`
	DedupeKey     string     `json:"-"`
	SubjectID     string     `json:"subject_id"`
	Recipient     string     `json:"recipient"`
	Payload       string     `json:"-"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LockedUntil   *time.Time `json:"-"`
	LastError     string     `json:"last_error"`
	SentAt        *time.Time `json:"sent_at"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// TableName is the outbox table.
func (Item) TableName() string { return "outbox" }

// Envelope says what a message is for: Kind (e.g. "invitation", "reminder",
// "confirmation"), SubjectID (the entity it concerns, e.g. an invitation id),
// and DedupeKey, which makes one dispatch one message whatever the retries.
type Envelope struct {
	EventID   string
	Kind      string
	SubjectID string
	DedupeKey string
}

// Requeue puts a failed item back in the queue with a fresh set of attempts,
// keeping its last error for the record, and audits the change, in one
// transaction on db. Errors: NotFound, Conflict (not failed, with the
// status), Internal.
func Requeue(ctx context.Context, db *gorm.DB, id string) (Item, error) {
	var out Item
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := NewStore(tx)
		it, err := st.lockItem(ctx, id)
		if err != nil {
			return err
		}
		if it.Status != Failed {
			return apperr.Conflictf("only a failed message can be retried; this one is %s", it.Status).With("current_status", it.Status)
		}
		before := it
		now := clock.Of(tx)()
		it.Status, it.Attempts, it.NextAttemptAt, it.LockedUntil, it.UpdatedAt = Queued, 0, now, nil, now
		if err := st.requeue(ctx, id, now); err != nil {
			return err
		}
		ev := ""
		if it.EventID != nil {
			ev = *it.EventID
		}
		out = it
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "retry", Entity: "outbox", EntityID: id, EventID: ev,
			Before: before, After: it})
	})
	return out, err
}
