package event

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// Service holds the rules for setting up an event and its parts. Every change
// is written with its audit entry in one transaction.
type Service struct {
	db        *gorm.DB
	store     *Store
	copyHooks []CopyHook
}

// NewService returns a Service over db.
func NewService(db *gorm.DB) *Service { return &Service{db: db, store: NewStore(db)} }

// Store returns the service's storage, for other packages' reads.
func (s *Service) Store() *Store { return s.store }

// mutate runs fn in a transaction that holds the event's row lock, then
// records the change fn describes. It returns a NotFound error for an unknown
// event and whatever fn returns.
func (s *Service) mutate(ctx context.Context, eventID, action, entity string,
	fn func(st *Store, ev Event, c *audit.Change) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		ev, err := st.LockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		c := audit.Change{Action: action, Entity: entity, EventID: eventID}
		if err := fn(st, ev, &c); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, c)
	})
}

// newEvent is an event with the defaults a new one starts from.
func newEvent() Event {
	q := Quotas{}
	for k, n := range DefaultQuotas {
		q[k] = n
	}
	return Event{ID: httpx.NewID(), Names: Texts{}, VenueNames: Texts{}, CityNames: Texts{}, CountryNames: Texts{},
		Languages: Strings{}, BadgeLanguages: Strings{}, ReferenceFormat: "{seq:03}",
		NextReference: 1, NextBadge: 1, DefaultQuotas: q, RSVPGraceDays: 7, ReminderDays: 7}
}

// CreateEvent creates an event with the next free number. It returns an
// Invalid error for bad fields.
func (s *Service) CreateEvent(ctx context.Context, in EventInput) (Event, error) {
	ev := newEvent()
	in.apply(&ev)
	if err := ev.Validate(); err != nil {
		return Event{}, err
	}
	// Numbering is serialised (see lockEventNumbers); should two servers still
	// race, the unique index refuses the second, which then tries again.
	var err error
	for range 5 {
		err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return s.insertEvent(ctx, tx, &ev)
		})
		if !apperr.Is(err, apperr.Conflict) {
			break
		}
	}
	return ev, err
}

// insertEvent numbers and inserts ev inside tx, with its audit entry.
func (s *Service) insertEvent(ctx context.Context, tx *gorm.DB, ev *Event) error {
	st := s.store.In(tx)
	if err := st.lockEventNumbers(ctx); err != nil {
		return err
	}
	n, err := st.nextEventNumber(ctx)
	if err != nil {
		return err
	}
	ev.Number = n
	if err := st.create(ctx, ev, "event"); err != nil {
		return err
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "event", EntityID: ev.ID,
		EventID: ev.ID, After: ev})
}

// UpdateEvent changes the given fields of an event. Moving both dates by the
// same number of days moves the programme's sessions with them, each keeping
// its time of day; any other change of dates that would leave a session
// outside the event's days is refused. Errors: NotFound, Invalid (fields, or a
// session stranded), Conflict (see keepsIssued).
func (s *Service) UpdateEvent(ctx context.Context, id string, in EventInput) (Event, error) {
	var out Event
	err := s.mutate(ctx, id, "update", "event", func(st *Store, old Event, c *audit.Change) error {
		c.EntityID, c.Before = id, old
		ev := old
		in.apply(&ev)
		if err := ev.Validate(); err != nil {
			return err
		}
		if err := st.keepsIssued(ctx, old, ev); err != nil {
			return err
		}
		moved, err := st.fitSessions(ctx, old, ev)
		if err != nil {
			return err
		}
		for _, m := range moved {
			if err := audit.NewStore(st.db).Record(ctx, audit.Change{Action: "move", Entity: "session", EntityID: m[1].ID,
				EventID: id, Before: m[0], After: m[1]}); err != nil {
				return err
			}
		}
		if err := st.save(ctx, &ev, "event"); err != nil {
			return err
		}
		out, c.After = ev, ev
		return nil
	})
	return out, err
}

// keepsIssued refuses a change of old into ev that what was already issued
// would no longer follow: another reference format once references were
// taken (letters print them, and the series goes on in one format), or a
// language dropped that invitations are written in. The Conflict says how
// many ("references" or "invitations").
func (s *Store) keepsIssued(ctx context.Context, old, ev Event) error {
	if taken := old.NextReference - 1; ev.ReferenceFormat != old.ReferenceFormat && taken > 0 {
		return apperr.Conflictf("%d reference numbers were issued as %s; the format cannot change", taken, old.ReferenceFormat).
			Typed("references-issued").With("references", taken)
	}
	var dropped []string
	for _, l := range old.Languages {
		if !contains(ev.Languages, l) {
			dropped = append(dropped, l)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	n, err := s.countInvitationsIn(ctx, old.ID, dropped)
	if err != nil || n == 0 {
		return err
	}
	return apperr.Conflictf("%d invitations are written in %s; the language stays while they are", n, strings.Join(dropped, ", ")).
		Typed("language-in-use").With("invitations", n)
}

// fitSessions moves the sessions of old with its dates when ev moves both
// by the same number of days, and otherwise checks that every session still
// falls within ev's days. It returns each moved session before and after,
// or an Invalid error naming a stranded session.
func (s *Store) fitSessions(ctx context.Context, old, ev Event) ([][2]Session, error) {
	sessions, err := s.FindSessions(ctx, old.ID)
	if err != nil {
		return nil, err
	}
	var moved [][2]Session
	moveStart, ok1 := daysBetween(old.StartsOn, ev.StartsOn)
	moveEnd, ok2 := daysBetween(old.EndsOn, ev.EndsOn)
	move := ok1 && ok2 && moveStart == moveEnd && moveStart != 0
	for _, before := range sessions {
		ss := before
		if move {
			ss = movedSession(ss, old, ev, nil)
		}
		if ss.validate(ev) != nil {
			return nil, sessionOutside(ss)
		}
		if move {
			if err := s.save(ctx, &ss, "session"); err != nil {
				return nil, err
			}
			moved = append(moved, [2]Session{before, ss})
		}
	}
	return moved, nil
}

// DeleteEvent deletes a demo event and everything in it; see RemoveDemo.
func (s *Service) DeleteEvent(ctx context.Context, id string) error {
	return s.RemoveDemo(ctx, id)
}

// zoneOf checks that zoneID is a zone of the event; it returns an Invalid
// error naming field when it is not.
func zoneOf(ctx context.Context, st *Store, eventID, zoneID, field string) error {
	notOurs := apperr.Fields(apperr.Field(field, "%q is not a zone of this event", zoneID))
	if !httpx.IsUUID(zoneID) {
		return notOurs
	}
	_, err := st.FindZoneByID(ctx, eventID, zoneID)
	if apperr.Is(err, apperr.NotFound) {
		return notOurs
	}
	return err
}
