package event

import (
	"context"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// CreateSession adds a session to the programme. It returns NotFound for an
// unknown event, Invalid for bad fields or a zone of another event.
func (s *Service) CreateSession(ctx context.Context, eventID string, in SessionInput) (Session, error) {
	out := Session{ID: httpx.NewID(), EventID: eventID, Titles: Texts{}, Subtopics: Strings{}}
	err := s.mutate(ctx, eventID, "create", "session", func(st *Store, ev Event, c *audit.Change) error {
		n, err := st.nextPosition(ctx, &Session{}, eventID)
		if err != nil {
			return err
		}
		out.Position = n
		in.apply(&out)
		if err := checkSession(ctx, st, ev, out); err != nil {
			return err
		}
		c.EntityID = out.ID
		err = st.create(ctx, &out, "session")
		c.After = out
		return err
	})
	return out, err
}

// UpdateSession changes the given fields of a session. It returns NotFound
// for a session not in the event, Invalid for bad fields.
func (s *Service) UpdateSession(ctx context.Context, eventID, id string, in SessionInput) (Session, error) {
	var out Session
	err := s.mutate(ctx, eventID, "update", "session", func(st *Store, ev Event, c *audit.Change) error {
		v, err := st.FindSessionByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		in.apply(&v)
		if err := checkSession(ctx, st, ev, v); err != nil {
			return err
		}
		err = st.save(ctx, &v, "session")
		out, c.After = v, v
		return err
	})
	return out, err
}

func checkSession(ctx context.Context, st *Store, ev Event, v Session) error {
	if err := v.validate(ev); err != nil {
		return err
	}
	if v.ZoneID != nil {
		if err := zoneOf(ctx, st, ev.ID, *v.ZoneID, "zone_id"); err != nil {
			return err
		}
	}
	for _, id := range v.InviteCategoryIDs {
		if err := categoryOf(ctx, st, ev.ID, id, "invite_category_ids"); err != nil {
			return err
		}
	}
	return keepsRegistered(ctx, st, v)
}

// keepsRegistered refuses a capacity below the places already taken (with
// the event row locked, so no registration slips in meanwhile), or a kind
// without places while members are registered.
func keepsRegistered(ctx context.Context, st *Store, v Session) error {
	n, err := st.CountRegistered(ctx, v.ID)
	if err != nil || n == 0 {
		return err
	}
	if !v.Registrable() {
		return apperr.Fields(apperr.Field("kind", "%d members are registered for this session; it stays a protocol event or cultural programme while they are", n))
	}
	if v.Capacity != nil && int64(*v.Capacity) < n {
		return apperr.Fields(apperr.Field("capacity", "must be at least %d: that many members are registered already", n)).
			With("registered", n)
	}
	return nil
}

func categoryOf(ctx context.Context, st *Store, eventID, id, field string) error {
	notOurs := apperr.Fields(apperr.Field(field, "%q is not a badge category of this event", id))
	if !httpx.IsUUID(id) {
		return notOurs
	}
	_, err := st.FindCategoryByID(ctx, eventID, id)
	if apperr.Is(err, apperr.NotFound) {
		return notOurs
	}
	return err
}

// DeleteSession removes a session. It returns NotFound.
func (s *Service) DeleteSession(ctx context.Context, eventID, id string) error {
	return s.mutate(ctx, eventID, "delete", "session", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindSessionByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		return st.remove(ctx, &Session{}, id, "session")
	})
}

// CreateZone adds a zone. It returns NotFound for an unknown event, Invalid
// for bad fields, Conflict for a code the event already uses.
func (s *Service) CreateZone(ctx context.Context, eventID string, in ZoneInput) (Zone, error) {
	out := Zone{ID: httpx.NewID(), EventID: eventID, Names: Texts{}}
	err := s.mutate(ctx, eventID, "create", "zone", func(st *Store, _ Event, c *audit.Change) error {
		in.apply(&out)
		if err := out.validate(); err != nil {
			return err
		}
		c.EntityID = out.ID
		err := st.create(ctx, &out, "zone")
		c.After = out
		return err
	})
	return out, err
}

// UpdateZone changes a zone. It returns NotFound, Invalid or Conflict (code taken).
func (s *Service) UpdateZone(ctx context.Context, eventID, id string, in ZoneInput) (Zone, error) {
	var out Zone
	err := s.mutate(ctx, eventID, "update", "zone", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindZoneByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		in.apply(&v)
		if err := v.validate(); err != nil {
			return err
		}
		err = st.save(ctx, &v, "zone")
		out, c.After = v, v
		return err
	})
	return out, err
}

// DeleteZone removes a zone and closes it to every category; sessions in it
// lose their zone. It returns NotFound, or Conflict while checkpoints lead
// into the zone (their scans must keep their meaning).
func (s *Service) DeleteZone(ctx context.Context, eventID, id string) error {
	return s.mutate(ctx, eventID, "delete", "zone", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindZoneByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		n, err := st.countCheckpointsIn(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflictf("the zone has %d checkpoint(s); delete them or move them to another zone first", n).
				With("checkpoints", n)
		}
		c.EntityID, c.Before = id, v
		return st.remove(ctx, &Zone{}, id, "zone")
	})
}

// CreateCategory adds a badge category with the zones it opens. It returns
// NotFound for an unknown event, Invalid for bad fields or zones of another
// event, Conflict for a code the event already uses.
func (s *Service) CreateCategory(ctx context.Context, eventID string, in CategoryInput) (Category, error) {
	out := Category{ID: httpx.NewID(), EventID: eventID, Names: Texts{}, ZoneIDs: []string{}, PhotoRequired: true}
	err := s.mutate(ctx, eventID, "create", "category", func(st *Store, _ Event, c *audit.Change) error {
		n, err := st.nextPosition(ctx, &Category{}, eventID)
		if err != nil {
			return err
		}
		out.Position = n
		in.apply(&out)
		if err := checkCategory(ctx, st, out); err != nil {
			return err
		}
		c.EntityID = out.ID
		if err := st.create(ctx, &out, "category"); err != nil {
			return err
		}
		c.After = out
		return st.setCategoryZones(ctx, out.ID, out.ZoneIDs)
	})
	return out, err
}

