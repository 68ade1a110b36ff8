package registration

import (
	"context"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/invitations"
)

// Nominate adds a member to the delegation of l. The invitation must be
// accepted and open; the delegation may have one head and at most its quota
// of active members. Errors: Invalid fields; Conflict for a closed or
// unaccepted invitation, a second head, or a full quota (with "quota").
func (s *Service) Nominate(ctx context.Context, l Link, in ParticipantInput) (Participant, error) {
	now := s.Now()
	p := Participant{ID: newID(), EventID: l.Invitation.EventID, InvitationID: l.Invitation.ID,
		DelegationID: l.Invitation.DelegationID, Status: Nominated, InterpretationLanguage: l.Invitation.Language,
		CreatedAt: now, UpdatedAt: now}
	if _, err := in.apply(&p); err != nil {
		return Participant{}, err
	}
	err := s.inOpenInvitation(ctx, l.Invitation.ID, func(tx *gorm.DB, inv *invitations.Invitation) error {
		if inv.Status != invitations.Accepted {
			return apperr.Conflictf("accept the invitation before nominating members (it is %s)", inv.Status).
				Typed("not-accepted").With("current_status", inv.Status)
		}
		active, heads, err := s.store.In(tx).CountActive(ctx, inv.ID)
		if err != nil {
			return err
		}
		if active >= inv.Quota {
			return apperr.Conflictf("the delegation's quota of %d members is reached; withdraw a member first", inv.Quota).
				Typed("quota-reached").With("quota", inv.Quota)
		}
		if p.Role == Head && heads > 0 {
			return apperr.Conflictf("the delegation already has a head of delegation").Typed("one-head")
		}
		if err := s.store.In(tx).CreateParticipant(ctx, &p); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "nominate", Entity: "participant", EntityID: p.ID,
			EventID: p.EventID, After: p})
	})
	if err != nil {
		return Participant{}, err
	}
	return p, nil
}

// inOwnParticipant runs fn on an active participant of l's delegation, with
// the invitation locked and open. Errors: NotFound for another delegation's
// participant; Conflict for a closed invitation or an inactive participant.
func (s *Service) inOwnParticipant(ctx context.Context, l Link, id string, fn func(tx *gorm.DB, p *Participant) error) error {
	return s.inOpenInvitation(ctx, l.Invitation.ID, func(tx *gorm.DB, inv *invitations.Invitation) error {
		p, err := s.store.In(tx).FindParticipantByID(ctx, id, true)
		if err != nil || p.InvitationID != inv.ID {
			return apperr.NotFoundf("no such participant in this delegation")
		}
		if !p.Active() {
			return apperr.Conflictf("this participant is %s and can no longer be changed", p.Status).With("current_status", p.Status)
		}
		return fn(tx, &p)
	})
}

// UpdateParticipant changes a member's details: CorrectParticipant,
// confirmed. Changing the name of an approved member sends them back to
// review (BackToReview hooks run). Errors: Invalid, NotFound, Conflict
// (closed, inactive, second head).
func (s *Service) UpdateParticipant(ctx context.Context, l Link, id string, in ParticipantInput) (Participant, error) {
	p, err := s.CorrectParticipant(ctx, l, id, in, Correction{Confirmed: true})
	return p.Participant, err
}

// saveChanged writes p and, when an approved member's name or photo changed,
// returns them to review.
func (s *Service) saveChanged(ctx context.Context, tx *gorm.DB, before Participant, p *Participant, identityChanged bool) error {
	back := identityChanged && p.Status == Approved
	if back {
		p.Status, p.DecidedAt, p.DecidedBy = Nominated, nil, ""
	}
	if err := s.store.In(tx).SaveParticipant(ctx, p); err != nil {
		return err
	}
	if back {
		if err := Run(ctx, tx, s.Hooks.BackToReview, *p); err != nil {
			return err
		}
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "participant", EntityID: p.ID,
		EventID: p.EventID, Before: before, After: *p})
}

// WithdrawParticipant withdraws a member (Removed hooks run); the place in
// the quota is freed. Errors: NotFound, Conflict.
func (s *Service) WithdrawParticipant(ctx context.Context, l Link, id string) error {
	return s.inOwnParticipant(ctx, l, id, func(tx *gorm.DB, p *Participant) error {
		return s.remove(ctx, tx, *p, Withdrawn, "")
	})
}

// SetPhoto checks, re-encodes and stores a member's photo: CorrectPhoto,
// confirmed. For an approved member it is a change of identity that sends
// them back to review. Errors: those of ProcessPhoto, NotFound, Conflict.
func (s *Service) SetPhoto(ctx context.Context, l Link, id string, data []byte) (Participant, error) {
	p, err := s.CorrectPhoto(ctx, l, id, data, Correction{Confirmed: true})
	return p.Participant, err
}
