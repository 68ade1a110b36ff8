package checkin

import (
	"context"

	"accreditation/internal/apperr"
)

// scansOf reads a participant's scans, newest first, with the checkpoint's
// name, and their total. The participant's event narrows the search to the
// event's scans (scans has no index on the participant alone).
func (s *Store) scansOf(ctx context.Context, participantID string, limit int) ([]ScanRecord, int, error) {
	db := s.db.WithContext(ctx)
	var eventIDs []string
	if err := db.Raw(`SELECT event_id FROM participants WHERE id = ?`, participantID).Scan(&eventIDs).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "read the participant's event")
	}
	if len(eventIDs) == 0 {
		return []ScanRecord{}, 0, nil
	}
	q := db.Table("scans").Where("scans.event_id = ? AND scans.participant_id = ?", eventIDs[0], participantID)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count the participant's scans")
	}
	var rows []struct {
		ScanRecord
		DeviceVerdict *string
	}
	err := q.Select(`scans.scan_id, scans.checkpoint_id, COALESCE(checkpoints.name, '') AS checkpoint_name,
		scans.direction, scans.badge_number, scans.badge_version, scans.verdict, scans.device_verdict,
		scans.offline, scans.conflict, scans.scanned_at`).
		Joins("LEFT JOIN checkpoints ON checkpoints.id = scans.checkpoint_id").
		Order("scans.scanned_at DESC, scans.scan_id").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "read the participant's scans")
	}
	out := make([]ScanRecord, len(rows))
	for i, r := range rows {
		out[i] = r.ScanRecord
		if r.DeviceVerdict != nil {
			out[i].DeviceVerdict = *r.DeviceVerdict
		}
	}
	return out, int(total), nil
}
