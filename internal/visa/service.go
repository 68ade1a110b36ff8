package visa

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/registration"
)

// Service keeps the events' visa settings and the participants' passport
// details, and draws visa support letters.
type Service struct {
	db     *gorm.DB
	store  *Store
	sealer *Sealer
	events *event.Store
	people *registration.Store
	// Now is the service's clock.
	Now clock.Clock
}

// NewService returns the service over db, sealing passport details under
// master (the badge signing keys' master key). It returns an error wrapping
// badges.ErrMasterKey when master is unusable.
func NewService(db *gorm.DB, master []byte) (*Service, error) {
	sealer, err := NewSealer(master)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, store: NewStore(db), sealer: sealer, events: event.NewStore(db),
		people: registration.NewStore(db), Now: clock.Of(db)}, nil
}

// Record is a participant's passport details as the Secretariat reads them,
// with the day from which they are erased.
type Record struct {
	ParticipantID string    `json:"participant_id"`
	EventID       string    `json:"event_id"`
	Passport      Passport  `json:"passport"`
	UpdatedAt     time.Time `json:"updated_at"`
	ErasedFrom    string    `json:"erased_from"` // YYYY-MM-DD
}

// Receipt is what the focal point is told of details sent through the RSVP
// link: that they were received, never what they are.
type Receipt struct {
	ParticipantID string     `json:"participant_id"`
	Received      bool       `json:"received"`
	UpdatedAt     *time.Time `json:"updated_at"`
}

// SettingsOf returns an event's settings. Errors: NotFound, Internal.
func (s *Service) SettingsOf(ctx context.Context, eventID string) (Settings, error) {
	if _, err := s.events.FindEventByID(ctx, eventID); err != nil {
		return Settings{}, err
	}
	return s.store.FindSettings(ctx, eventID)
}

// SetSettings changes an event's settings. Errors: Invalid (a number of
// days out of 0..MaxEraseAfterDays), NotFound, Internal.
func (s *Service) SetSettings(ctx context.Context, eventID string, in SettingsInput) (Settings, error) {
	var v apperr.Validator
	if in.EraseAfterDays != nil {
		v.Check(*in.EraseAfterDays >= 0 && *in.EraseAfterDays <= MaxEraseAfterDays, "erase_after_days",
			"must be a number of days from 0 to %d", MaxEraseAfterDays)
	}
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	var out Settings
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.events.In(tx).LockEvent(ctx, eventID); err != nil {
			return err
		}
		before, err := s.store.In(tx).FindSettings(ctx, eventID)
		if err != nil {
			return err
		}
		out = before
		if in.AskPassport != nil {
			out.AskPassport = *in.AskPassport
		}
		if in.EraseAfterDays != nil {
			out.EraseAfterDays = *in.EraseAfterDays
		}
		out.UpdatedAt = s.Now()
		if err := s.store.In(tx).SaveSettings(ctx, &out); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "visa_settings", EntityID: eventID,
			EventID: eventID, Before: before, After: out})
	})
	return out, err
}

// CopySettings is an event.CopyHook: the copy of an event asks for
// passport details as the source does and erases them after as many days.
// A source never set leaves the copy at the defaults. Errors: Internal.
func (s *Service) CopySettings(ctx context.Context, tx *gorm.DB, from, to event.Event) error {
	set, err := s.store.In(tx).FindSettings(ctx, from.ID)
	if err != nil || set.UpdatedAt.IsZero() {
		return err
	}
	set.EventID, set.UpdatedAt = to.ID, s.Now()
	return s.store.In(tx).SaveSettings(ctx, &set)
}

// PassportOf returns a participant's passport details, for the Secretariat
// only. Errors: NotFound (no such participant, or no details), Internal.
func (s *Service) PassportOf(ctx context.Context, participantID string) (Record, error) {
	p, err := s.people.FindParticipantByID(ctx, participantID, false)
	if err != nil {
		return Record{}, err
	}
	row, err := s.store.findSealed(ctx, p.ID)
	if err != nil {
		return Record{}, err
	}
	return s.open(ctx, row)
}

