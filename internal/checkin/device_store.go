package checkin

import (
	"context"
	"time"

	"accreditation/internal/apperr"
)

// scannerLine is a scanner row with its checkpoint's name and zone.
type scannerLine struct {
	DeviceID, EventID, CheckpointID string
	CreatedAt                       time.Time
	LastContactAt, LastSnapshotAt   *time.Time
	Pending                         *int
	AppVersion                      string
	CheckpointName, ZoneID          string
}

func (s *Store) createScanner(ctx context.Context, r *scannerRow) error {
	if err := s.db.WithContext(ctx).Create(r).Error; err != nil {
		return apperr.Wrap(err, "create the scanner")
	}
	return nil
}

const scannerSelect = `SELECT s.device_id, s.event_id, s.checkpoint_id, s.created_at, s.last_contact_at,
	s.last_snapshot_at, s.pending, s.app_version, c.name AS checkpoint_name, c.zone_id
	FROM scanners s JOIN checkpoints c ON c.id = s.checkpoint_id`

// findScanners lists an event's scanners, newest first.
func (s *Store) findScanners(ctx context.Context, eventID string, limit, offset int) ([]scannerLine, int64, error) {
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Model(&scannerRow{}).Where("event_id = ?", eventID).Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count the scanners")
	}
	rows := []scannerLine{}
	err := db.Raw(scannerSelect+` WHERE s.event_id = ? ORDER BY s.created_at DESC, s.device_id LIMIT ? OFFSET ?`,
		eventID, limit, offset).Scan(&rows).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list the scanners")
	}
	return rows, total, nil
}

// findScanner returns one device's scanner row, or NotFound.
func (s *Store) findScanner(ctx context.Context, deviceID string) (scannerLine, error) {
	var rows []scannerLine
	if err := s.db.WithContext(ctx).Raw(scannerSelect+` WHERE s.device_id = ?`, deviceID).Scan(&rows).Error; err != nil {
		return scannerLine{}, apperr.Wrap(err, "load the scanner")
	}
	if len(rows) == 0 {
		return scannerLine{}, apperr.NotFoundf("no such device")
	}
	return rows[0], nil
}

// contact is what a device reported on one call.
type contact struct {
	at       time.Time
	pending  *int
	version  string
	snapshot bool
}

// recordContact writes a device's last report on its scanner row (none for
// a device without one).
func (s *Store) recordContact(ctx context.Context, deviceID string, c contact) error {
	set := map[string]any{"last_contact_at": c.at}
	if c.pending != nil {
		set["pending"] = *c.pending
	}
	if c.version != "" {
		set["app_version"] = c.version
	}
	if c.snapshot {
		set["last_snapshot_at"] = c.at
	}
	err := s.db.WithContext(ctx).Model(&scannerRow{}).Where("device_id = ?", deviceID).Updates(set).Error
	return wrap(err, "record the device's contact")
}
