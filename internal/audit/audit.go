// Package audit records every change made by a person or a device — who,
// when, what, before and after — in the same transaction as the change, and
// lets admins read the record.
package audit

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

// Entry is one recorded change.
type Entry struct {
	ID        string    `json:"id" gorm:"primaryKey"`
	At        time.Time `json:"at"`
	ActorKind string    `json:"actor_kind"`
	ActorID   string    `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  string    `json:"entity_id"`
	EventID   *string   `json:"event_id"`
	Before    *string   `json:"before"`
	After     *string   `json:"after"`
	RequestID string    `json:"request_id"`
}

// TableName is the audit table.
func (Entry) TableName() string { return "audit_log" }

// Change describes what a person or device did to one entity.
type Change struct {
	Action   string // e.g. "create", "update", "issue"
	Entity   string // e.g. "invitation"
	EntityID string
	EventID  string // optional
	Before   any    // nil when created
	After    any    // nil when deleted
}

// Store reads and writes the audit log. Changes are recorded inside the
// transaction of the change: audit.NewStore(tx).Record(ctx, change).
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db (a transaction, to record a change).
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Record writes c to the audit log in the store's transaction, attributed to
// the actor in ctx. It returns an Internal error when the row cannot be
// written, which must roll the change back.
func (s *Store) Record(ctx context.Context, c Change) error {
	a := actor.From(ctx)
	e := Entry{ID: httpx.NewID(), At: clock.Of(s.db)(), ActorKind: string(a.Kind), ActorID: a.ID,
		ActorName: a.Name, Action: c.Action, Entity: c.Entity, EntityID: c.EntityID,
		RequestID: httpx.RequestID(ctx), Before: snapshot(c.Before), After: snapshot(c.After)}
	if e.ActorKind == "" {
		e.ActorKind = "system"
	}
	if c.EventID != "" {
		e.EventID = &c.EventID
	}
	if err := s.db.WithContext(ctx).Create(&e).Error; err != nil {
		return apperr.Wrap(err, "write audit log")
	}
	return nil
}

func snapshot(v any) *string {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		s := `{"error":"not serialisable"}`
		return &s
	}
	s := string(b)
	return &s
}

// Filter selects audit entries.
type Filter struct {
	Entity   string
	EntityID string
	ActorID  string
	EventID  string
	Action   string
	// Who is part of the actor's name (an account's e-mail, a device's
	// name), in any case.
	Who   string
	Since *time.Time
	Until *time.Time
	Page  httpx.Page
}

// Find lists entries matching f, newest first, with the total count.
func (s *Store) Find(ctx context.Context, f Filter) ([]Entry, int64, error) {
	q := s.db.WithContext(ctx).Model(&Entry{})
	for col, v := range map[string]string{"entity": f.Entity, "entity_id": f.EntityID, "actor_id": f.ActorID,
		"event_id": f.EventID, "action": f.Action} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.Who != "" {
		q = q.Where("LOWER(actor_name) LIKE ? ESCAPE '\\'", strings.ToLower(database.Like(f.Who)))
	}
	if f.Since != nil {
		q = q.Where("at >= ?", f.Since.UTC())
	}
	if f.Until != nil {
		q = q.Where("at < ?", f.Until.UTC())
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count audit log")
	}
	var out []Entry
	err := q.Order("at DESC, id").Limit(f.Page.Limit).Offset(f.Page.Offset).Find(&out).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "read audit log")
	}
	return out, total, nil
}
