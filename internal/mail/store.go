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
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

// Store is the outbox's storage: every query of the package is one of its
// methods. Whoever opens a transaction hands it to In.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx, so that other packages queue
// mail in their own transactions.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// Enqueue stores m in the outbox. A second Enqueue with the same DedupeKey
// stores nothing and returns the first item with created false.
// Errors: Internal.
func (s *Store) Enqueue(ctx context.Context, env Envelope, m Message) (item Item, created bool, err error) {
	payload, err := json.Marshal(m)
	if err != nil {
		return Item{}, false, apperr.Wrap(err, "encode message")
	}
	now := clock.Of(s.db)()
	item = Item{ID: uuid.NewString(), Kind: env.Kind, DedupeKey: env.DedupeKey, SubjectID: env.SubjectID,
		Recipient: m.To, Payload: string(payload), Status: Queued, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
	if env.EventID != "" {
		item.EventID = &env.EventID
	}
	if existing, ok, err := s.FindByDedupeKey(ctx, env.DedupeKey); err != nil || ok {
		return existing, false, err
	}
	// Two transactions may queue the same key at once: the second one's
	// insert does nothing (rather than fail, which would abort its whole
	// transaction on PostgreSQL) and it answers with the first one's item.
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).
		Create(&item)
	if res.Error != nil {
		return Item{}, false, apperr.Wrap(res.Error, "queue message")
	}
	if res.RowsAffected == 0 {
		existing, ok, err := s.FindByDedupeKey(ctx, env.DedupeKey)
		if err != nil || !ok {
			return Item{}, false, apperr.Wrap(errors.Join(err, errors.New("the item that has the key is gone")), "queue message")
		}
		return existing, false, nil
	}
	return item, true, nil
}

// claim marks up to limit due messages as sending, leased until now+lease,
// counts the attempt, and returns them. Due means queued with its next attempt
// at or before now, or sending with an ended lease (its worker died). On
// PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so concurrent
// workers take disjoint sets; SQLite runs one immediate transaction at a time.
func (s *Store) claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Item, error) {
	lock := ""
	if database.IsPostgres(s.db) {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE outbox SET status = 'sending', attempts = attempts + 1, locked_until = ?, updated_at = ?
WHERE id IN (SELECT id FROM outbox
  WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND locked_until < ?)
  ORDER BY next_attempt_at, created_at LIMIT ?` + lock + `)
RETURNING *`
	var items []Item
	if err := s.db.WithContext(ctx).Raw(q, now.Add(lease), now, now, now, limit).Scan(&items).Error; err != nil {
		return nil, apperr.Wrap(err, "claim outbox messages")
	}
	return items, nil
}

// settle updates a claimed message if this worker still holds its claim: the
// attempt count fences out a worker whose lease ended and was taken over.
func (s *Store) settle(ctx context.Context, it Item, set map[string]any) error {
	res := s.db.WithContext(ctx).Model(&Item{}).
		Where("id = ? AND status = ? AND attempts = ?", it.ID, Sending, it.Attempts).Updates(set)
	if res.Error != nil {
		return apperr.Wrap(res.Error, "record outbox outcome")
	}
	return nil
}

// renew extends the lease of a claimed message to until, if this worker
// still holds its claim.
func (s *Store) renew(ctx context.Context, it Item, until time.Time) error {
	return s.settle(ctx, it, map[string]any{"locked_until": until})
}

// markSent records a delivery and drops the message itself: it may carry a
// secret (an invitation's RSVP link, whose token is otherwise stored only as
// a hash) that has no business staying in the database once sent. A sent
// message is never sent again; the outbox row keeps the record of it.
func (s *Store) markSent(ctx context.Context, it Item, now time.Time) error {
	return s.settle(ctx, it, map[string]any{"status": Sent, "sent_at": now, "locked_until": nil,
		"last_error": "", "updated_at": now, "payload": ""})
}

func (s *Store) markRetry(ctx context.Context, it Item, reason string, next, now time.Time) error {
	return s.settle(ctx, it, map[string]any{"status": Queued, "next_attempt_at": next, "locked_until": nil,
		"last_error": clip(reason), "updated_at": now})
}

func (s *Store) markFailed(ctx context.Context, it Item, reason string, now time.Time) error {
	return s.settle(ctx, it, map[string]any{"status": Failed, "locked_until": nil,
		"last_error": clip(reason), "updated_at": now})
}

func clip(s string) string {
	if r := []rune(s); len(r) > 1000 {
		return string(r[:1000])
	}
	return s
}

// Filter selects outbox items.
type Filter struct {
	Status    string
	SubjectID string
	EventID   string
	Kind      string
	Page      httpx.Page
}

// FindItems lists outbox items, newest first, with the total. Errors: Internal.
func (s *Store) FindItems(ctx context.Context, f Filter) ([]Item, int64, error) {
	q := s.db.WithContext(ctx).Model(&Item{})
	for col, v := range map[string]string{"status": f.Status, "subject_id": f.SubjectID, "event_id": f.EventID, "kind": f.Kind} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count outbox")
	}
	var items []Item
	err := q.Order("created_at DESC, id").Limit(f.Page.Limit).Offset(f.Page.Offset).Find(&items).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list outbox")
	}
	return items, total, nil
}

// FindItem returns one outbox item. Errors: NotFound, Internal.
func (s *Store) FindItem(ctx context.Context, id string) (Item, error) {
	var it Item
	err := s.db.WithContext(ctx).First(&it, "id = ?", id).Error
	return it, translate(err, id)
}

// lockItem reads an outbox item and, in a transaction, locks its row until
// the transaction ends (PostgreSQL; SQLite runs one writer at a time).
// Errors: NotFound, Internal.
func (s *Store) lockItem(ctx context.Context, id string) (Item, error) {
	var it Item
	err := database.ForUpdate(s.db.WithContext(ctx)).First(&it, "id = ?", id).Error
	return it, translate(err, id)
}

func translate(err error, id string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.NotFoundf("no outbox item %s", id)
	}
	return apperr.Wrap(err, "read outbox item")
}

// requeue puts the item back in the queue, due at now, with no attempt
// counted. Errors: Internal.
func (s *Store) requeue(ctx context.Context, id string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Item{}).Where("id = ?", id).Updates(map[string]any{"status": Queued,
		"attempts": 0, "next_attempt_at": now, "locked_until": nil, "updated_at": now}).Error
	if err != nil {
		return apperr.Wrap(err, "requeue outbox item")
	}
	return nil
}

// FindByDedupeKey returns the item queued under a dedupe key, and whether
// there is one. It returns Internal errors.
func (s *Store) FindByDedupeKey(ctx context.Context, key string) (Item, bool, error) {
	var it Item
	err := s.db.WithContext(ctx).Where("dedupe_key = ?", key).Take(&it).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, apperr.Wrap(err, "read outbox")
	}
	return it, true, nil
}
