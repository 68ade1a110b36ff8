package registration

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// SessionRegistration is one member's place at a protocol event or cultural
// programme. The place is held while the member is active.
type SessionRegistration struct {
	SessionID     string    `json:"session_id" gorm:"primaryKey"`
	ParticipantID string    `json:"participant_id" gorm:"primaryKey"`
	EventID       string    `json:"event_id"`
	DelegationID  string    `json:"delegation_id"`
	RegisteredBy  string    `json:"registered_by"`
	CreatedAt     time.Time `json:"created_at"`
}

// SessionPlaces is a protocol event or cultural programme as a delegation
// sees it: the places left (nil: no limit), and which of its active members
// are invited and which registered.
type SessionPlaces struct {
	Session    event.Session `json:"session"`
	Registered int           `json:"registered"`
	PlacesLeft *int          `json:"places_left"`
	Invited    []string      `json:"invited"`
	Members    []string      `json:"registered_members"`
}

// placesLeft is what capacity leaves after taken places (nil: no limit).
func placesLeft(ss event.Session, taken int64) *int {
	if ss.Capacity == nil {
		return nil
	}
	n := max(*ss.Capacity-int(taken), 0)
	return &n
}

// DelegationSessions lists the protocol events and cultural programmes of
// l's event with the places left, and which of the delegation's active
// members are invited to each and registered. Errors: Internal.
func (s *Service) DelegationSessions(ctx context.Context, l Link) ([]SessionPlaces, error) {
	sessions, err := s.events.FindSessions(ctx, l.Invitation.EventID)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.FindParticipantsOfInvitation(ctx, l.Invitation.ID)
	if err != nil {
		return nil, err
	}
	mine, err := s.store.registeredOf(ctx, l.Invitation.DelegationID)
	if err != nil {
		return nil, err
	}
	taken, err := s.store.countRegistered(ctx, l.Invitation.EventID)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if ev, err := s.events.FindEventByID(ctx, l.Invitation.EventID); err == nil {
		loc = ev.Location()
	}
	out := []SessionPlaces{}
	for _, ss := range sessions {
		if !ss.Registrable() {
			continue
		}
		sp := SessionPlaces{Session: event.InZone(ss, loc), Registered: int(taken[ss.ID]), PlacesLeft: placesLeft(ss, taken[ss.ID]),
			Invited: []string{}, Members: []string{}}
		for _, p := range ps {
			if !p.Active() {
				continue
			}
			if ss.Invites(p.Role, p.CategoryID) {
				sp.Invited = append(sp.Invited, p.ID)
			}
			if slices.Contains(mine[ss.ID], p.ID) {
				sp.Members = append(sp.Members, p.ID)
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

// RegisterMember takes a place for one of l's active members at a protocol
// event or cultural programme they are invited to, while the invitation is
// open. Errors: NotFound for a session of another event (or not of those
// kinds) or a member of another delegation; Forbidden (not-invited) for a
// member the invitation list leaves out; Conflict: session-full with the
// capacity, already-registered, deadline-passed, inactive member.
func (s *Service) RegisterMember(ctx context.Context, l Link, sessionID, participantID string) (SessionRegistration, error) {
	var out SessionRegistration
	err := s.inOwnParticipant(ctx, l, participantID, func(tx *gorm.DB, p *Participant) error {
		ss, err := s.registrableSession(ctx, tx, l.Invitation.EventID, sessionID)
		if err != nil {
			return err
		}
		if !ss.Invites(p.Role, p.CategoryID) {
			return apperr.Forbiddenf("%s is not on the invitation list of this session", displayName(*p)).
				Typed("not-invited").With("participant_id", p.ID)
		}
		out, err = s.takePlace(ctx, tx, ss, *p)
		return err
	})
	return out, err
}

// UnregisterMember gives back a member's place. Errors: NotFound (no such
// session, member or registration), Conflict (deadline passed).
func (s *Service) UnregisterMember(ctx context.Context, l Link, sessionID, participantID string) error {
	return s.inOwnParticipant(ctx, l, participantID, func(tx *gorm.DB, p *Participant) error {
		ss, err := s.registrableSession(ctx, tx, l.Invitation.EventID, sessionID)
		if err != nil {
			return err
		}
		return s.givePlace(ctx, tx, ss, *p)
	})
}

// RegisterParticipant is the Secretariat's registration of any active
// participant of the event, invited or not (the capacity still holds).
// Errors: NotFound (session, participant of another event), Conflict
// (session-full, already-registered, inactive participant).
func (s *Service) RegisterParticipant(ctx context.Context, eventID, sessionID, participantID string) (SessionRegistration, error) {
	var out SessionRegistration
	err := s.inEventSession(ctx, eventID, sessionID, participantID, func(tx *gorm.DB, ss event.Session, p Participant) error {
		var err error
		out, err = s.takePlace(ctx, tx, ss, p)
		return err
	})
	return out, err
}

// UnregisterParticipant is the Secretariat's removal of a registration.
// Errors: NotFound.
func (s *Service) UnregisterParticipant(ctx context.Context, eventID, sessionID, participantID string) error {
	return s.inEventSession(ctx, eventID, sessionID, participantID, func(tx *gorm.DB, ss event.Session, p Participant) error {
		return s.givePlace(ctx, tx, ss, p)
	})
}

// inEventSession runs fn with the event row locked (the order every writer
// takes), the session and the participant found in it.
func (s *Service) inEventSession(ctx context.Context, eventID, sessionID, participantID string,
	fn func(tx *gorm.DB, ss event.Session, p Participant) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.events.In(tx).LockEvent(ctx, eventID); err != nil {
			return err
		}
		ss, err := s.registrableSession(ctx, tx, eventID, sessionID)
		if err != nil {
			return err
		}
		p, err := s.store.In(tx).FindParticipantByID(ctx, participantID, true)
		if err != nil || p.EventID != eventID {
			return apperr.NotFoundf("no such participant in this event").With("field", "participant_id")
		}
		return fn(tx, ss, p)
	})
}

// registrableSession finds a protocol event or cultural programme of the
// event. Errors: NotFound.
func (s *Service) registrableSession(ctx context.Context, tx *gorm.DB, eventID, sessionID string) (event.Session, error) {
	notHere := apperr.NotFoundf("no such protocol event or cultural programme in this event").With("field", "session_id")
	if !httpx.IsUUID(sessionID) {
		return event.Session{}, notHere
	}
	ss, err := s.events.In(tx).FindSessionByID(ctx, eventID, sessionID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !ss.Registrable()) {
		return event.Session{}, notHere
	}
	return ss, err
}

// takePlace registers p for ss within its capacity. The caller holds the
// event's row lock, so two delegations taking the last place run one after
// the other and the second finds it taken.
func (s *Service) takePlace(ctx context.Context, tx *gorm.DB, ss event.Session, p Participant) (SessionRegistration, error) {
	if !p.Active() {
		return SessionRegistration{}, apperr.Conflictf("this participant is %s and cannot be registered", p.Status).
			With("current_status", p.Status)
	}
	st := s.store.In(tx)
	if ok, err := st.isRegistered(ctx, ss.ID, p.ID); err != nil {
		return SessionRegistration{}, err
	} else if ok {
		return SessionRegistration{}, apperr.Conflictf("%s is already registered for this session", displayName(p)).
			Typed("already-registered")
	}
	taken, err := s.events.In(tx).CountRegistered(ctx, ss.ID)
	if err != nil {
		return SessionRegistration{}, err
	}
	if ss.Capacity != nil && taken >= int64(*ss.Capacity) {
		return SessionRegistration{}, apperr.Conflictf("all %d places of this session are taken", *ss.Capacity).
			Typed("session-full").With("capacity", *ss.Capacity)
	}
	r := SessionRegistration{SessionID: ss.ID, ParticipantID: p.ID, EventID: ss.EventID, DelegationID: p.DelegationID,
		RegisteredBy: actor.From(ctx).ID, CreatedAt: s.Now().UTC()}
	if err := st.createRegistration(ctx, &r); err != nil {
		return SessionRegistration{}, err
	}
	return r, audit.NewStore(tx).Record(ctx, audit.Change{Action: "register", Entity: "session_registration",
		EntityID: ss.ID + "/" + p.ID, EventID: ss.EventID, After: r})
}

// givePlace removes p's registration for ss. Errors: NotFound.
func (s *Service) givePlace(ctx context.Context, tx *gorm.DB, ss event.Session, p Participant) error {
	if err := s.store.In(tx).deleteRegistration(ctx, ss.ID, p.ID); err != nil {
		return err
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: "unregister", Entity: "session_registration",
		EntityID: ss.ID + "/" + p.ID, EventID: ss.EventID, Before: map[string]string{"session_id": ss.ID, "participant_id": p.ID}})
}

// SessionAttendees is who comes to a protocol event or cultural programme.
type SessionAttendees struct {
	Session    event.Session `json:"session"`
	Registered int           `json:"registered"`
	PlacesLeft *int          `json:"places_left"`
	Items      []Attendee    `json:"items"`
}

// Attendee is one registered member with what the protocol service needs.
type Attendee struct {
	ParticipantID string    `json:"participant_id"`
	Honorific     string    `json:"honorific"`
	GivenNames    string    `json:"given_names"`
	FamilyName    string    `json:"family_name"`
	NativeName    string    `json:"native_name"`
	Role          string    `json:"role"`
	Status        string    `json:"status"`
	CategoryID    *string   `json:"category_id"`
	DelegationID  string    `json:"delegation_id"`
	Delegation    string    `json:"delegation"`
	BadgeNumber   *int      `json:"badge_number"`
	RegisteredAt  time.Time `json:"registered_at"`
}

// Attendees lists the active members registered for a session of the
// event, by delegation in protocol order. Errors: NotFound.
func (s *Service) Attendees(ctx context.Context, eventID, sessionID string) (SessionAttendees, error) {
	ss, err := s.registrableSession(ctx, s.db, eventID, sessionID)
	if err != nil {
		return SessionAttendees{}, err
	}
	items, err := s.store.attendees(ctx, ss.ID)
	if err != nil {
		return SessionAttendees{}, err
	}
	loc := time.UTC
	if ev, err := s.events.FindEventByID(ctx, eventID); err == nil {
		loc = ev.Location()
	}
	return SessionAttendees{Session: event.InZone(ss, loc), Registered: len(items),
		PlacesLeft: placesLeft(ss, int64(len(items))), Items: items}, nil
}

// ProtocolSessions lists an event's protocol events and cultural programmes
// with the places taken in each. Errors: NotFound (event), Internal.
func (s *Service) ProtocolSessions(ctx context.Context, eventID string) ([]SessionPlaces, error) {
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	sessions, err := s.events.FindSessions(ctx, eventID)
	if err != nil {
		return nil, err
	}
	taken, err := s.store.countRegistered(ctx, eventID)
	if err != nil {
		return nil, err
	}
	out := []SessionPlaces{}
	for _, ss := range sessions {
		if ss.Registrable() {
			out = append(out, SessionPlaces{Session: event.InZone(ss, ev.Location()), Registered: int(taken[ss.ID]),
				PlacesLeft: placesLeft(ss, taken[ss.ID]), Invited: []string{}, Members: []string{}})
		}
	}
	return out, nil
}