func (s *Service) open(ctx context.Context, row sealedRow) (Record, error) {
	pp, err := s.sealer.Open(row.ParticipantID, row.Sealed)
	if err != nil {
		return Record{}, apperr.Wrap(err, "the passport details cannot be opened")
	}
	ev, err := s.events.FindEventByID(ctx, row.EventID)
	if err != nil {
		return Record{}, err
	}
	set, err := s.store.FindSettings(ctx, row.EventID)
	if err != nil {
		return Record{}, err
	}
	return Record{ParticipantID: row.ParticipantID, EventID: row.EventID, Passport: pp, UpdatedAt: row.UpdatedAt,
		ErasedFrom: erasedFrom(ev, set)}, nil
}

// erasedFrom is the first day on which the event's passport details are erased.
func erasedFrom(ev event.Event, set Settings) string {
	last, err := time.Parse(time.DateOnly, ev.EndsOn)
	if err != nil {
		return ""
	}
	return last.AddDate(0, 0, set.EraseAfterDays+1).Format(time.DateOnly)
}

// ReceiptOf says whether a participant's details were received. Errors: Internal.
func (s *Service) ReceiptOf(ctx context.Context, participantID string) (Receipt, error) {
	row, err := s.store.findSealed(ctx, participantID)
	if apperr.Is(err, apperr.NotFound) {
		return Receipt{ParticipantID: participantID}, nil
	}
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{ParticipantID: participantID, Received: true, UpdatedAt: &row.UpdatedAt}, nil
}

// SetPassport stores a participant's passport details for the Secretariat,
// at any time. Errors: Invalid (a field at fault), NotFound, Conflict (the
// event does not ask for them, or the participant is not active), Internal.
func (s *Service) SetPassport(ctx context.Context, participantID string, in PassportInput) (Record, error) {
	return s.setPassport(ctx, participantID, in, nil)
}

// SetLinkPassport stores the passport details of a member of l's
// delegation, until the deadline; the focal point is told only that they
// were received. Errors: as SetPassport's, NotFound for another
// delegation's participant, Conflict once the invitation is closed.
func (s *Service) SetLinkPassport(ctx context.Context, l registration.Link, participantID string, in PassportInput) (Receipt, error) {
	r, err := s.setPassport(ctx, participantID, in, &l)
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{ParticipantID: r.ParticipantID, Received: true, UpdatedAt: &r.UpdatedAt}, nil
}

func (s *Service) setPassport(ctx context.Context, participantID string, in PassportInput, l *registration.Link) (Record, error) {
	var out Record
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := s.people.In(tx).FindParticipantByID(ctx, participantID, true)
		if err != nil {
			return err
		}
		if l != nil && p.InvitationID != l.Invitation.ID {
			return notInDelegation()
		}
		if l != nil && !l.Invitation.Open(s.Now()) {
			return apperr.Conflictf("the invitation is closed: its deadline has passed").Typed("deadline-passed")
		}
		if !p.Active() {
			return apperr.Conflictf("the participant is %s", p.Status).Typed("not-active")
		}
		ev, err := s.events.In(tx).FindEventByID(ctx, p.EventID)
		if err != nil {
			return err
		}
		set, err := s.store.In(tx).FindSettings(ctx, p.EventID)
		if err != nil {
			return err
		}
		if !set.AskPassport {
			return apperr.Conflictf("this event does not ask for passport details").Typed("passport-not-asked")
		}
		pp, err := in.check(ev, s.Now())
		if err != nil {
			return err
		}
		_, errBefore := s.store.In(tx).findSealed(ctx, p.ID)
		sealed, err := s.sealer.Seal(p.ID, pp)
		if err != nil {
			return apperr.Wrap(err, "seal passport details")
		}
		row := sealedRow{ParticipantID: p.ID, EventID: p.EventID, Sealed: sealed, UpdatedAt: s.Now()}
		if err := s.store.In(tx).saveSealed(ctx, &row); err != nil {
			return err
		}
		out = Record{ParticipantID: p.ID, EventID: p.EventID, Passport: pp, UpdatedAt: row.UpdatedAt,
			ErasedFrom: erasedFrom(ev, set)}
		// The audit log says that details were given, never what they are.
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "passport", EntityID: p.ID,
			EventID: p.EventID, Before: map[string]bool{"present": errBefore == nil},
			After: map[string]any{"present": true, "letter_language": pp.LetterLanguage}})
	})
	return out, err
}

func notInDelegation() error { return apperr.NotFoundf("no such participant in this delegation") }
