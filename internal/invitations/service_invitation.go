package invitations

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// InviteeInput is the invitee's part of an InvitationInput.
type InviteeInput struct {
	Honorific  *string `json:"honorific"`
	GivenNames *string `json:"given_names"`
	FamilyName *string `json:"family_name"`
	NativeName *string `json:"native_name"`
	Office     *string `json:"office"`
	Email      *string `json:"email"`
}

// InvitationInput is an invitation to create, or the fields to change (nil
// means unchanged).
type InvitationInput struct {
	DelegationID *string       `json:"delegation_id"`
	Language     *string       `json:"language"`
	Quota        *int          `json:"quota"`
	RSVPDeadline *time.Time    `json:"rsvp_deadline"`
	Invitee      *InviteeInput `json:"invitee"`
}

// onlyTerms reports whether in changes nothing but the quota and the deadline,
// which may change after a draft is issued.
func (in InvitationInput) onlyTerms() bool {
	return in.DelegationID == nil && in.Language == nil && in.Invitee == nil
}

// apply checks in and copies it onto inv (the delegation is checked by the
// caller); it returns an Invalid error listing every field at fault.
func (in InvitationInput) apply(inv *Invitation, ev event.Event, now time.Time, creating bool) error {
	var v apperr.Validator
	if creating {
		v.Check(in.DelegationID != nil, "delegation_id", "is required")
		v.Check(in.Language != nil, "language", "is required")
		v.Check(in.RSVPDeadline != nil, "rsvp_deadline", "is required")
		v.Check(in.Invitee != nil, "invitee", "is required")
	}
	if in.DelegationID != nil {
		v.Check(httpx.IsUUID(*in.DelegationID), "delegation_id", "must be a UUID")
		inv.DelegationID = *in.DelegationID
	}
	if in.Language != nil {
		v.Check(hasLanguage(ev.Languages, *in.Language), "language", "must be one of the event's languages: %s",
			strings.Join(ev.Languages, ", "))
		inv.Language = *in.Language
	}
	if in.Quota != nil {
		v.Check(*in.Quota >= 1 && *in.Quota <= 1000, "quota", "must be from 1 to 1000")
		inv.Quota = *in.Quota
	}
	if in.RSVPDeadline != nil {
		d := in.RSVPDeadline.UTC().Truncate(time.Microsecond)
		v.Check(d.After(now), "rsvp_deadline", "must be in the future")
		v.Check(!afterEvent(ev, d), "rsvp_deadline", "must be no later than the event's last day, %s", ev.EndsOn)
		inv.RSVPDeadline = d
	}
	if in.Invitee != nil {
		in.Invitee.apply(&v, &inv.Invitee)
	}
	if creating || in.Invitee != nil {
		v.Check(inv.Invitee.GivenNames != "" || inv.Invitee.FamilyName != "", "invitee.family_name",
			"a given name or a family name is required")
		v.Check(inv.Invitee.Email != "", "invitee.email", "is required")
	}
	return v.Err()
}

// afterEvent reports whether a deadline d falls after the last day of ev in
// its zone, when no answer can matter any more. The demo event is exempt: it
// is the 2013 conference, in the past by design, and its open invitations
// answer a newcomer's tries with deadlines after it.
func afterEvent(ev event.Event, d time.Time) bool {
	if ev.IsDemo || ev.EndsOn == "" {
		return false
	}
	_, end := ev.Days()
	return !d.Before(end)
}

func (in InviteeInput) apply(v *apperr.Validator, p *Invitee) {
	for field, pair := range map[string]struct {
		src *string
		dst *string
	}{"honorific": {in.Honorific, &p.Honorific}, "given_names": {in.GivenNames, &p.GivenNames},
		"family_name": {in.FamilyName, &p.FamilyName}, "native_name": {in.NativeName, &p.NativeName},
		"office": {in.Office, &p.Office}} {
		if pair.src != nil {
			s := *pair.src
			cleanInto(v, "invitee."+field, &s)
			*pair.dst = s
		}
	}
	if in.Email != nil {
		e := strings.TrimSpace(*in.Email)
		v.Check(validEmail(e), "invitee.email", "must be an e-mail address such as name@example.org")
		p.Email = e
	}
}

// CreateInvitation adds a draft invitation to an event. The quota defaults to
// the event's default for the delegation's kind. It returns NotFound for an
// unknown event, Invalid for bad input (also a delegation of another event)
// and Conflict when the invitee (by e-mail) is already invited to the event.
func (s *Service) CreateInvitation(ctx context.Context, eventID string, in InvitationInput) (Invitation, error) {
	var inv Invitation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ev, err := s.store.In(tx).findEvent(ctx, eventID, true)
		if err != nil {
			return err
		}
		inv, err = s.createInvitation(ctx, tx, ev, in)
		return err
	})
	return inv, err
}

