package checkin

import (
	"time"
)

// Verdicts a scan can get.
const (
	OK            = "ok"
	AlreadyInside = "already_inside"
	Revoked       = "revoked"
	Superseded    = "superseded"
	NotValidHere  = "not_valid_here"
	NotValidNow   = "not_valid_now"
	Unknown       = "unknown"
	Forged        = "forged"
	Unreadable    = "unreadable"
)

// Verdicts lists every verdict.
var Verdicts = []string{OK, AlreadyInside, Revoked, Superseded, NotValidHere, NotValidNow, Unknown, Forged, Unreadable}

// Accepted reports whether a verdict lets the holder through.
func Accepted(verdict string) bool { return verdict == OK || verdict == AlreadyInside }

// Directions of a scan.
const (
	In  = "in"
	Out = "out"
)

// Limits on scans.
const (
	// MaxBatch is the most scans one batch upload may carry.
	MaxBatch = 5000
	// MaxBatchBody is the largest batch body in bytes.
	MaxBatchBody = 8 << 20
	// MaxScanBody is the largest single-scan body in bytes.
	MaxScanBody = 16 << 10
	// OnlineSkew is how far an online scan's scanned_at may be from the
	// time the server receives it.
	OnlineSkew = 24 * time.Hour
	// OfflineAge is how old an offline scan may be when uploaded.
	OfflineAge = 30 * 24 * time.Hour
)

// ScanInput is one scan as a device sends it: a code read from a badge, or a
// badge number typed by hand.
type ScanInput struct {
	Code         *string    `json:"code"`
	BadgeNumber  *int       `json:"badge_number"`
	CheckpointID string     `json:"checkpoint_id"`
	Direction    string     `json:"direction"`
	ScannedAt    *time.Time `json:"scanned_at"`
	ScanID       string     `json:"scan_id"`
}

// BatchScan is one scan made offline, with the verdict the device gave.
type BatchScan struct {
	ScanInput
	DeviceVerdict string `json:"device_verdict"`
}

// BadgeRef identifies the scanned badge.
type BadgeRef struct {
	Number  int    `json:"number"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

// Holder is what the door shows about a badge's holder, and nothing more.
type Holder struct {
	Honorific      string  `json:"honorific"`
	Name           string  `json:"name"`
	NativeName     string  `json:"native_name"`
	Delegation     string  `json:"delegation"`
	Category       string  `json:"category"`
	CategoryColour string  `json:"category_colour"`
	CategoryID     *string `json:"category_id"`
	PhotoURL       *string `json:"photo_url"`
}

// Result is the answer to a scan.
type Result struct {
	ScanID    string    `json:"scan_id"`
	Verdict   string    `json:"verdict"`
	Message   string    `json:"message"`
	Badge     *BadgeRef `json:"badge"`
	Holder    *Holder   `json:"holder"`
	ScannedAt time.Time `json:"scanned_at"`
}

// BatchResult is the answer to one scan of a batch: its verdict, whether the
// device's own verdict conflicts with it, whether it had been uploaded
// before, or why it was refused (Error, with no verdict).
type BatchResult struct {
	ScanID    string  `json:"scan_id"`
	Verdict   *string `json:"verdict"`
	Conflict  bool    `json:"conflict"`
	Duplicate bool    `json:"duplicate"`
	Error     *string `json:"error"`
}

// Conflict is a stored offline scan that the device accepted and the server
// refused.
type Conflict struct {
	ScanID        string    `json:"scan_id"`
	CheckpointID  string    `json:"checkpoint_id"`
	DeviceID      *string   `json:"device_id"`
	Direction     string    `json:"direction"`
	BadgeNumber   *int      `json:"badge_number"`
	BadgeVersion  *int      `json:"badge_version"`
	Verdict       string    `json:"verdict"`
	DeviceVerdict string    `json:"device_verdict"`
	ScannedAt     time.Time `json:"scanned_at"`
	ReceivedAt    time.Time `json:"received_at"`
}
