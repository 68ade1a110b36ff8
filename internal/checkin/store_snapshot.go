package checkin

import (
	"context"
	"time"

	"accreditation/internal/apperr"
)

type eventRow struct {
	ID       string `json:"id"`
	Number   int64  `json:"number"`
	Timezone string `json:"timezone"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on"`
}

// findEvent returns what a scanner needs of an event. Errors: NotFound.
func (s *Store) findEvent(ctx context.Context, id string) (eventRow, error) {
	var rows []eventRow
	err := s.db.WithContext(ctx).Raw(`SELECT id, number, timezone, starts_on, ends_on FROM events WHERE id = ?`, id).Scan(&rows).Error
	if err != nil {
		return eventRow{}, apperr.Wrap(err, "load the event")
	}
	if len(rows) == 0 {
		return eventRow{}, apperr.NotFoundf("no event %s", id)
	}
	return rows[0], nil
}

type keyRow struct {
	KeyID     int
	PublicKey []byte
}

func (s *Store) eventKeys(ctx context.Context, eventID string) ([]keyRow, error) {
	var rows []keyRow
	err := s.db.WithContext(ctx).Raw(`SELECT key_id, public_key FROM signing_keys WHERE event_id = ? ORDER BY key_id`, eventID).
		Scan(&rows).Error
	return rows, wrap(err, "load the signing keys")
}

// CheckpointView is a checkpoint as a scanner lists it.
type CheckpointView struct {
	ID      string `json:"id"`
	EventID string `json:"event_id"`
	Name    string `json:"name"`
	ZoneID  string `json:"zone_id"`
	// SessionID is the session the checkpoint guards; in a snapshot,
	// Admitted lists the badge numbers registered for it, all a scanner
	// needs to refuse the others offline.
	SessionID *string `json:"session_id"`
	Admitted  []int   `json:"admitted,omitempty" gorm:"-"`
}

