package invitations

import (
	"context"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Config configures the service.
type Config struct {
	// PublicBaseURL is the address people reach (https://…), for RSVP links.
	PublicBaseURL string
	// Now is the clock; nil means the database's.
	Now func() time.Time
}

// Service holds the rules for delegations and invitations.
type Service struct {
	db    *gorm.DB
	store *Store
	cfg   Config
}

// NewService returns a service over db.
func NewService(db *gorm.DB, cfg Config) *Service {
	cfg.PublicBaseURL = strings.TrimRight(cfg.PublicBaseURL, "/")
	if cfg.Now == nil {
		cfg.Now = clock.Of(db)
	}
	return &Service{db: db, store: NewStore(db), cfg: cfg}
}

// Store returns the service's storage, for other packages' reads.
func (s *Service) Store() *Store { return s.store }

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// DelegationInput is a delegation to create, or the fields to change (nil
// means unchanged).
type DelegationInput struct {
	Kind       *string      `json:"kind"`
	Country    *string      `json:"country"`
	Names      *event.Texts `json:"name"`
	FocalPoint *FocalPoint  `json:"focal_point"`
}

// apply checks in and copies it onto d; it returns an Invalid error listing
// every field at fault.
func (in DelegationInput) apply(d *Delegation, ev event.Event, creating bool) error {
	var v apperr.Validator
	if in.Kind != nil {
		v.Check(isKind(*in.Kind), "kind", "must be one of %s", strings.Join(Kinds, ", "))
		d.Kind = *in.Kind
	} else if creating {
		v.Add("kind", "is required")
	}
	if in.Country != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.Country))
		v.Check(c == "" || IsCountry(c), "country", "must be an ISO 3166-1 alpha-2 code such as AZ, or empty")
		d.Country = c
	}
	if in.Names != nil {
		names := event.Texts{}
		for lang, n := range *in.Names {
			if !event.IsLanguage(lang) || !hasLanguage(ev.Languages, lang) {
				v.Add("name."+lang, "is not a working language of the event")
				continue
			}
			cleanInto(&v, "name."+lang, &n)
			if n != "" {
				names[lang] = n
			}
		}
		d.Names = names
	}
	if creating || in.Names != nil {
		v.Check(d.Names["en"] != "", "name.en", "is required")
	}
	if in.FocalPoint != nil {
		fp := *in.FocalPoint
		cleanInto(&v, "focal_point.name", &fp.Name)
		fp.Email = strings.TrimSpace(fp.Email)
		v.Check(fp.Email == "" || validEmail(fp.Email), "focal_point.email", "must be an e-mail address")
		fp.Phone = strings.TrimSpace(fp.Phone)
		v.Check(validPhone(fp.Phone), "focal_point.phone", "must be a phone number: digits, spaces, + ( ) - .")
		d.FocalPoint = fp
	}
	return v.Err()
}

func validPhone(s string) bool {
	if len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789 +()-./", r) {
			return false
		}
	}
	return true
}

// CreateDelegation adds a delegation to an event and places it in the default
// protocol order. It returns NotFound for an unknown event and Invalid for bad input.
func (s *Service) CreateDelegation(ctx context.Context, eventID string, in DelegationInput) (Delegation, error) {
	var d Delegation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		d, err = s.createDelegation(ctx, tx, eventID, in)
		return err
	})
	return d, err
}

func (s *Service) createDelegation(ctx context.Context, tx *gorm.DB, eventID string, in DelegationInput) (Delegation, error) {
	st := s.store.In(tx)
	ev, err := st.findEvent(ctx, eventID, true)
	if err != nil {
		return Delegation{}, err
	}
	d, err := s.insertDelegation(ctx, tx, ev, in)
	if err != nil {
		return d, err
	}
	if err := st.reorder(ctx, eventID); err != nil {
		return d, err
	}
	return st.findDelegation(ctx, d.ID, false)
}

// insertDelegation checks and stores a new delegation, leaving its protocol
// order to the caller's reorder.
func (s *Service) insertDelegation(ctx context.Context, tx *gorm.DB, ev event.Event, in DelegationInput) (Delegation, error) {
	d := Delegation{ID: httpx.NewID(), EventID: ev.ID}
	if err := in.apply(&d, ev, true); err != nil {
		return d, err
	}
	if err := s.store.In(tx).createDelegation(ctx, &d); err != nil {
		return d, err
	}
	return d, audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "delegation", EntityID: d.ID,
		EventID: ev.ID, After: d})
}

// UpdateDelegation changes a delegation. It returns NotFound or Invalid.
func (s *Service) UpdateDelegation(ctx context.Context, id string, in DelegationInput) (Delegation, error) {
	var d Delegation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		before, err := st.findDelegation(ctx, id, false)
		if err != nil {
			return err
		}
		ev, err := st.findEvent(ctx, before.EventID, true)
		if err != nil {
			return err
		}
		if _, err := s.changeDelegation(ctx, tx, before, ev, in); err != nil {
			return err
		}
		if err := st.reorder(ctx, before.EventID); err != nil {
			return err
		}
		if d, err = st.findDelegation(ctx, id, false); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "delegation", EntityID: id,
			EventID: d.EventID, Before: before, After: d})
	})
	return d, err
}

