package visa

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"accreditation/internal/apperr"
)

// sealedRow is one participant's stored passport details, sealed.
type sealedRow struct {
	ParticipantID string `gorm:"primaryKey"`
	EventID       string
	Sealed        string
	UpdatedAt     time.Time
}

func (sealedRow) TableName() string { return "participant_passports" }

// Store holds the settings and the sealed passport details.
type Store struct{ db *gorm.DB }

// NewStore returns a store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store over a transaction.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// FindSettings returns the event's settings; an event never set asks
// nothing and erases after DefaultEraseAfterDays. Errors: Internal.
func (s *Store) FindSettings(ctx context.Context, eventID string) (Settings, error) {
	var out Settings
	err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Take(&out).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Settings{EventID: eventID, EraseAfterDays: DefaultEraseAfterDays}, nil
	}
	if err != nil {
		return out, apperr.Wrap(err, "read visa settings")
	}
	return out, nil
}

// SaveSettings writes st, replacing the event's settings. Errors: Internal.
func (s *Store) SaveSettings(ctx context.Context, st *Settings) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "event_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"ask_passport", "erase_after_days", "updated_at"})}).Create(st).Error
	if err != nil {
		return apperr.Wrap(err, "save visa settings")
	}
	return nil
}

// findSealed returns a participant's sealed details. Errors: NotFound, Internal.
func (s *Store) findSealed(ctx context.Context, participantID string) (sealedRow, error) {
	var out sealedRow
	err := s.db.WithContext(ctx).Where("participant_id = ?", participantID).Take(&out).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return out, apperr.NotFoundf("no passport details for this participant").Typed("no-passport")
	}
	if err != nil {
		return out, apperr.Wrap(err, "read passport details")
	}
	return out, nil
}

// saveSealed writes r, replacing the participant's details. Errors: Internal.
func (s *Store) saveSealed(ctx context.Context, r *sealedRow) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "participant_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"sealed", "updated_at"})}).Create(r).Error
	if err != nil {
		return apperr.Wrap(err, "save passport details")
	}
	return nil
}

// dueForErasure lists the participants whose details are kept past the
// retention of their event: events whose last day is before the date given
// for each number of days by lastDayBefore. Errors: Internal.
func (s *Store) dueForErasure(ctx context.Context, lastDayBefore func(days int) string) ([]sealedRow, error) {
	type due struct {
		EventID string
		EndsOn  string
		Days    *int
	}
	var events []due
	err := s.db.WithContext(ctx).Raw(`SELECT e.id AS event_id, e.ends_on, v.erase_after_days AS days
		FROM events e LEFT JOIN event_visa_settings v ON v.event_id = e.id
		WHERE e.id IN (SELECT DISTINCT event_id FROM participant_passports)`).Scan(&events).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read events with passport details")
	}
	var out []sealedRow
	for _, e := range events {
		days := DefaultEraseAfterDays
		if e.Days != nil {
			days = *e.Days
		}
		if e.EndsOn >= lastDayBefore(days) {
			continue
		}
		var rows []sealedRow
		if err := s.db.WithContext(ctx).Select("participant_id", "event_id").Where("event_id = ?", e.EventID).
			Order("participant_id").Find(&rows).Error; err != nil {
			return nil, apperr.Wrap(err, "read passport details due for erasure")
		}
		out = append(out, rows...)
	}
	return out, nil
}

// deleteSealed erases a participant's details; it reports whether there
// were any. Errors: Internal.
func (s *Store) deleteSealed(ctx context.Context, participantID string) (bool, error) {
	res := s.db.WithContext(ctx).Where("participant_id = ?", participantID).Delete(&sealedRow{})
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, "erase passport details")
	}
	return res.RowsAffected > 0, nil
}
