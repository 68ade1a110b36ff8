package checkin

import (
	"context"
	"time"
)

// MaxHistory is the most scans ScansOf returns.
const MaxHistory = 500

// ScanRecord is one scan of a person's badge, as their record shows it.
type ScanRecord struct {
	ScanID         string    `json:"scan_id"`
	CheckpointID   string    `json:"checkpoint_id"`
	CheckpointName string    `json:"checkpoint_name"`
	Direction      string    `json:"direction"`
	BadgeNumber    *int      `json:"badge_number"`
	BadgeVersion   *int      `json:"badge_version"`
	Verdict        string    `json:"verdict"`
	DeviceVerdict  string    `json:"device_verdict"`
	Offline        bool      `json:"offline"`
	Conflict       bool      `json:"conflict"`
	ScannedAt      time.Time `json:"scanned_at"`
}

// ScansOf returns the scans of a participant's badges, newest first, at most
// limit (1 to MaxHistory; out of that range, MaxHistory), with the total.
// An unknown participant has no scan. Errors: Internal.
func (s *Service) ScansOf(ctx context.Context, participantID string, limit int) ([]ScanRecord, int, error) {
	if limit < 1 || limit > MaxHistory {
		limit = MaxHistory
	}
	return s.store.scansOf(ctx, participantID, limit)
}