// changeDelegation checks in and stores it onto before, leaving the protocol
// order and the audit record to the caller.
func (s *Service) changeDelegation(ctx context.Context, tx *gorm.DB, before Delegation, ev event.Event, in DelegationInput) (Delegation, error) {
	d := before
	if err := in.apply(&d, ev, false); err != nil {
		return d, err
	}
	return d, s.store.In(tx).saveDelegation(ctx, &d)
}

// DeleteDelegation removes a delegation that has no invitation. It returns
// NotFound, or Conflict when invitations exist.
func (s *Service) DeleteDelegation(ctx context.Context, id string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		d, err := st.findDelegation(ctx, id, false)
		if err != nil {
			return err
		}
		if _, err := st.findEvent(ctx, d.EventID, true); err != nil {
			return err
		}
		n, err := st.countInvitationsOf(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflictf("the delegation has %d invitation(s); withdraw or delete them instead", n).
				With("invitations", n)
		}
		if err := st.deleteDelegation(ctx, id); err != nil {
			return err
		}
		if err := st.reorder(ctx, d.EventID); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "delete", Entity: "delegation", EntityID: id,
			EventID: d.EventID, Before: d})
	})
}

// Delegation returns one delegation, or NotFound.
func (s *Service) Delegation(ctx context.Context, id string) (Delegation, error) {
	return s.store.findDelegation(ctx, id, false)
}

// Delegations lists an event's delegations in protocol order. It returns
// NotFound for an unknown event.
func (s *Service) Delegations(ctx context.Context, f DelegationFilter) ([]Delegation, int64, error) {
	if _, err := s.store.findEvent(ctx, f.EventID, false); err != nil {
		return nil, 0, err
	}
	return s.store.FindDelegations(ctx, f)
}

// SetProtocolOrder places the listed delegations first, in the order given,
// as set by hand; every other delegation of the event goes back to the
// default order after them. It returns NotFound for an unknown event and
// Invalid when an id is repeated or not a delegation of the event.
func (s *Service) SetProtocolOrder(ctx context.Context, eventID string, ids []string) ([]Delegation, error) {
	return s.MoveInProtocolOrder(ctx, eventID, nil, ids)
}

// MoveInProtocolOrder is SetProtocolOrder for a change made from a list
// that showed the order seen (every delegation's id, in order): when the
// order is no longer that one, someone changed it meanwhile, and it returns
// a Conflict error instead of losing their change. A nil seen checks nothing.
func (s *Service) MoveInProtocolOrder(ctx context.Context, eventID string, seen, ids []string) ([]Delegation, error) {
	var out []Delegation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		if _, err := st.findEvent(ctx, eventID, true); err != nil {
			return err
		}
		all, _, err := st.FindDelegations(ctx, DelegationFilter{EventID: eventID})
		if err != nil {
			return err
		}
		if seen != nil && !sameOrder(all, seen) {
			return apperr.Conflictf("the protocol order changed meanwhile")
		}
		before := map[string]int{}
		for _, d := range all {
			before[d.ID] = d.ProtocolOrder
		}
		var v apperr.Validator
		seen := map[string]bool{}
		for i, id := range ids {
			_, ok := before[id]
			v.Check(ok && !seen[id], "delegation_ids["+itoa(i)+"]", "must be a delegation of this event, listed once")
			seen[id] = true
		}
		if err := v.Err(); err != nil {
			return err
		}
		for i, id := range ids {
			if err := st.setProtocolOrder(ctx, id, i+1, true); err != nil {
				return err
			}
		}
		for _, d := range all {
			if !seen[d.ID] && d.ProtocolManual {
				if err := st.setProtocolOrder(ctx, d.ID, 0, false); err != nil {
					return err
				}
			}
		}
		if err := st.reorder(ctx, eventID); err != nil {
			return err
		}
		if out, _, err = st.FindDelegations(ctx, DelegationFilter{EventID: eventID}); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "reorder", Entity: "delegation", EntityID: eventID,
			EventID: eventID, Before: before, After: ids})
	})
	return out, err
}

// reorder numbers an event's delegations 1..N: those placed by hand first in
// their order, then the others by default order (states before
// organisations, each by English name). The caller holds the event's lock.
func (s *Store) reorder(ctx context.Context, eventID string) error {
	all, _, err := s.FindDelegations(ctx, DelegationFilter{EventID: eventID})
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.ProtocolManual != b.ProtocolManual {
			return a.ProtocolManual
		}
		if a.ProtocolManual {
			return a.ProtocolOrder < b.ProtocolOrder
		}
		if isState(a.Kind) != isState(b.Kind) {
			return isState(a.Kind)
		}
		if ka, kb := collateKey(a.NameEN), collateKey(b.NameEN); ka != kb {
			return ka < kb
		}
		return a.ID < b.ID
	})
	for i, d := range all {
		if d.ProtocolOrder != i+1 {
			if err := s.setProtocolOrder(ctx, d.ID, i+1, d.ProtocolManual); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameOrder reports whether dels are the delegations ids, in that order.
func sameOrder(dels []Delegation, ids []string) bool {
	if len(dels) != len(ids) {
		return false
	}
	for i, d := range dels {
		if d.ID != ids[i] {
			return false
		}
	}
	return true
}
