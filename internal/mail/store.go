package mail

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

// claim marks up to limit due messages as sending, leased until now+lease,
// counts the attempt, and returns them. Due means queued with its next attempt
// at or before now, or sending with an ended lease (its worker died). On
// PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so concurrent
// workers take disjoint sets; SQLite runs one immediate transaction at a time.
func claim(ctx context.Context, db *gorm.DB, now time.Time, lease time.Duration, limit int) ([]Item, error) {
	lock := ""
	if database.IsPostgres(db) {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE outbox SET status = 'sending', attempts = attempts + 1, locked_until = ?, updated_at = ?
WHERE id IN (SELECT id FROM outbox
  WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND locked_until < ?)
  ORDER BY next_attempt_at, created_at LIMIT ?` + lock + `)
RETURNING *`
	var items []Item
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Raw(q, now.Add(lease), now, now, now, limit).Scan(&items).Error
	})
	if err != nil {
		return nil, apperr.Wrap(err, "claim outbox messages")
	}
	return items, nil
}

// settle updates a claimed message if this worker still holds its claim: the
// attempt count fences out a worker whose lease ended and was taken over.
func settle(ctx context.Context, db *gorm.DB, it Item, set map[string]any) error {
	res := db.WithContext(ctx).Model(&Item{}).
		Where("id = ? AND status = ? AND attempts = ?", it.ID, Sending, it.Attempts).Updates(set)
	if res.Error != nil {
		return apperr.Wrap(res.Error, "record outbox outcome")
	}
	return nil
}

// markSent records a delivery and drops the message itself: it may carry a
// secret (an invitation's RSVP link, whose token is otherwise stored only as
// a hash) that has no business staying in the database once sent. A sent
// message is never sent again; the outbox row keeps the record of it.
func markSent(ctx context.Context, db *gorm.DB, it Item, now time.Time) error {
	return settle(ctx, db, it, map[string]any{"status": Sent, "sent_at": now, "locked_until": nil,
		"last_error": "", "updated_at": now, "payload": ""})
}

func markRetry(ctx context.Context, db *gorm.DB, it Item, reason string, next, now time.Time) error {
	return settle(ctx, db, it, map[string]any{"status": Queued, "next_attempt_at": next, "locked_until": nil,
		"last_error": clip(reason), "updated_at": now})
}

func markFailed(ctx context.Context, db *gorm.DB, it Item, reason string, now time.Time) error {
	return settle(ctx, db, it, map[string]any{"status": Failed, "locked_until": nil,
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
func FindItems(ctx context.Context, db *gorm.DB, f Filter) ([]Item, int64, error) {
	q := db.WithContext(ctx).Model(&Item{})
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
func FindItem(ctx context.Context, db *gorm.DB, id string) (Item, error) {
	var it Item
	err := db.WithContext(ctx).First(&it, "id = ?", id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Item{}, apperr.NotFoundf("no outbox item %s", id)
	}
	if err != nil {
		return Item{}, apperr.Wrap(err, "read outbox item")
	}
	return it, nil
}

// FindByDedupeKey returns, read in tx (or the pool), the item queued under a
// dedupe key, and whether there is one. It returns Internal errors.
func FindByDedupeKey(ctx context.Context, tx *gorm.DB, key string) (Item, bool, error) {
	var it Item
	err := tx.WithContext(ctx).Where("dedupe_key = ?", key).Take(&it).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, apperr.Wrap(err, "read outbox")
	}
	return it, true, nil
}

// Requeue puts a failed item back in the queue with a fresh set of attempts,
// keeping its last error for the record, and audits the change.
// Errors: NotFound, Conflict (not failed, with the status), Internal.
func Requeue(ctx context.Context, db *gorm.DB, id string) (Item, error) {
	var out Item
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var it Item
		if err := database.ForUpdate(tx).First(&it, "id = ?", id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFoundf("no outbox item %s", id)
			}
			return apperr.Wrap(err, "read outbox item")
		}
		if it.Status != Failed {
			return apperr.Conflictf("only a failed message can be retried; this one is %s", it.Status).With("current_status", it.Status)
		}
		before := it
		now := clock.Of(tx)()
		it.Status, it.Attempts, it.NextAttemptAt, it.LockedUntil, it.UpdatedAt = Queued, 0, now, nil, now
		if err := tx.Model(&Item{}).Where("id = ?", id).Updates(map[string]any{"status": Queued, "attempts": 0,
			"next_attempt_at": now, "locked_until": nil, "updated_at": now}).Error; err != nil {
			return apperr.Wrap(err, "requeue outbox item")
		}
		ev := ""
		if it.EventID != nil {
			ev = *it.EventID
		}
		out = it
		return audit.Record(ctx, tx, audit.Change{Action: "retry", Entity: "outbox", EntityID: id, EventID: ev,
			Before: before, After: it})
	})
	return out, err
}
