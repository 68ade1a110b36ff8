package registration

import (
	"context"

	"gorm.io/gorm/clause"

	"accreditation/internal/apperr"
)

// findListEdition reads an event's final edition, reporting whether there
// is one. Errors: Internal.
func (s *Store) findListEdition(ctx context.Context, eventID string) (ListEdition, bool, error) {
	var rows []ListEdition
	if err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Limit(1).Find(&rows).Error; err != nil {
		return ListEdition{}, false, apperr.Wrap(err, "read the list's editions")
	}
	if len(rows) == 0 {
		return ListEdition{}, false, nil
	}
	return rows[0], true, nil
}

// createListEdition inserts e unless the event has one already (issued at
// the same moment by another request), reporting whether it did. Errors:
// Internal.
func (s *Store) createListEdition(ctx context.Context, e *ListEdition) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(e)
	return res.RowsAffected == 1, wrapErr(res.Error, "record the final edition")
}

// createListCorrection inserts c. Errors: Internal.
func (s *Store) createListCorrection(ctx context.Context, c *ListCorrection) error {
	return wrapErr(s.db.WithContext(ctx).Create(c).Error, "save the correction")
}

// findListCorrections reads an event's corrections (one delegation's when
// delegationID is set), oldest first. Errors: Internal.
func (s *Store) findListCorrections(ctx context.Context, eventID, delegationID string) ([]ListCorrection, error) {
	q := s.db.WithContext(ctx).Where("event_id = ?", eventID)
	if delegationID != "" {
		q = q.Where("delegation_id = ?", delegationID)
	}
	var out []ListCorrection
	if err := q.Order("created_at, id").Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "read the corrections")
	}
	return out, nil
}
