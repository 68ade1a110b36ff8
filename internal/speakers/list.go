package speakers

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// InscribeInput puts a member of a delegation on a session's list.
type InscribeInput struct {
	DelegationID  string `json:"delegation_id"`
	ParticipantID string `json:"participant_id"`
}

// Inscribe is the Secretariat's inscription of any delegation of the
// session's event, window or not, with an optional statement. Errors:
// Invalid (a delegation of another event, a speaker not of the delegation
// or not active), NotFound (session), Conflict (already-inscribed: the
// delegation holds all its places), TooLarge and Unsupported (statement),
// Internal.
func (s *Service) Inscribe(ctx context.Context, sessionID string, in InscribeInput, up *Upload) (Speaker, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return Speaker{}, err
	}
	var d invitations.Delegation
	if !httpx.IsUUID(in.DelegationID) || s.db.WithContext(ctx).Where("id = ? AND event_id = ?", in.DelegationID, ss.EventID).
		Take(&d).Error != nil {
		return Speaker{}, apperr.Fields(apperr.Field("delegation_id", "must be a delegation of the session's event"))
	}
	return s.inscribe(ctx, ss, d.ID, in.ParticipantID, up, false)
}

// InscribeMember is a focal point's inscription of a member of their
// delegation while the session's inscription is open. Errors: NotFound (a
// session of another event), Invalid (a speaker not of the delegation or
// not active), Conflict (inscription-closed, already-inscribed), TooLarge
// and Unsupported (statement), Internal.
func (s *Service) InscribeMember(ctx context.Context, l registration.Link, sessionID, participantID string, up *Upload) (Speaker, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return Speaker{}, err
	}
	if ss.EventID != l.Invitation.EventID {
		return Speaker{}, apperr.NotFoundf("no such session")
	}
	return s.inscribe(ctx, ss, l.Invitation.DelegationID, participantID, up, true)
}

func (s *Service) inscribe(ctx context.Context, ss event.Session, delegationID, participantID string, up *Upload, focal bool) (Speaker, error) {
	var p registration.Participant
	if httpx.IsUUID(participantID) {
		p, _ = s.store.FindParticipant(ctx, participantID)
	}
	if p.ID == "" || p.DelegationID != delegationID || p.EventID != ss.EventID || !p.Active() {
		return Speaker{}, apperr.Fields(apperr.Field("participant_id", "must be an active member of the delegation"))
	}
	var stmt *Statement
	if up != nil {
		ct, err := sniffStatement(up.Data)
		if err != nil {
			return Speaker{}, err
		}
		stmt = &Statement{FileName: statementName(up.Name, ct), ContentType: ct, Data: up.Data}
	}
	level, err := s.store.LevelOf(ctx, p.ID)
	if err != nil {
		return Speaker{}, err
	}
	var out Speaker
	err = s.inList(ctx, ss.ID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
		now := s.now()
		if focal && !set.Open(now) {
			return apperr.Conflictf("inscription to this session's list of speakers is not open").Typed("inscription-closed")
		}
		used, err := st.UsedSlots(ctx, ss.ID, delegationID)
		if err != nil {
			return err
		}
		slot := 0
		for i := 1; i <= set.PerDelegation && slot == 0; i++ {
			if !contains(used, i) {
				slot = i
			}
		}
		if slot == 0 {
			return apperr.Conflictf("this delegation is already on the list of speakers of this session").Typed("already-inscribed")
		}
		waiting, err := st.FindSpeakers(ctx, ss.ID, Waiting)
		if err != nil {
			return err
		}
		sp := Speaker{ID: httpx.NewID(), EventID: ss.EventID, SessionID: ss.ID, DelegationID: delegationID,
			ParticipantID: p.ID, LevelRank: Unranked, LevelCode: level.Code, Slot: &slot, Status: Waiting,
			InscribedAt: now, InscribedBy: actor.From(ctx).Name, UpdatedAt: now}
		if level.ID != "" {
			sp.LevelRank = level.Ordinal
		}
		at := placeByLevel(waiting, sp.LevelRank, sp.InscribedAt, set.TurnStartedAt != nil)
		sp.Position = at + 1
		if err := st.CreateSpeaker(ctx, &sp); err != nil {
			return err
		}
		order := append(append(append([]Speaker{}, waiting[:at]...), sp), waiting[at:]...)
		if err := renumber(ctx, st, order); err != nil {
			return err
		}
		if stmt != nil {
			stmt.SpeakerID, stmt.CreatedAt = sp.ID, now
			if err := st.SaveStatement(ctx, stmt); err != nil {
				return err
			}
		}
		out = sp
		return s.record(ctx, tx, sp, "inscribe", nil, &sp.Position, "", nil)
	})
	return out, err
}

