package event

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

// Store is the event package's storage. Its reads are what other packages
// call to learn about an event.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx, so that other packages compose its
// reads (and LockEvent) into their own transactions.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// translate turns GORM's errors into apperr kinds naming what.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.NotFoundf("no such %s", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return apperr.Conflictf("a %s with this code already exists in the event", what)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return apperr.Conflictf("the %s is still in use", what)
	}
	return apperr.Wrap(err, "store "+what)
}

// FindEventByID returns an event, or a NotFound error.
func (s *Store) FindEventByID(ctx context.Context, id string) (Event, error) {
	var e Event
	err := s.db.WithContext(ctx).First(&e, "id = ?", id).Error
	return e, translate(err, "event")
}

// LockEvent reads an event and, on a store In a transaction, locks its row
// until the transaction ends (PostgreSQL; SQLite transactions already run one
// writer at a time). It returns NotFound and Internal errors.
func (s *Store) LockEvent(ctx context.Context, id string) (Event, error) {
	var e Event
	err := database.ForUpdate(s.db.WithContext(ctx)).First(&e, "id = ?", id).Error
	return e, translate(err, "event")
}

// TakeReference advances the reference counter of ev, read locked by
// LockEvent in the same transaction, and returns the reference it took,
// formatted by ev's ReferenceFormat, so that references have no gap and no
// duplicate. It returns Internal errors.
func (s *Store) TakeReference(ctx context.Context, ev Event) (string, error) {
	n := ev.NextReference
	res := s.db.WithContext(ctx).Model(&Event{}).Where("id = ? AND next_reference = ?", ev.ID, n).
		Update("next_reference", n+1)
	if res.Error != nil {
		return "", apperr.Wrap(res.Error, "advance reference number")
	}
	if res.RowsAffected != 1 {
		return "", apperr.Wrap(errors.New("reference counter moved"), "advance reference number")
	}
	return ev.Reference(n), nil
}

// FindEventByNumber returns the event with the number carried in badge QR
// codes, or a NotFound error.
func (s *Store) FindEventByNumber(ctx context.Context, n int) (Event, error) {
	var e Event
	err := s.db.WithContext(ctx).First(&e, "number = ?", n).Error
	return e, translate(err, "event")
}

// FindEvents lists one page of events, the latest first, with the total.
// It returns Internal errors only.
func (s *Store) FindEvents(ctx context.Context, p httpx.Page) ([]Event, int64, error) {
	var out []Event
	var total int64
	q := s.db.WithContext(ctx).Model(&Event{})
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count events")
	}
	err := q.Order("starts_on DESC, number DESC").Limit(p.Limit).Offset(p.Offset).Find(&out).Error
	return out, total, translate(err, "event")
}

// FindEventIDsWithReminders lists the events that send reminders (a
// positive ReminderDays); it returns Internal errors only.
func (s *Store) FindEventIDsWithReminders(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&Event{}).Where("reminder_days > 0").Order("id").Pluck("id", &ids).Error
	return ids, translate(err, "event")
}

// CountEvents returns how many events exist; it returns Internal errors only.
func (s *Store) CountEvents(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Event{}).Count(&n).Error
	return n, translate(err, "event")
}

// lockEventNumbers makes event numbering one at a time until the transaction
// ends: a PostgreSQL advisory lock (SQLite transactions already run one writer
// at a time).
func (s *Store) lockEventNumbers(ctx context.Context) error {
	if !database.IsPostgres(s.db) {
		return nil
	}
	err := s.db.WithContext(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext('events.number'))").Error
	return translate(err, "event")
}

// nextEventNumber is the lowest number above every event's.
func (s *Store) nextEventNumber(ctx context.Context) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Model(&Event{}).Select("COALESCE(MAX(number), 0) + 1").Scan(&n).Error
	return n, translate(err, "event")
}

// nextPosition is the position after the last row of model in the event.
func (s *Store) nextPosition(ctx context.Context, model any, eventID string) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Model(model).Where("event_id = ?", eventID).
		Select("COALESCE(MAX(position), 0) + 1").Scan(&n).Error
	return n, translate(err, "position")
}

// create inserts v; a taken code is a Conflict.
func (s *Store) create(ctx context.Context, v any, what string) error {
	return translate(s.db.WithContext(ctx).Create(v).Error, what)
}

