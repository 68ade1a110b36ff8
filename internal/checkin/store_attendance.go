package checkin

import (
	"context"
	"strconv"
	"time"

	"accreditation/internal/event"
)

// Count rows of the attendance report.
type (
	// DelegationCount is one delegation's attendance.
	DelegationCount struct {
		DelegationID string `json:"delegation_id"`
		Name         string `json:"name"`
		Nominated    int    `json:"nominated"`
		Accredited   int    `json:"accredited"`
		Arrived      int    `json:"arrived"`
		InsideNow    int    `json:"inside_now"`
	}
	// CategoryCount is one category's attendance.
	CategoryCount struct {
		CategoryID string `json:"category_id"`
		Code       string `json:"code"`
		Accredited int    `json:"accredited"`
		Arrived    int    `json:"arrived"`
		InsideNow  int    `json:"inside_now"`
	}
	// CheckpointCount is one checkpoint's scans.
	CheckpointCount struct {
		CheckpointID string `json:"checkpoint_id"`
		Name         string `json:"name"`
		ZoneID       string `json:"zone_id"`
		Scans        int    `json:"scans"`
		Accepted     int    `json:"accepted"`
		Refused      int    `json:"refused"`
	}
	// ZoneCount is how many people are inside a zone now.
	ZoneCount struct {
		ZoneID    string `json:"zone_id"`
		Code      string `json:"code"`
		InsideNow int    `json:"inside_now"`
	}
	// DayCount is one event day's scans and arrivals, in the event's timezone.
	DayCount struct {
		Date    string `json:"date"`
		Scans   int    `json:"scans"`
		Arrived int    `json:"arrived"`
	}
)

// participantCount is the attendance of the participants of one delegation
// and category.
type participantCount struct {
	DelegationID string
	CategoryID   *string
	Nominated    int
	Accredited   int
	Arrived      int
	InsideNow    int
}

// byParticipant counts an event's participants put forward and not turned
// down (nominated or approved) by delegation and category, from the index
// on (event_id, delegation_id, category_id, status) alone, in its order.
func (s *Store) byParticipant(ctx context.Context, eventID string) ([]participantCount, error) {
	var rows []participantCount
	err := s.db.WithContext(ctx).Raw(`SELECT delegation_id, category_id,
		SUM(CASE WHEN status IN ('nominated', 'approved') THEN 1 ELSE 0 END) AS nominated
		FROM participants WHERE event_id = ? GROUP BY delegation_id, category_id`, eventID).Find(&rows).Error
	return rows, wrap(err, "count participants")
}

// byArrival counts, by delegation and category, the holders let in at least
// once (every accepted entry passes through presence, and the attendance row
// keeps the first one) and those inside any zone now, from the attendance
// rows alone: one per person, however many zones they are in.
func (s *Store) byArrival(ctx context.Context, eventID string) ([]participantCount, error) {
	var rows []participantCount
	err := s.db.WithContext(ctx).Raw(`SELECT delegation_id, category_id, COUNT(first_in_at) AS arrived,
		SUM(CASE WHEN zones_inside > 0 THEN 1 ELSE 0 END) AS inside_now
		FROM attendees WHERE event_id = ? GROUP BY delegation_id, category_id`, eventID).Find(&rows).Error
	return rows, wrap(err, "count arrivals")
}

// keepCategory records a participant's category on their attendance row,
// making the row (nobody arrived yet) when there is none. The row made
// here is what a concurrent first entry finds, so that entry's ON CONFLICT
// DO NOTHING keeps the new category rather than the one it read earlier.
func (s *Store) keepCategory(ctx context.Context, eventID, participantID, delegationID string, categoryID *string) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO attendees (event_id, participant_id, delegation_id, category_id)
		VALUES (?, ?, ?, ?) ON CONFLICT (event_id, participant_id)
		DO UPDATE SET category_id = excluded.category_id, delegation_id = excluded.delegation_id`,
		eventID, participantID, delegationID, categoryID).Error
	return wrap(err, "keep the attendance category")
}

func (s *Store) delegations(ctx context.Context, eventID string) ([]DelegationCount, error) {
	rows := []DelegationCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT id AS delegation_id, name_en AS name FROM delegations
		WHERE event_id = ? ORDER BY protocol_order, name_en`, eventID).Find(&rows).Error
	return rows, wrap(err, "load the delegations")
}