func (s *Service) createInvitation(ctx context.Context, tx *gorm.DB, ev event.Event, in InvitationInput) (Invitation, error) {
	now := s.now()
	inv := Invitation{ID: httpx.NewID(), EventID: ev.ID, Status: Draft}
	if err := in.apply(&inv, ev, now, true); err != nil {
		return inv, err
	}
	d, err := s.delegationOf(ctx, tx, ev.ID, inv.DelegationID)
	if err != nil {
		return inv, err
	}
	if in.Quota == nil {
		inv.Quota = max(1, ev.DefaultQuotas[d.Kind])
	}
	if err := s.checkInvitee(ctx, tx, &inv); err != nil {
		return inv, err
	}
	if err := s.store.In(tx).createInvitation(ctx, &inv); err != nil {
		return inv, err
	}
	return inv, audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "invitation", EntityID: inv.ID,
		EventID: ev.ID, After: inv})
}

func (s *Service) delegationOf(ctx context.Context, tx *gorm.DB, eventID, id string) (Delegation, error) {
	d, err := s.store.In(tx).findDelegation(ctx, id, false)
	if apperr.Is(err, apperr.NotFound) || (err == nil && d.EventID != eventID) {
		return d, apperr.Fields(apperr.Field("delegation_id", "is not a delegation of this event"))
	}
	return d, err
}

func (s *Service) checkInvitee(ctx context.Context, tx *gorm.DB, inv *Invitation) error {
	taken, err := s.store.In(tx).emailTaken(ctx, inv.EventID, emailKey(inv.Invitee.Email), inv.ID)
	if err != nil {
		return err
	}
	if taken {
		return apperr.Conflictf("%s is already invited to this event", inv.Invitee.Email).Typed("invitee-exists")
	}
	return nil
}

// UpdateInvitation changes an invitation: every field while it is a draft;
// afterwards only the quota and the deadline, in any status but withdrawn
// (moving the deadline of an expired invitation into the future opens it
// again as issued or sent). A quota is never lowered below the delegation's
// active members; a later deadline lengthens the RSVP link (keepLinkOpen).
// It returns NotFound, Invalid, or Conflict naming the
// current status or the number of members ("members").
func (s *Service) UpdateInvitation(ctx context.Context, id string, in InvitationInput) (Invitation, error) {
	var inv Invitation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		inv, err = s.updateInvitation(ctx, tx, id, in)
		return err
	})
	return inv, err
}

// updateInvitation is UpdateInvitation inside the caller's transaction.
func (s *Service) updateInvitation(ctx context.Context, tx *gorm.DB, id string, in InvitationInput) (Invitation, error) {
	st := s.store.In(tx)
	before, ev, err := st.lockInvitation(ctx, id)
	if err != nil {
		return before, err
	}
	if err := updatable(before, in); err != nil {
		return before, err
	}
	inv := before
	if err := in.apply(&inv, ev, s.now(), false); err != nil {
		return inv, err
	}
	if in.DelegationID != nil {
		if _, err := s.delegationOf(ctx, tx, ev.ID, inv.DelegationID); err != nil {
			return inv, err
		}
	}
	if in.Invitee != nil {
		if err := s.checkInvitee(ctx, tx, &inv); err != nil {
			return inv, err
		}
	}
	if inv.Quota < before.Quota {
		if err := st.quotaHoldsMembers(ctx, inv); err != nil {
			return inv, err
		}
	}
	keepLinkOpen(&inv, ev)
	if inv.Status == Expired && inv.Open(s.now()) {
		inv.Status = Issued
		if inv.SentAt != nil {
			inv.Status = Sent
		}
	}
	if err := st.saveInvitation(ctx, &inv); err != nil {
		return inv, err
	}
	return inv, audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "invitation", EntityID: id,
		EventID: inv.EventID, Before: before, After: inv})
}

// updatable returns Conflict naming the status when inv's status does not
// let in change it.
func updatable(inv Invitation, in InvitationInput) error {
	switch {
	case inv.Status == Withdrawn:
		return statusConflict("a withdrawn invitation cannot change", inv.Status)
	case inv.Status != Draft && !in.onlyTerms():
		return statusConflict("only the quota and the RSVP deadline can change once an invitation is issued", inv.Status)
	}
	return nil
}

// DeleteInvitation deletes a draft. It returns NotFound, or Conflict naming
// the status of an invitation already issued (withdraw it instead).
func (s *Service) DeleteInvitation(ctx context.Context, id string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		inv, err := st.LockInvitation(ctx, id)
		if err != nil {
			return err
		}
		if inv.Status != Draft {
			return statusConflict("only a draft can be deleted; withdraw an issued invitation", inv.Status)
		}
		if err := st.deleteInvitation(ctx, id); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "delete", Entity: "invitation", EntityID: id,
			EventID: inv.EventID, Before: inv})
	})
}

