package checkin

import (
	"context"
	"time"

	"accreditation/internal/database"
)

// CheckpointFlow is what happened at one checkpoint over a span of time:
// entries let in, exits recorded and scans refused.
type CheckpointFlow struct {
	CheckpointID string `json:"checkpoint_id"`
	Name         string `json:"name"`
	ZoneID       string `json:"zone_id"`
	Entries      int    `json:"entries"`
	Exits        int    `json:"exits"`
	Refused      int    `json:"refused"`
}

// bucketCount is the scans of one checkpoint, bucket and direction,
// accepted (1) or refused (0).
type bucketCount struct {
	CheckpointID string
	B            int64
	Direction    string
	Accepted     int
	N            int
}

// accredited counts, by delegation and category, the holders of an active
// badge (one active version per holder): a revoked, suspended or superseded
// badge does not accredit anyone. Badges keep their holder's groups, so the
// badges alone answer.
func (s *Store) accredited(ctx context.Context, eventID string) ([]participantCount, error) {
	var rows []participantCount
	err := s.db.WithContext(ctx).Raw(`SELECT delegation_id, category_id, COUNT(*) AS accredited
		FROM badges WHERE event_id = ? AND status = 'active' AND delegation_id IS NOT NULL
		GROUP BY delegation_id, category_id`, eventID).Find(&rows).Error
	return rows, wrap(err, "count active badges")
}

// receivedSince bounds the scans of a span by when the server received
// them: a scan taken from `from` on reached the server after it, so the
// index on (event_id, received_at) reads only the span's end of the table.
func receivedSince(from time.Time) time.Time { return from.Add(-time.Minute) }

// checkpointList is an event's checkpoints with no counts yet, by name.
func (s *Store) checkpointList(ctx context.Context, eventID string) ([]CheckpointFlow, error) {
	rows := []CheckpointFlow{}
	err := s.db.WithContext(ctx).Raw(`SELECT id AS checkpoint_id, name, zone_id FROM checkpoints
		WHERE event_id = ? ORDER BY name, id`, eventID).Find(&rows).Error
	return rows, wrap(err, "load the checkpoints")
}

// dayScans counts the scans taken between from and to (UTC), in one pass
// over them, by checkpoint, bucket of step seconds counted from from,
// direction, and whether they were let through.
func (s *Store) dayScans(ctx context.Context, eventID string, from, to time.Time, step int64) ([]bucketCount, error) {
	db := s.db.WithContext(ctx)
	epoch := `CAST(strftime('%s', scanned_at) AS INTEGER)`
	if database.IsPostgres(db) {
		epoch = `CAST(FLOOR(EXTRACT(EPOCH FROM scanned_at)) AS BIGINT)`
	}
	var rows []bucketCount
	err := db.Raw(`SELECT checkpoint_id, (`+epoch+` - ?) / ? AS b, direction,
		CASE WHEN verdict IN ('ok', 'already_inside') THEN 1 ELSE 0 END AS accepted, COUNT(*) AS n
		FROM scans WHERE event_id = ? AND received_at >= ? AND scanned_at >= ? AND scanned_at < ?
		GROUP BY 1, 2, 3, 4`, from.Unix(), step, eventID, receivedSince(from), from, to).Find(&rows).Error
	return rows, wrap(err, "count the day's scans")
}
