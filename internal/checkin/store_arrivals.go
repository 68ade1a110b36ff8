package checkin

import (
	"context"
	"time"
)

// arrivedOn counts the distinct holders let in on one event-local day: by
// the day stored with each scan, or, for scans recorded before scans kept
// their day, by their time between from and to (UTC).
func (s *Store) arrivedOn(ctx context.Context, eventID, day string, from, to time.Time) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(`SELECT COUNT(DISTINCT participant_id) FROM scans
		WHERE event_id = ? AND direction = 'in' AND verdict IN ('ok', 'already_inside') AND participant_id IS NOT NULL
		AND (day = ? OR (day IS NULL AND scanned_at >= ? AND scanned_at < ?))`, eventID, day, from, to).Scan(&n).Error
	return n, wrap(err, "count today's arrivals")
}