// save writes every column of v; a taken code is a Conflict.
func (s *Store) save(ctx context.Context, v any, what string) error {
	return translate(s.db.WithContext(ctx).Save(v).Error, what)
}

// remove deletes the row of model with id; a row still referenced is a Conflict.
func (s *Store) remove(ctx context.Context, model any, id, what string) error {
	return translate(s.db.WithContext(ctx).Delete(model, "id = ?", id).Error, what)
}

// findIn reads the row of an event's part with id into dst; a part of another
// event is NotFound, like one that does not exist.
func findIn[T any](ctx context.Context, s *Store, eventID, id, what string) (T, error) {
	var v T
	err := s.db.WithContext(ctx).Where("event_id = ? AND id = ?", eventID, id).First(&v).Error
	return v, translate(err, what)
}

// findAll reads every part of an event of one kind, in order.
func findAll[T any](ctx context.Context, s *Store, eventID, order, what string) ([]T, error) {
	out := []T{}
	err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Order(order).Find(&out).Error
	return out, translate(err, what)
}

// FindSignatories lists an event's signatories by position, with their
// signature images; it returns Internal errors only.
func (s *Store) FindSignatories(ctx context.Context, eventID string) ([]Signatory, error) {
	out, err := findAll[Signatory](ctx, s, eventID, "position, created_at, id", "signatory")
	for i := range out {
		out[i].HasSignature = len(out[i].SignatureImage) > 0
	}
	return out, err
}

// FindSignatoryByID returns a signatory of the event, or a NotFound error.
func (s *Store) FindSignatoryByID(ctx context.Context, eventID, id string) (Signatory, error) {
	v, err := findIn[Signatory](ctx, s, eventID, id, "signatory")
	v.HasSignature = len(v.SignatureImage) > 0
	return v, err
}

// FindSessions lists an event's programme by position; it returns Internal
// errors only.
func (s *Store) FindSessions(ctx context.Context, eventID string) ([]Session, error) {
	return findAll[Session](ctx, s, eventID, "position, starts_at, id", "session")
}

// FindSessionByID returns a session of the event, or a NotFound error.
func (s *Store) FindSessionByID(ctx context.Context, eventID, id string) (Session, error) {
	return findIn[Session](ctx, s, eventID, id, "session")
}

// FindZones lists an event's zones by code; it returns Internal errors only.
func (s *Store) FindZones(ctx context.Context, eventID string) ([]Zone, error) {
	return findAll[Zone](ctx, s, eventID, "code", "zone")
}

// FindZoneByID returns a zone of the event, or a NotFound error.
func (s *Store) FindZoneByID(ctx context.Context, eventID, id string) (Zone, error) {
	return findIn[Zone](ctx, s, eventID, id, "zone")
}

// FindCheckpoints lists an event's checkpoints by name; it returns Internal
// errors only.
func (s *Store) FindCheckpoints(ctx context.Context, eventID string) ([]Checkpoint, error) {
	return findAll[Checkpoint](ctx, s, eventID, "name, id", "checkpoint")
}

// FindCheckpointByID returns a checkpoint of the event, or a NotFound error.
func (s *Store) FindCheckpointByID(ctx context.Context, eventID, id string) (Checkpoint, error) {
	return findIn[Checkpoint](ctx, s, eventID, id, "checkpoint")
}

// FindCategories lists an event's categories by position, each with the zones
// it opens; it returns Internal errors only.
func (s *Store) FindCategories(ctx context.Context, eventID string) ([]Category, error) {
	cats, err := findAll[Category](ctx, s, eventID, "position, code", "category")
	if err != nil {
		return nil, err
	}
	if err := s.fillZones(ctx, eventID, cats); err != nil {
		return nil, err
	}
	return cats, nil
}

// FindCategoryByID returns a category of the event with the zones it opens,
// or a NotFound error.
func (s *Store) FindCategoryByID(ctx context.Context, eventID, id string) (Category, error) {
	c, err := findIn[Category](ctx, s, eventID, id, "category")
	if err != nil {
		return c, err
	}
	cats := []Category{c}
	err = s.fillZones(ctx, eventID, cats)
	return cats[0], err
}