func (s *Store) eventCheckpoints(ctx context.Context, eventID string) ([]CheckpointView, error) {
	rows := []CheckpointView{}
	err := s.db.WithContext(ctx).Raw(`SELECT id, event_id, name, zone_id, session_id FROM checkpoints WHERE event_id = ? ORDER BY name, id`, eventID).
		Scan(&rows).Error
	if err != nil {
		return nil, wrap(err, "load the checkpoints")
	}
	for i := range rows {
		if rows[i].SessionID == nil {
			continue
		}
		rows[i].Admitted = []int{}
		err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT b.number FROM session_registrations r
			JOIN participants p ON p.id = r.participant_id JOIN badges b ON b.participant_id = p.id
			WHERE r.session_id = ? AND p.status IN ('nominated', 'approved') AND b.status = 'active' ORDER BY b.number`,
			*rows[i].SessionID).Scan(&rows[i].Admitted).Error
		if err != nil {
			return nil, wrap(err, "load the session's registrations")
		}
	}
	return rows, nil
}

// snapshotSelect reads badge rows with their holders, as snapshots give them.
const snapshotSelect = `SELECT b.id, b.participant_id, b.number, b.version, b.status, b.change_seq,
		b.version AS max_version, p.honorific, p.given_names, p.family_name, p.native_name, p.photo_id, p.category_id,
		p.status AS participant_status, d.name_en AS delegation_name, d.names AS delegation_names, c.names AS category_names, c.colour AS category_colour
		FROM badges b JOIN participants p ON p.id = b.participant_id JOIN delegations d ON d.id = p.delegation_id
		LEFT JOIN categories c ON c.id = p.category_id`

// activeBadges returns the active badge rows of an event with the given
// numbers, with their holders.
func (s *Store) activeBadges(ctx context.Context, eventID string, numbers []int) ([]badgeRow, error) {
	var rows []badgeRow
	if err := s.db.WithContext(ctx).Raw(snapshotSelect+` WHERE b.event_id = ? AND b.number IN ? AND b.status = 'active' ORDER BY b.number`,
		eventID, numbers).Find(&rows).Error; err != nil {
		return nil, wrap(err, "load the badges")
	}
	return rows, nil
}

// changedBadges lists an event's badge rows with change_seq above since, in
// change order, with their holders: about limit rows, extended so that the
// rows sharing the last change_seq all come together (one change can touch
// several rows). more reports that rows remain after these.
func (s *Store) changedBadges(ctx context.Context, eventID string, since int64, limit int) ([]badgeRow, bool, error) {
	db := s.db.WithContext(ctx)
	var bound []int64
	err := db.Raw(`SELECT change_seq FROM badges WHERE event_id = ? AND change_seq > ? ORDER BY change_seq LIMIT 1 OFFSET ?`,
		eventID, since, limit-1).Scan(&bound).Error
	if err != nil {
		return nil, false, wrap(err, "load the badges")
	}
	q := snapshotSelect + ` WHERE b.event_id = ? AND b.change_seq > ?`
	args := []any{eventID, since}
	if len(bound) == 1 {
		q += ` AND b.change_seq <= ?`
		args = append(args, bound[0])
	}
	var rows []badgeRow
	if err := db.Raw(q+` ORDER BY b.change_seq, b.number, b.version`, args...).Find(&rows).Error; err != nil {
		return nil, false, wrap(err, "load the badges")
	}
	more := false
	if len(bound) == 1 {
		var next []int64
		if err := db.Raw(`SELECT change_seq FROM badges WHERE event_id = ? AND change_seq > ? LIMIT 1`, eventID, bound[0]).
			Scan(&next).Error; err != nil {
			return nil, false, wrap(err, "load the badges")
		}
		more = len(next) > 0
	}
	return rows, more, nil
}

// lastChange returns the highest change sequence of an event's badges (0
// when it has none): no cursor the event gave is beyond it.
func (s *Store) lastChange(ctx context.Context, eventID string) (int64, error) {
	var last []int64
	if err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(MAX(change_seq), 0) FROM badges WHERE event_id = ?`, eventID).
		Scan(&last).Error; err != nil {
		return 0, wrap(err, "load the badges")
	}
	if len(last) == 0 {
		return 0, nil
	}
	return last[0], nil
}

// thumbs returns the stored thumbnails of photos by id.
func (s *Store) thumbs(ctx context.Context, ids []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(len(ids), start+500)]
		var rows []struct {
			PhotoID string
			Data    []byte
		}
		if err := s.db.WithContext(ctx).Raw(`SELECT photo_id, data FROM photo_thumbs WHERE photo_id IN ?`, part).
			Find(&rows).Error; err != nil {
			return nil, wrap(err, "load the photo thumbnails")
		}
		for _, r := range rows {
			out[r.PhotoID] = r.Data
		}
	}
	return out, nil
}

// saveThumb stores a photo's thumbnail; one made meanwhile by another
// request is kept.
func (s *Store) saveThumb(ctx context.Context, photoID string, data []byte, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO photo_thumbs (photo_id, data, created_at) VALUES (?, ?, ?)
		ON CONFLICT (photo_id) DO NOTHING`, photoID, data, at).Error
	return wrap(err, "store the photo thumbnail")
}

// wrap is apperr.Wrap that keeps a nil error nil.
func wrap(err error, detail string) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(err, detail)
}

// allCheckpoints lists the checkpoints of every event that has not ended
// more than a day ago (dates compare as text: YYYY-MM-DD).
func (s *Store) allCheckpoints(ctx context.Context, since string) ([]CheckpointView, error) {
	rows := []CheckpointView{}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, c.event_id, c.name, c.zone_id, c.session_id FROM checkpoints c
		JOIN events e ON e.id = c.event_id WHERE e.ends_on >= ? ORDER BY e.starts_on, c.name, c.id`, since).Scan(&rows).Error
	return rows, wrap(err, "load the checkpoints")
}