func (s *Store) categories(ctx context.Context, eventID string) ([]CategoryCount, error) {
	rows := []CategoryCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT id AS category_id, code FROM categories
		WHERE event_id = ? ORDER BY position, code`, eventID).Find(&rows).Error
	return rows, wrap(err, "load the categories")
}

// byCheckpoint counts each checkpoint's scans, accepted and refused, from
// the tallies kept as scans are recorded.
func (s *Store) byCheckpoint(ctx context.Context, eventID string) ([]CheckpointCount, error) {
	rows := []CheckpointCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS checkpoint_id, c.name, c.zone_id, COALESCE(s.scans, 0) AS scans,
		COALESCE(s.accepted, 0) AS accepted, COALESCE(s.scans - s.accepted, 0) AS refused
		FROM checkpoints c LEFT JOIN (SELECT checkpoint_id, CAST(SUM(scans) AS BIGINT) AS scans,
			CAST(SUM(accepted) AS BIGINT) AS accepted
			FROM scan_tallies WHERE event_id = ? GROUP BY checkpoint_id) s ON s.checkpoint_id = c.id
		WHERE c.event_id = ? ORDER BY c.name, c.id`, eventID, eventID).Find(&rows).Error
	return rows, wrap(err, "count scans by checkpoint")
}

// byZone counts the people inside each of an event's zones now, from the
// event's presence rows alone.
func (s *Store) byZone(ctx context.Context, eventID string) ([]ZoneCount, error) {
	rows := []ZoneCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT z.id AS zone_id, z.code, COALESCE(pr.n, 0) AS inside_now
		FROM zones z LEFT JOIN (SELECT zone_id, COUNT(*) AS n FROM presence WHERE event_id = ? AND inside = ?
			GROUP BY zone_id) pr ON pr.zone_id = z.id
		WHERE z.event_id = ? ORDER BY z.code`, eventID, true, eventID).Scan(&rows).Error
	return rows, wrap(err, "count presence by zone")
}

type dayScan struct {
	ParticipantID *string
	Verdict       string
	ScannedAt     time.Time
}

// byDay counts an event's entries and distinct holders let in per
// event-local day, from the tallies and the day's arrivals kept as scans are
// recorded (the scans recorded without their day are undatedEntries).
func (s *Store) byDay(ctx context.Context, eventID string) ([]DayCount, error) {
	rows := []DayCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT t.day AS date, t.scans, COALESCE(a.arrived, 0) AS arrived
		FROM (SELECT day, CAST(SUM(scans) AS BIGINT) AS scans FROM scan_tallies
			WHERE event_id = ? AND direction = 'in' AND day <> '' GROUP BY day) t
		LEFT JOIN (SELECT day, COUNT(*) AS arrived FROM day_arrivals WHERE event_id = ? GROUP BY day) a ON a.day = t.day
		ORDER BY t.day`, eventID, eventID).Find(&rows).Error
	return rows, wrap(err, "count entries by day")
}

// undatedEntries returns the entries recorded before scans kept their day.
func (s *Store) undatedEntries(ctx context.Context, eventID string) ([]dayScan, error) {
	var rows []dayScan
	err := s.db.WithContext(ctx).Raw(`SELECT participant_id, verdict, scanned_at FROM scans
		WHERE event_id = ? AND direction = 'in' AND day IS NULL`, eventID).Find(&rows).Error
	return rows, wrap(err, "load the entries")
}

// scanMark is a cheap summary of an event's scans that changes whenever one
// is recorded (scans are never removed but with their event), for the live
// view to poll: their number, from the tallies.
func (s *Store) scanMark(ctx context.Context, eventID string) (string, error) {
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT CAST(COALESCE(SUM(scans), 0) AS BIGINT) FROM scan_tallies WHERE event_id = ?`, eventID).
		Scan(&n).Error
	if err != nil {
		return "", wrap(err, "poll the scans")
	}
	return strconv.FormatInt(n, 10), nil
}

// eventLanguages are an event's working languages, in its order. Errors:
// NotFound, Internal.
func (s *Store) eventLanguages(ctx context.Context, id string) ([]string, error) {
	ev, err := event.NewStore(s.db).FindEventByID(ctx, id)
	return ev.Languages, err
}
