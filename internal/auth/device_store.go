package auth

import (
	"context"
	"time"

	"accreditation/internal/apperr"
)

// CreatePairing stores a pairing code's hash.
func (s *Store) CreatePairing(ctx context.Context, p *Pairing) error {
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return apperr.Wrap(err, "create pairing code")
	}
	return nil
}

// ReplacePairings marks a device's unused codes replaced by a newer one.
func (s *Store) ReplacePairings(ctx context.Context, deviceID string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Pairing{}).
		Where("device_id = ? AND used_at IS NULL AND replaced_at IS NULL", deviceID).
		Update("replaced_at", now).Error
	if err != nil {
		return apperr.Wrap(err, "replace pairing codes")
	}
	return nil
}

// FindPairing returns the pairing code with hash, or NotFound.
func (s *Store) FindPairing(ctx context.Context, hash string) (Pairing, error) {
	var p Pairing
	if err := s.db.WithContext(ctx).First(&p, "hash = ?", hash).Error; err != nil {
		return Pairing{}, notFound(err, "pairing code")
	}
	return p, nil
}

// ClaimPairing marks a live pairing code used and reports whether this call
// was the one that did (one conditional UPDATE, so that of two concurrent
// claims one wins).
func (s *Store) ClaimPairing(ctx context.Context, id string, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&Pairing{}).
		Where("id = ? AND used_at IS NULL AND replaced_at IS NULL AND expires_at > ?", id, now).
		Update("used_at", now)
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, "use pairing code")
	}
	return res.RowsAffected == 1, nil
}

// DeviceState is a device with what its pairing stands at.
type DeviceState struct {
	Device
	// Paired is whether the device holds a live token.
	Paired bool
	// PairedAt is when its live token was made.
	PairedAt *time.Time
	// CodeExpiresAt is when its live pairing code, if any, expires.
	CodeExpiresAt *time.Time
}

// FindDeviceStates returns the devices with ids, with their pairing state,
// keyed by id; ids that are no device are left out.
func (s *Store) FindDeviceStates(ctx context.Context, ids []string, now time.Time) (map[string]DeviceState, error) {
	out := map[string]DeviceState{}
	if len(ids) == 0 {
		return out, nil
	}
	var ds []Device
	db := s.db.WithContext(ctx)
	if err := db.Where("id IN ?", ids).Find(&ds).Error; err != nil {
		return nil, apperr.Wrap(err, "read devices")
	}
	for _, d := range ds {
		out[d.ID] = DeviceState{Device: d}
	}
	var toks []Token
	if err := db.Where("device_id IN ? AND revoked_at IS NULL", ids).Find(&toks).Error; err != nil {
		return nil, apperr.Wrap(err, "read device tokens")
	}
	for _, t := range toks {
		st := out[*t.DeviceID]
		at := t.CreatedAt
		st.Paired, st.PairedAt = true, &at
		out[*t.DeviceID] = st
	}
	var ps []Pairing
	if err := db.Where("device_id IN ? AND used_at IS NULL AND replaced_at IS NULL AND expires_at > ?", ids, now).
		Find(&ps).Error; err != nil {
		return nil, apperr.Wrap(err, "read pairing codes")
	}
	for _, p := range ps {
		st := out[p.DeviceID]
		exp := p.ExpiresAt
		st.CodeExpiresAt = &exp
		out[p.DeviceID] = st
	}
	return out, nil
}
