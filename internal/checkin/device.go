package checkin

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Scanner devices. The auth package keeps what any device is (its name,
// language, tokens and pairing codes) and knows nothing of the doors; this
// package keeps where a device scans (the checkpoint of an event it was
// created for) and what it last reported, in its own table, and checks that
// the checkpoint belongs to the event before the device exists.

// DeviceInput is what the Secretariat sends to create a scanner device.
type DeviceInput struct {
	Name         string `json:"name"`
	Language     string `json:"language"`
	CheckpointID string `json:"checkpoint_id"`
}

// scannerRow is a device's place at the doors and its last report.
type scannerRow struct {
	DeviceID       string `gorm:"primaryKey"`
	EventID        string
	CheckpointID   string
	CreatedAt      time.Time
	LastContactAt  *time.Time
	LastSnapshotAt *time.Time
	Pending        *int
	AppVersion     string
}

func (scannerRow) TableName() string { return "scanners" }

// Scanner is a scanner device of an event as the console and the API show
// it: the device, its checkpoint, its pairing and what it last reported.
type Scanner struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Language       string     `json:"language"`
	EventID        string     `json:"event_id"`
	CheckpointID   string     `json:"checkpoint_id"`
	CheckpointName string     `json:"checkpoint_name"`
	State          string     `json:"state"`
	CreatedAt      time.Time  `json:"created_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
	PairedAt       *time.Time `json:"paired_at"`
	CodeExpiresAt  *time.Time `json:"code_expires_at"`
	LastContactAt  *time.Time `json:"last_contact_at"`
	LastSnapshotAt *time.Time `json:"last_snapshot_at"`
	Pending        *int       `json:"pending"`
	AppVersion     string     `json:"app_version"`
}

// States of a scanner device.
const (
	// DeviceWaiting: created or given a new code, not paired yet.
	DeviceWaiting = "waiting"
	// DevicePaired: a phone holds its token.
	DevicePaired = "paired"
	// DeviceRevoked: its token and codes no longer work.
	DeviceRevoked = "revoked"
)

// NewScanner is a device just created, with its first pairing code (shown once).
type NewScanner struct {
	Scanner
	Pairing auth.PairingCode `json:"pairing"`
}

// authService is the auth package's service over the same database, on
// this service's clock; it holds no state of its own.
func (s *Service) authService() *auth.Service {
	a := auth.NewService(s.store.db)
	a.Now = s.now
	return a
}

// CreateDevice registers a scanner device for a checkpoint of the event and
// returns it with its first pairing code. Errors: NotFound for an unknown
// event, Invalid (naming checkpoint_id, name or language) for a checkpoint
// that is not the event's or bad names; nothing is stored then.
func (s *Service) CreateDevice(ctx context.Context, eventID string, in DeviceInput) (NewScanner, error) {
	if err := s.store.eventExists(ctx, eventID); err != nil {
		return NewScanner{}, err
	}
	in.CheckpointID = strings.TrimSpace(in.CheckpointID)
	var v apperr.Validator
	var cp checkpointRow
	switch {
	case in.CheckpointID == "":
		v.Add("checkpoint_id", "is required: the checkpoint the device scans at")
	case !httpx.IsUUID(in.CheckpointID):
		v.Add("checkpoint_id", "must be a UUID")
	default:
		var err error
		cp, err = s.store.findCheckpoint(ctx, in.CheckpointID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return NewScanner{}, err
		}
		v.Check(err == nil, "checkpoint_id", "is no checkpoint")
		v.Check(err != nil || cp.EventID == eventID, "checkpoint_id", "is a checkpoint of another event")
	}
	if err := auth.ValidateDevice(in.Name, in.Language); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			for _, f := range ae.Fields {
				v.Add(f.Field, "%s", f.Detail)
			}
		}
	}
	if err := v.Err(); err != nil {
		return NewScanner{}, err
	}
	now := s.now()
	d, code, err := s.authService().CreatePairableDevice(ctx, in.Name, in.Language, func(tx *gorm.DB, d auth.Device) error {
		row := scannerRow{DeviceID: d.ID, EventID: eventID, CheckpointID: cp.ID, CreatedAt: now}
		if err := s.store.In(tx).createScanner(ctx, &row); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "scanner", EntityID: d.ID, EventID: eventID, After: row})
	})
	if err != nil {
		return NewScanner{}, err
	}
	exp := code.ExpiresAt
	return NewScanner{Scanner: Scanner{ID: d.ID, Name: d.Name, Language: d.Language, EventID: eventID,
		CheckpointID: cp.ID, CheckpointName: cp.Name, State: DeviceWaiting, CreatedAt: d.CreatedAt, CodeExpiresAt: &exp},
		Pairing: code}, nil
}

// Devices lists an event's scanner devices, newest first. Errors: NotFound.
func (s *Service) Devices(ctx context.Context, eventID string, limit, offset int) ([]Scanner, int64, error) {
	if err := s.store.eventExists(ctx, eventID); err != nil {
		return nil, 0, err
	}
	rows, total, err := s.store.findScanners(ctx, eventID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.withDevices(ctx, rows)
	return out, total, err
}

// Device returns one scanner device. Errors: NotFound (also for a device
// that is no event's scanner).
func (s *Service) Device(ctx context.Context, id string) (Scanner, error) {
	row, err := s.store.findScanner(ctx, id)
	if err != nil {
		return Scanner{}, err
	}
	out, err := s.withDevices(ctx, []scannerLine{row})
	if err != nil {
		return Scanner{}, err
	}
	if len(out) == 0 {
		return Scanner{}, apperr.NotFoundf("no such device")
	}
	return out[0], nil
}

func (s *Service) withDevices(ctx context.Context, rows []scannerLine) ([]Scanner, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.DeviceID
	}
	states, err := s.authService().DeviceStates(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Scanner, 0, len(rows))
	for _, r := range rows {
		st, ok := states[r.DeviceID]
		if !ok {
			continue
		}
		sc := Scanner{ID: st.ID, Name: st.Name, Language: st.Language, EventID: r.EventID, CheckpointID: r.CheckpointID,
			CheckpointName: r.CheckpointName, CreatedAt: st.CreatedAt, RevokedAt: st.RevokedAt, PairedAt: st.PairedAt,
			CodeExpiresAt: st.CodeExpiresAt, LastContactAt: r.LastContactAt, LastSnapshotAt: r.LastSnapshotAt,
			Pending: r.Pending, AppVersion: r.AppVersion, State: DeviceWaiting}
		switch {
		case st.RevokedAt != nil:
			sc.State, sc.CodeExpiresAt = DeviceRevoked, nil
		case st.Paired:
			sc.State = DevicePaired
		}
		out = append(out, sc)
	}
	return out, nil
}

// DeviceCheckpoint returns the checkpoint a device was created for, and
// whether it has one (a device made before devices had checkpoints has none).
func (s *Service) DeviceCheckpoint(ctx context.Context, deviceID string) (CheckpointView, bool, error) {
	row, err := s.store.findScanner(ctx, deviceID)
	if apperr.Is(err, apperr.NotFound) {
		return CheckpointView{}, false, nil
	}
	if err != nil {
		return CheckpointView{}, false, err
	}
	return CheckpointView{ID: row.CheckpointID, EventID: row.EventID, Name: row.CheckpointName, ZoneID: row.ZoneID}, true, nil
}
