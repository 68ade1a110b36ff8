package checkin

import (
	"context"
	"fmt"
	"time"
)

// Count rows of the attendance report.
type (
	// DelegationCount is one delegation's attendance.
	DelegationCount struct {
		DelegationID string `json:"delegation_id"`
		Name         string `json:"name"`
		Invited      int    `json:"invited"`
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

// A holder has arrived when let in at least once: every accepted entry
// passes through presence, which keeps the first one.
const arrivedSQL = `CASE WHEN EXISTS (SELECT 1 FROM presence pa WHERE pa.event_id = p.event_id AND pa.participant_id = p.id
	AND pa.first_in_at IS NOT NULL) THEN 1 ELSE 0 END`
const insideSQL = `CASE WHEN EXISTS (SELECT 1 FROM presence pr WHERE pr.event_id = p.event_id AND pr.participant_id = p.id
	AND pr.inside = ?) THEN 1 ELSE 0 END`

func (s *Store) byDelegation(ctx context.Context, eventID string) ([]DelegationCount, error) {
	rows := []DelegationCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT d.id AS delegation_id, d.name_en AS name,
		COALESCE(SUM(CASE WHEN p.status IN ('nominated', 'approved') THEN 1 ELSE 0 END), 0) AS invited,
		COALESCE(SUM(CASE WHEN p.status = 'approved' THEN 1 ELSE 0 END), 0) AS accredited,
		COALESCE(SUM(`+arrivedSQL+`), 0) AS arrived, COALESCE(SUM(`+insideSQL+`), 0) AS inside_now
		FROM delegations d LEFT JOIN participants p ON p.delegation_id = d.id
		WHERE d.event_id = ? GROUP BY d.id, d.name_en, d.protocol_order ORDER BY d.protocol_order, d.name_en`,
		true, eventID).Scan(&rows).Error
	return rows, wrap(err, "count attendance by delegation")
}

func (s *Store) byCategory(ctx context.Context, eventID string) ([]CategoryCount, error) {
	rows := []CategoryCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS category_id, c.code,
		COALESCE(SUM(CASE WHEN p.status = 'approved' THEN 1 ELSE 0 END), 0) AS accredited,
		COALESCE(SUM(`+arrivedSQL+`), 0) AS arrived, COALESCE(SUM(`+insideSQL+`), 0) AS inside_now
		FROM categories c LEFT JOIN participants p ON p.category_id = c.id
		WHERE c.event_id = ? GROUP BY c.id, c.code, c.position ORDER BY c.position, c.code`, true, eventID).Scan(&rows).Error
	return rows, wrap(err, "count attendance by category")
}

func (s *Store) byCheckpoint(ctx context.Context, eventID string) ([]CheckpointCount, error) {
	rows := []CheckpointCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS checkpoint_id, c.name, c.zone_id, COUNT(s.scan_id) AS scans,
		COALESCE(SUM(CASE WHEN s.verdict IN ('ok', 'already_inside') THEN 1 ELSE 0 END), 0) AS accepted,
		COALESCE(SUM(CASE WHEN s.verdict NOT IN ('ok', 'already_inside') THEN 1 ELSE 0 END), 0) AS refused
		FROM checkpoints c LEFT JOIN scans s ON s.checkpoint_id = c.id
		WHERE c.event_id = ? GROUP BY c.id, c.name, c.zone_id ORDER BY c.name, c.id`, eventID).Scan(&rows).Error
	return rows, wrap(err, "count scans by checkpoint")
}

func (s *Store) byZone(ctx context.Context, eventID string) ([]ZoneCount, error) {
	rows := []ZoneCount{}
	err := s.db.WithContext(ctx).Raw(`SELECT z.id AS zone_id, z.code,
		COALESCE(SUM(CASE WHEN pr.inside = ? THEN 1 ELSE 0 END), 0) AS inside_now
		FROM zones z LEFT JOIN presence pr ON pr.zone_id = z.id
		WHERE z.event_id = ? GROUP BY z.id, z.code ORDER BY z.code`, true, eventID).Scan(&rows).Error
	return rows, wrap(err, "count presence by zone")
}

type dayScan struct {
	ParticipantID *string
	Verdict       string
	ScannedAt     time.Time
}

func (s *Store) entryScans(ctx context.Context, eventID string) ([]dayScan, error) {
	var rows []dayScan
	err := s.db.WithContext(ctx).Raw(`SELECT participant_id, verdict, scanned_at FROM scans
		WHERE event_id = ? AND direction = 'in'`, eventID).Scan(&rows).Error
	return rows, wrap(err, "load the entries")
}

// scanMark is a cheap summary of an event's scans that changes whenever one
// is recorded, for the live view to poll.
func (s *Store) scanMark(ctx context.Context, eventID string) (string, error) {
	var row struct {
		N    int64
		Last *string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) AS n, CAST(MAX(received_at) AS TEXT) AS last FROM scans WHERE event_id = ?`, eventID).
		Scan(&row).Error
	if err != nil {
		return "", wrap(err, "poll the scans")
	}
	last := ""
	if row.Last != nil {
		last = *row.Last
	}
	return fmt.Sprintf("%s/%d", last, row.N), nil
}