func (s *Store) fillZones(ctx context.Context, eventID string, cats []Category) error {
	var links []CategoryZone
	err := s.db.WithContext(ctx).Table("category_zones").
		Joins("JOIN zones ON zones.id = category_zones.zone_id").
		Where("zones.event_id = ?", eventID).Order("zones.code").
		Select("category_zones.category_id, category_zones.zone_id").Scan(&links).Error
	if err != nil {
		return apperr.Wrap(err, "read category zones")
	}
	for i := range cats {
		cats[i].ZoneIDs = []string{}
		for _, l := range links {
			if l.CategoryID == cats[i].ID {
				cats[i].ZoneIDs = append(cats[i].ZoneIDs, l.ZoneID)
			}
		}
	}
	return nil
}

// setCategoryZones makes the category open exactly zoneIDs.
func (s *Store) setCategoryZones(ctx context.Context, categoryID string, zoneIDs []string) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("category_id = ?", categoryID).Delete(&CategoryZone{}).Error; err != nil {
		return apperr.Wrap(err, "clear category zones")
	}
	for _, z := range zoneIDs {
		if err := db.Create(&CategoryZone{CategoryID: categoryID, ZoneID: z}).Error; err != nil {
			return translate(err, "category zone")
		}
	}
	return nil
}

// countCheckpointsIn counts the checkpoints into a zone.
func (s *Store) countCheckpointsIn(ctx context.Context, zoneID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Checkpoint{}).Where("zone_id = ?", zoneID).Count(&n).Error
	return n, translate(err, "checkpoint")
}

// checkpointInUse counts the scans recorded at a checkpoint and the
// scanners not revoked placed there: check-in's tables, known here by name
// only (as RemoveDemo's unlinked ones).
func (s *Store) checkpointInUse(ctx context.Context, id string) (scans, scanners int64, err error) {
	err = s.db.WithContext(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM scans WHERE checkpoint_id = ?),
		(SELECT COUNT(*) FROM scanners sc JOIN devices d ON d.id = sc.device_id WHERE sc.checkpoint_id = ? AND d.revoked_at IS NULL)`,
		id, id).Row().Scan(&scans, &scanners)
	return scans, scanners, translate(err, "checkpoint")
}

// countParticipantsIn counts the participants accredited in a category (of
// any status, as their badges and lists name it): registration's table,
// known here by name only.
func (s *Store) countParticipantsIn(ctx context.Context, categoryID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("participants").Where("category_id = ?", categoryID).Count(&n).Error
	return n, translate(err, "participant")
}

// CountRegistered counts the places taken in a session: registrations of
// active members (registration's tables, known here by name only). It
// returns Internal errors.
func (s *Store) CountRegistered(ctx context.Context, sessionID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("session_registrations r").Joins("JOIN participants p ON p.id = r.participant_id").
		Where("r.session_id = ? AND p.status IN ?", sessionID, []string{"nominated", "approved"}).Count(&n).Error
	return n, translate(err, "session registration")
}

// countInvitationsIn counts an event's invitations written in one of langs:
// the invitations' table, known here by name only.
func (s *Store) countInvitationsIn(ctx context.Context, eventID string, langs []string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("invitations").Where("event_id = ? AND language IN ?", eventID, langs).Count(&n).Error
	return n, translate(err, "invitation")
}

// lockDemoLoading makes loading the demo one server at a time until the
// transaction ends: a PostgreSQL advisory lock (SQLite transactions already
// run one writer at a time).
func (s *Store) lockDemoLoading(ctx context.Context) error {
	if !database.IsPostgres(s.db) {
		return nil
	}
	if err := s.db.WithContext(ctx).Exec("SELECT pg_advisory_xact_lock(?)", demoLock).Error; err != nil {
		return apperr.Wrap(err, "lock demo loading")
	}
	return nil
}

// deleteUnlinked empties the unlinked tables of an event, in their order.
func (s *Store) deleteUnlinked(ctx context.Context, eventID string) error {
	for _, u := range unlinked {
		if err := s.db.WithContext(ctx).Exec("DELETE FROM "+u.table+" WHERE "+u.where, eventID).Error; err != nil {
			return apperr.Wrap(err, "delete the demo's "+u.table)
		}
	}
	return nil
}