// Withdraw withdraws an invitation. It returns NotFound, or Conflict naming
// the current status when the invitation was already answered or withdrawn.
func (s *Service) Withdraw(ctx context.Context, id string) (Invitation, error) {
	var inv Invitation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		var err error
		if inv, err = st.LockInvitation(ctx, id); err != nil {
			return err
		}
		return st.Transition(ctx, &inv, Withdrawn)
	})
	return inv, err
}

// Invitation returns one invitation, expired when its deadline has passed
// unanswered. It returns NotFound.
func (s *Service) Invitation(ctx context.Context, id string) (Invitation, error) {
	inv, err := s.store.findInvitation(ctx, id, false)
	if err != nil {
		return inv, err
	}
	if overdue(inv, s.now()) {
		if _, err := s.store.expireOverdue(ctx, inv.EventID, s.now()); err != nil {
			return inv, err
		}
		return s.store.findInvitation(ctx, id, false)
	}
	return inv, nil
}

// Invitations lists an event's invitations in protocol order of their
// delegations, marking overdue ones expired first. It returns NotFound for an
// unknown event.
func (s *Service) Invitations(ctx context.Context, f InvitationFilter) ([]Invitation, int64, error) {
	if _, err := s.store.findEvent(ctx, f.EventID, false); err != nil {
		return nil, 0, err
	}
	if _, err := s.store.expireOverdue(ctx, f.EventID, s.now()); err != nil {
		return nil, 0, err
	}
	return s.store.FindInvitations(ctx, f)
}

// ExpireOverdue marks every invitation still issued or sent after its
// deadline (and not reopened) as expired, and returns how many it marked.
// It returns an Internal error when the database fails.
func (s *Service) ExpireOverdue(ctx context.Context) (int64, error) {
	return s.store.expireOverdue(ctx, "", s.now())
}

// ExpiryWorker runs ExpireOverdue every interval until ctx ends.
func (s *Service) ExpiryWorker(interval time.Duration, logf func(msg string, args ...any)) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if n, err := s.ExpireOverdue(ctx); err != nil && ctx.Err() == nil {
				logf("expire invitations failed", "error", err)
			} else if n > 0 {
				logf("invitations expired", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

func overdue(inv Invitation, now time.Time) bool {
	return (inv.Status == Issued || inv.Status == Sent) && !inv.Open(now)
}

// LockInvitation reads an invitation for a change, on a store In a
// transaction, locking its
// event's row and then its own (on PostgreSQL; SQLite transactions already
// run one writer at a time). It returns NotFound.
func (s *Store) LockInvitation(ctx context.Context, id string) (Invitation, error) {
	inv, _, err := s.lockInvitation(ctx, id)
	return inv, err
}

// lockInvitation is LockInvitation that also returns the event it locked.
func (s *Store) lockInvitation(ctx context.Context, id string) (Invitation, event.Event, error) {
	inv, err := s.findInvitation(ctx, id, false)
	if err != nil {
		return inv, event.Event{}, err
	}
	ev, err := s.findEvent(ctx, inv.EventID, true)
	if err != nil {
		return inv, ev, err
	}
	inv, err = s.findInvitation(ctx, id, true)
	return inv, ev, err
}

// keepLinkOpen lengthens inv's RSVP link, when it has one, to last the
// event's grace days past the later of its deadline and its reopening, as
// NewRSVPLink makes it: a deadline moved later never leaves the delegation
// without its link while it may still answer. A link never gets shorter.
func keepLinkOpen(inv *Invitation, ev event.Event) {
	if inv.RSVPExpiresAt == nil {
		return
	}
	until := inv.RSVPDeadline
	if inv.ReopenedUntil != nil && inv.ReopenedUntil.After(until) {
		until = *inv.ReopenedUntil
	}
	if want := until.AddDate(0, 0, ev.RSVPGraceDays).UTC(); inv.RSVPExpiresAt.Before(want) {
		inv.RSVPExpiresAt = &want
	}
}

// quotaHoldsMembers refuses a quota below the invitation's active members
// (nominated or approved), with a Conflict naming their number. The caller
// holds the invitation's row lock, which nominations take too, so that none
// can slip in between the count and the change.
func (s *Store) quotaHoldsMembers(ctx context.Context, inv Invitation) error {
	n, err := s.countActiveMembers(ctx, inv.ID)
	if err != nil || n <= inv.Quota {
		return err
	}
	return apperr.Conflictf("the delegation has %d active members, more than a quota of %d; withdraw members first", n, inv.Quota).
		Typed("quota-below-members").With("members", n)
}

func statusConflict(detail, status string) error {
	return apperr.Conflictf("%s (the invitation is %s)", detail, status).With("current_status", status)
}
