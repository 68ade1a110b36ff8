package checkin

import (
	"context"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
)

// A scanner belongs to its event: a device sees the snapshot, checkpoints
// and photos of the event it was created for and nothing of any other, and
// scans only at that event's checkpoints. The events a device scans for
// ride on its actor (auth.Service.DeviceEvents is DeviceEvents), so that
// every package's routes can keep a device to them.

type scannerEntry struct {
	line scannerLine
	ok   bool
}

// scannerOf returns a device's scanner row, cached briefly (it is read on
// every call of a device), and whether it has one: a device made before
// devices belonged to events has none.
func (s *Service) scannerOf(ctx context.Context, deviceID string) (scannerLine, bool, error) {
	e, err := s.cache.scanners.get(ctx, deviceID, func(ctx context.Context) (scannerEntry, error) {
		row, err := s.store.findScanner(ctx, deviceID)
		if apperr.Is(err, apperr.NotFound) {
			return scannerEntry{}, nil
		}
		return scannerEntry{line: row, ok: err == nil}, err
	})
	return e.line, e.ok, err
}

// DeviceEvents returns the events a device scans for: its scanner's event,
// or none for a device that is no event's scanner. Errors: Internal.
func (s *Service) DeviceEvents(ctx context.Context, deviceID string) ([]string, error) {
	sc, ok, err := s.scannerOf(ctx, deviceID)
	if err != nil || !ok {
		return nil, err
	}
	return []string{sc.EventID}, nil
}

// mayScan checks that the caller may scan at cp, and reports whether a
// device scans away from its own checkpoint (at another of its event's).
// Errors: NotFound (naming checkpoint_id) for a checkpoint of an event the
// device does not scan for, Forbidden for a device of no event.
func (s *Service) mayScan(ctx context.Context, cp checkpointInfo) (away bool, err error) {
	a := actor.From(ctx)
	if a.Kind != actor.Device {
		return false, nil
	}
	if !a.Reaches(cp.EventID) {
		if len(a.Events) == 0 {
			return false, auth.DeviceOutside(a, "checkpoint")
		}
		return false, apperr.NotFoundf("no checkpoint %s", cp.ID).With("field", "checkpoint_id")
	}
	sc, ok, err := s.scannerOf(ctx, a.ID)
	return ok && sc.CheckpointID != cp.ID, err
}

// reachEvent refuses a device's request for an event it does not scan for.
// Errors: NotFound, Forbidden for a device of no event.
func reachEvent(ctx context.Context, eventID string) error {
	if a := actor.From(ctx); !a.Reaches(eventID) {
		return auth.DeviceOutside(a, "event")
	}
	return nil
}
