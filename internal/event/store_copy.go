package event

import (
	"context"
	"time"

	"accreditation/internal/httpx"
)

// copyZones copies every zone of the event from into the event to and
// returns the new zone id of each old one.
func (s *Store) copyZones(ctx context.Context, from, to string) (map[string]string, error) {
	zones, err := s.FindZones(ctx, from)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]string, len(zones))
	for _, z := range zones {
		ids[z.ID] = httpx.NewID()
		z.ID, z.EventID, z.CreatedAt, z.UpdatedAt = ids[z.ID], to, time.Time{}, time.Time{}
		if err := s.create(ctx, &z, "zone"); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// copyCategories copies every category of from into to, each opening the
// copies of the zones it opened; ids gains the new id of each old category.
func (s *Store) copyCategories(ctx context.Context, from, to string, zones map[string]string) error {
	cats, err := s.FindCategories(ctx, from)
	if err != nil {
		return err
	}
	for _, c := range cats {
		opens := make([]string, 0, len(c.ZoneIDs))
		for _, z := range c.ZoneIDs {
			opens = append(opens, zones[z])
		}
		zones[c.ID] = httpx.NewID()
		c.ID, c.EventID, c.CreatedAt, c.UpdatedAt = zones[c.ID], to, time.Time{}, time.Time{}
		if err := s.create(ctx, &c, "category"); err != nil {
			return err
		}
		if err := s.setCategoryZones(ctx, c.ID, opens); err != nil {
			return err
		}
	}
	return nil
}

// copyCheckpoints copies every checkpoint of from into to, each at the copy
// of its zone and guarding the copy of its session (ids maps both).
func (s *Store) copyCheckpoints(ctx context.Context, from, to string, zones map[string]string) error {
	cps, err := s.FindCheckpoints(ctx, from)
	if err != nil {
		return err
	}
	for _, c := range cps {
		c.ID, c.EventID, c.ZoneID, c.CreatedAt, c.UpdatedAt = httpx.NewID(), to, zones[c.ZoneID], time.Time{}, time.Time{}
		if c.SessionID != nil {
			id := zones[*c.SessionID]
			c.SessionID = &id
		}
		if err := s.create(ctx, &c, "checkpoint"); err != nil {
			return err
		}
	}
	return nil
}

// copySignatories copies every signatory of from into to, with the
// signature image.
func (s *Store) copySignatories(ctx context.Context, from, to string) error {
	sigs, err := s.FindSignatories(ctx, from)
	if err != nil {
		return err
	}
	for _, sg := range sigs {
		sg.ID, sg.EventID, sg.CreatedAt, sg.UpdatedAt = httpx.NewID(), to, time.Time{}, time.Time{}
		if err := s.create(ctx, &sg, "signatory"); err != nil {
			return err
		}
	}
	return nil
}

// copySessions copies the programme of src into ev, each session moved by
// the days between their first days, at the copy of its zone and inviting
// the copies of its categories (zones maps both); zones gains the new id of
// each old session. A session that would fall outside ev's days is an
// Invalid error.
func (s *Store) copySessions(ctx context.Context, src, ev Event, zones map[string]string) error {
	sessions, err := s.FindSessions(ctx, src.ID)
	if err != nil {
		return err
	}
	for _, ss := range sessions {
		old := ss.ID
		ss = movedSession(ss, src, ev, zones)
		zones[old] = ss.ID
		if ss.validate(ev) != nil {
			return sessionOutside(ss)
		}
		ss.CreatedAt, ss.UpdatedAt = time.Time{}, time.Time{}
		if err := s.create(ctx, &ss, "session"); err != nil {
			return err
		}
	}
	return nil
}
