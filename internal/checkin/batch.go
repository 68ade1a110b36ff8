package checkin

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
)

// Batch judges and records scans made offline, one result per scan in the
// same order. A scan the device accepted and the server refuses is stored
// with conflict set; a scan_id seen before is answered from the stored scan.
// A scan with bad fields gets an error in its result and is not stored.
// Errors: Invalid (no scans), TooLarge (more than MaxBatch scans).
func (s *Service) Batch(ctx context.Context, scans []BatchScan) ([]BatchResult, error) {
	if len(scans) == 0 {
		return nil, apperr.Fields(apperr.Field("scans", "must hold at least one scan"))
	}
	if len(scans) > MaxBatch {
		return nil, tooManyScans()
	}
	out := make([]BatchResult, 0, len(scans))
	for _, sc := range scans {
		r := BatchResult{ScanID: sc.ScanID}
		dv := sc.DeviceVerdict
		if !slices.Contains(Verdicts, dv) {
			msg := "device_verdict must be one of the verdicts"
			r.Error = &msg
			out = append(out, r)
			continue
		}
		res, dup, err := s.judge(ctx, sc.ScanInput, &dv)
		if err != nil {
			if apperr.KindOf(err) == apperr.Internal {
				return nil, err
			}
			msg := problemText(err)
			r.Error = &msg
			out = append(out, r)
			continue
		}
		v := res.Verdict
		r.Verdict, r.Duplicate = &v, dup
		r.Conflict = Accepted(dv) && !Accepted(v)
		out = append(out, r)
	}
	return out, nil
}

func tooManyScans() error {
	return &apperr.Error{Kind: apperr.TooLarge, Type: "batch-too-large",
		Detail: fmt.Sprintf("a batch holds at most %d scans (and 8 MiB); this one has more: split it", MaxBatch)}
}

// problemText is an error's detail with its field problems.
func problemText(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return "the scan could not be judged"
	}
	s := e.Detail
	for _, f := range e.Fields {
		if s != "" {
			s += "; "
		}
		s += f.Field + " " + f.Detail
	}
	return s
}

// Conflicts lists an event's offline scans that the device accepted and the
// server refused. Errors: NotFound (no event).
func (s *Service) Conflicts(ctx context.Context, eventID string, limit, offset int) ([]Conflict, int, error) {
	if err := s.store.eventExists(ctx, eventID); err != nil {
		return nil, 0, err
	}
	rows, total, err := s.store.findConflicts(ctx, eventID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Conflict, 0, len(rows))
	for _, r := range rows {
		c := Conflict{ScanID: r.ScanID, CheckpointID: r.CheckpointID, DeviceID: r.DeviceID, Direction: r.Direction,
			BadgeNumber: r.BadgeNumber, BadgeVersion: r.BadgeVersion, Verdict: r.Verdict,
			ScannedAt: r.ScannedAt, ReceivedAt: r.ReceivedAt}
		if r.DeviceVerdict != nil {
			c.DeviceVerdict = *r.DeviceVerdict
		}
		out = append(out, c)
	}
	return out, total, nil
}

// Photo returns a holder's photo for the door: only the photo of an approved
// participant with an active badge (of the device's events, for a device).
// Errors: NotFound (also for any other photo), Forbidden (a device of no
// event).
func (s *Service) Photo(ctx context.Context, id string) (string, []byte, error) {
	a := actor.From(ctx)
	if a.Kind == actor.Device && len(a.Events) == 0 {
		return "", nil, auth.DeviceOutside(a, "photo")
	}
	var events []string // any event's, for staff
	if a.Kind == actor.Device {
		events = a.Events
	}
	if err := s.store.badgePhoto(ctx, id, events); err != nil {
		return "", nil, err
	}
	return s.store.photo(ctx, id)
}