// renumber writes positions 1… to order, only where they changed.
func renumber(ctx context.Context, st *Store, order []Speaker) error {
	for i, sp := range order {
		if sp.Position != i+1 {
			if err := st.SetPosition(ctx, sp.ID, i+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// MoveInput moves a waiting speaker to another place, with the reason.
type MoveInput struct {
	Position int    `json:"position"`
	Reason   string `json:"reason"`
}

// Move puts a waiting speaker at a place of the list (1 is the first) and
// records why. Errors: Invalid (no reason, a place outside the list),
// NotFound, Conflict (not-waiting), Internal.
func (s *Service) Move(ctx context.Context, sessionID, speakerID string, in MoveInput) (Speaker, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	var v apperr.Validator
	v.Check(in.Reason != "", "reason", "must say why the speaker moves")
	v.Check(len(in.Reason) <= 500, "reason", "must be at most 500 bytes")
	v.Check(in.Position >= 1, "position", "must be 1 or more")
	if err := v.Err(); err != nil {
		return Speaker{}, err
	}
	var out Speaker
	err := s.onWaiting(ctx, sessionID, speakerID, func(tx *gorm.DB, st *Store, set *Settings, sp Speaker, waiting []Speaker) error {
		if in.Position > len(waiting) {
			return apperr.Fields(apperr.Field("position", "must be from 1 to %d", len(waiting)))
		}
		from := sp.Position
		order := make([]Speaker, 0, len(waiting))
		for _, w := range waiting {
			if w.ID != sp.ID {
				order = append(order, w)
			}
		}
		order = append(order[:in.Position-1], append([]Speaker{sp}, order[in.Position-1:]...)...)
		if err := s.advance(ctx, st, set, waiting, order); err != nil {
			return err
		}
		sp.Position = in.Position
		out = sp
		return s.record(ctx, tx, sp, "move", &from, &sp.Position, in.Reason, map[string]any{"position": from})
	})
	return out, err
}

// advance renumbers the waiting speakers in their new order and, when the
// first of the list changes, starts the new current speaker's time.
func (s *Service) advance(ctx context.Context, st *Store, set *Settings, before, order []Speaker) error {
	if err := renumber(ctx, st, order); err != nil {
		return err
	}
	head := func(l []Speaker) string {
		if len(l) == 0 {
			return ""
		}
		return l[0].ID
	}
	if head(before) == head(order) {
		return nil
	}
	now := s.now()
	set.TurnStartedAt = &now
	if len(order) == 0 {
		set.TurnStartedAt = nil
	}
	set.UpdatedAt = now
	return st.SaveSettings(ctx, set)
}

// onWaiting runs fn on a waiting speaker of a session's list, in the
// list's transaction.
func (s *Service) onWaiting(ctx context.Context, sessionID, speakerID string,
	fn func(tx *gorm.DB, st *Store, set *Settings, sp Speaker, waiting []Speaker) error) error {
	return s.inList(ctx, sessionID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
		if !httpx.IsUUID(speakerID) {
			return apperr.NotFoundf("no such speaker")
		}
		sp, err := st.FindSpeaker(ctx, ss.ID, speakerID)
		if err != nil {
			return err
		}
		if sp.Status != Waiting {
			return apperr.Conflictf("this speaker is no longer waiting (%s)", sp.Status).Typed("not-waiting")
		}
		waiting, err := st.FindSpeakers(ctx, ss.ID, Waiting)
		if err != nil {
			return err
		}
		return fn(tx, st, set, sp, waiting)
	})
}

// MarkInput records what became of a waiting speaker.
type MarkInput struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// Mark records that a waiting speaker spoke, was absent when called (the
// first time they move to the end of the list, the second they are struck
// off) or withdrew. Errors: Invalid, NotFound, Conflict (not-waiting), Internal.
func (s *Service) Mark(ctx context.Context, sessionID, speakerID string, in MarkInput) (Speaker, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	var v apperr.Validator
	v.Check(contains(Marks, in.Status), "status", "must be one of %s", strings.Join(Marks, ", "))
	v.Check(len(in.Reason) <= 500, "reason", "must be at most 500 bytes")
	if err := v.Err(); err != nil {
		return Speaker{}, err
	}
	return s.markWaiting(ctx, sessionID, speakerID, in, nil)
}

// WithdrawMember is a focal point's withdrawal of one of their delegation's
// waiting entries, at any time; the speaker who has the floor is the
// Secretariat's to mark. Errors: NotFound (a session of another event, an
// entry of another delegation), Conflict (not-waiting, has-floor), Internal.
func (s *Service) WithdrawMember(ctx context.Context, l registration.Link, sessionID, speakerID string) (Speaker, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return Speaker{}, err
	}
	none := apperr.NotFoundf("your delegation has no such entry on this list").Typed("no-entry")
	if ss.EventID != l.Invitation.EventID || !httpx.IsUUID(speakerID) {
		return Speaker{}, none
	}
	sp, err := s.store.FindSpeaker(ctx, ss.ID, speakerID)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && sp.DelegationID != l.Invitation.DelegationID) {
		return Speaker{}, none
	}
	if err != nil {
		return Speaker{}, err
	}
	in := MarkInput{Status: Withdrawn, Reason: "withdrawn by the delegation's focal point"}
	return s.markWaiting(ctx, sessionID, speakerID, in, func(set *Settings, sp Speaker, waiting []Speaker) error {
		if set.TurnStartedAt != nil && waiting[0].ID == sp.ID {
			return apperr.Conflictf("this speaker has the floor; the Secretariat marks what follows").Typed("has-floor")
		}
		return nil
	})
}

// markWaiting records in (valid) for a waiting speaker, once guard (when not nil)
// allows it in the list's transaction.
func (s *Service) markWaiting(ctx context.Context, sessionID, speakerID string, in MarkInput,
	guard func(set *Settings, sp Speaker, waiting []Speaker) error) (Speaker, error) {
	var out Speaker
	err := s.onWaiting(ctx, sessionID, speakerID, func(tx *gorm.DB, st *Store, set *Settings, sp Speaker, waiting []Speaker) error {
		if guard != nil {
			if err := guard(set, sp, waiting); err != nil {
				return err
			}
		}
		before := sp
		order := make([]Speaker, 0, len(waiting))
		for _, w := range waiting {
			if w.ID != sp.ID {
				order = append(order, w)
			}
		}
		action := in.Status
		switch {
		case in.Status == Absent && sp.Absences == 0:
			sp.Absences, action = 1, "absent_moved_down"
			order = append(order, sp)
		case in.Status == Spoke:
			sp.Status = Spoke
		default:
			sp.Status, sp.Slot = in.Status, nil
		}
		sp.UpdatedAt = s.now()
		if err := st.SaveSpeaker(ctx, &sp); err != nil {
			return err
		}
		if err := s.advance(ctx, st, set, waiting, order); err != nil {
			return err
		}
		from, to := before.Position, len(order)
		out = sp
		if sp.Status == Waiting {
			out.Position = to
			return s.record(ctx, tx, out, action, &from, &to, in.Reason, before)
		}
		return s.record(ctx, tx, out, action, &from, nil, in.Reason, before)
	})
	return out, err
}

// StartTurn starts (again) the current speaker's time. Errors: NotFound,
// Conflict (empty-list), Internal.
func (s *Service) StartTurn(ctx context.Context, sessionID string) (Settings, error) {
	var out Settings
	err := s.inList(ctx, sessionID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
		waiting, err := st.FindSpeakers(ctx, ss.ID, Waiting)
		if err != nil {
			return err
		}
		if len(waiting) == 0 {
			return apperr.Conflictf("nobody is waiting to speak").Typed("empty-list")
		}
		now := s.now()
		set.TurnStartedAt, set.UpdatedAt = &now, now
		out = *set
		if err := st.SaveSettings(ctx, set); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "start_turn", Entity: "speaker", EntityID: waiting[0].ID, EventID: ss.EventID, After: *set})
	})
	return out, err
}