// UpdateCategory changes a category; zone_ids, when given, replaces its
// zones. It returns NotFound, Invalid or Conflict (code taken).
func (s *Service) UpdateCategory(ctx context.Context, eventID, id string, in CategoryInput) (Category, error) {
	var out Category
	err := s.mutate(ctx, eventID, "update", "category", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindCategoryByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		in.apply(&v)
		if err := checkCategory(ctx, st, v); err != nil {
			return err
		}
		if err := st.save(ctx, &v, "category"); err != nil {
			return err
		}
		out, c.After = v, v
		return st.setCategoryZones(ctx, id, v.ZoneIDs)
	})
	return out, err
}

func checkCategory(ctx context.Context, st *Store, v Category) error {
	if err := v.validate(); err != nil {
		return err
	}
	for _, z := range v.ZoneIDs {
		if err := zoneOf(ctx, st, v.EventID, z, "zone_ids"); err != nil {
			return err
		}
	}
	return nil
}

// DeleteCategory removes a category. It returns NotFound, or Conflict while
// participants or badges still carry it.
func (s *Service) DeleteCategory(ctx context.Context, eventID, id string) error {
	return s.mutate(ctx, eventID, "delete", "category", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindCategoryByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		n, err := st.countParticipantsIn(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflictf("%d participants are accredited in this category; it stays while they are", n).
				Typed("category-in-use").With("participants", n)
		}
		c.EntityID, c.Before = id, v
		return st.remove(ctx, &Category{}, id, "category")
	})
}

// CreateCheckpoint adds a door into a zone of the event. It returns NotFound
// for an unknown event, Invalid for bad fields or a zone of another event.
func (s *Service) CreateCheckpoint(ctx context.Context, eventID string, in CheckpointInput) (Checkpoint, error) {
	out := Checkpoint{ID: httpx.NewID(), EventID: eventID}
	err := s.mutate(ctx, eventID, "create", "checkpoint", func(st *Store, _ Event, c *audit.Change) error {
		in.apply(&out)
		if err := checkCheckpoint(ctx, st, out); err != nil {
			return err
		}
		c.EntityID = out.ID
		err := st.create(ctx, &out, "checkpoint")
		c.After = out
		return err
	})
	return out, err
}

// UpdateCheckpoint changes a checkpoint. It returns NotFound, Invalid, or
// Conflict for a new zone once scans were recorded there (with "scans").
func (s *Service) UpdateCheckpoint(ctx context.Context, eventID, id string, in CheckpointInput) (Checkpoint, error) {
	var out Checkpoint
	err := s.mutate(ctx, eventID, "update", "checkpoint", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindCheckpointByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		zone := v.ZoneID
		in.apply(&v)
		if err := checkCheckpoint(ctx, st, v); err != nil {
			return err
		}
		if v.ZoneID != zone {
			if err := keepsScans(ctx, st, id); err != nil {
				return err
			}
		}
		err = st.save(ctx, &v, "checkpoint")
		out, c.After = v, v
		return err
	})
	return out, err
}

// keepsScans refuses to move a checkpoint into another zone once scans were
// recorded there: each scan keeps the zone it let its holder into, and
// those inside would never come out of it.
func keepsScans(ctx context.Context, st *Store, id string) error {
	scans, _, err := st.checkpointInUse(ctx, id)
	if err != nil || scans == 0 {
		return err
	}
	return apperr.Conflictf("%d scans were recorded at this checkpoint into its zone; add a checkpoint for the other zone instead", scans).
		Typed("checkpoint-scanned").With("scans", scans)
}

func checkCheckpoint(ctx context.Context, st *Store, v Checkpoint) error {
	if err := v.validate(); err != nil {
		return err
	}
	if err := zoneOf(ctx, st, v.EventID, v.ZoneID, "zone_id"); err != nil {
		return err
	}
	if v.SessionID == nil {
		return nil
	}
	notOurs := apperr.Fields(apperr.Field("session_id", "%q is not a protocol event or cultural programme of this event", *v.SessionID))
	if !httpx.IsUUID(*v.SessionID) {
		return notOurs
	}
	ss, err := st.FindSessionByID(ctx, v.EventID, *v.SessionID)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return notOurs
	case err != nil:
		return err
	case !ss.Registrable():
		return notOurs
	}
	return nil
}

// DeleteCheckpoint removes a checkpoint, and with it the revoked scanners
// placed there. It returns NotFound, or Conflict when scans were recorded
// there (they keep the door they were made at) or a scanner not revoked is
// placed there (its door would vanish under it).
func (s *Service) DeleteCheckpoint(ctx context.Context, eventID, id string) error {
	return s.mutate(ctx, eventID, "delete", "checkpoint", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindCheckpointByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		scans, scanners, err := st.checkpointInUse(ctx, id)
		switch {
		case err != nil:
			return err
		case scans > 0:
			return apperr.Conflictf("%d scans were recorded at this checkpoint; it stays so that they keep their door", scans)
		case scanners > 0:
			return apperr.Conflictf("%d scanners are placed at this checkpoint; revoke them first", scanners)
		}
		c.EntityID, c.Before = id, v
		return st.remove(ctx, &Checkpoint{}, id, "checkpoint")
	})
}
