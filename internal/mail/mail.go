// Package mail sends the service's e-mail through an outbox: a message is
// stored in the same transaction as the change that causes it, and a worker
// delivers it over SMTP, retrying with back-off, once.
package mail

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"accreditation/internal/apperr"
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

// Enqueue stores m in the outbox inside tx. A second Enqueue with the same
// DedupeKey stores nothing and returns the first item with created false.
// Errors: Internal.
func Enqueue(ctx context.Context, tx *gorm.DB, env Envelope, m Message) (item Item, created bool, err error) {
	payload, err := json.Marshal(m)
	if err != nil {
		return Item{}, false, apperr.Wrap(err, "encode message")
	}
	now := clock.Of(tx)()
	item = Item{ID: uuid.NewString(), Kind: env.Kind, DedupeKey: env.DedupeKey, SubjectID: env.SubjectID,
		Recipient: m.To, Payload: string(payload), Status: Queued, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
	if env.EventID != "" {
		item.EventID = &env.EventID
	}
	if existing, ok, err := FindByDedupeKey(ctx, tx, env.DedupeKey); err != nil || ok {
		return existing, false, err
	}
	// Two transactions may queue the same key at once: the second one's
	// insert does nothing (rather than fail, which would abort its whole
	// transaction on PostgreSQL) and it answers with the first one's item.
	res := tx.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).
		Create(&item)
	if res.Error != nil {
		return Item{}, false, apperr.Wrap(res.Error, "queue message")
	}
	if res.RowsAffected == 0 {
		existing, ok, err := FindByDedupeKey(ctx, tx, env.DedupeKey)
		if err != nil || !ok {
			return Item{}, false, apperr.Wrap(errors.Join(err, errors.New("the item that has the key is gone")), "queue message")
		}
		return existing, false, nil
	}
	return item, true, nil
}
