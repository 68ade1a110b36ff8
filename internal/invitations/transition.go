package invitations

import (
	"context"
	"slices"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
)

// transitions lists, for each status, the statuses an invitation may move to
// through Transition.
//
//   - draft → issued (POST …/issue), withdrawn
//   - issued → sent (dispatch), accepted, declined, withdrawn, expired
//   - sent → sent (dispatched again), accepted, declined, withdrawn, expired
//   - accepted ↔ declined: the delegation may change its answer while open,
//     or give the same answer again with a new note
//   - expired → accepted, declined (only while reopened), withdrawn,
//     issued or sent (when the deadline is moved into the future)
//
// Withdrawn is final, and an answered invitation cannot be withdrawn: the
// answer stands, and the delegation's members are withdrawn one by one in
// registration. Re-issuing an issued or sent letter is Issue's business.
var transitions = map[string][]string{
	Draft:    {Issued, Withdrawn},
	Issued:   {Sent, Accepted, Declined, Withdrawn, Expired},
	Sent:     {Sent, Accepted, Declined, Withdrawn, Expired},
	Accepted: {Accepted, Declined},
	Declined: {Declined, Accepted},
	Expired:  {Accepted, Declined, Withdrawn, Issued, Sent},
}

// CanTransition reports whether an invitation in status from may move to to.
func CanTransition(from, to string) bool { return slices.Contains(transitions[from], to) }

// Transition moves inv, read and locked by LockInvitation on a store In a
// transaction, to status to, saves it and records the change in the audit
// log in that transaction. An answer
// (accepted or declined) is taken only while the invitation is open (before
// its deadline, or reopened); withdrawing revokes the RSVP link. It returns
// Conflict naming the current status for an illegal move, and Internal when
// the database fails.
func (s *Store) Transition(ctx context.Context, inv *Invitation, to string) error {
	return s.transition(ctx, inv, to, nil)
}

// Answer records the delegation's answer on inv, read and locked by
// LockInvitation: to is Accepted or Declined, moved through Transition's
// status machine, and note is kept with the answer. It returns Invalid for
// another status, Conflict naming the current status for an invitation that
// cannot be answered (or past its deadline), and Internal.
func (s *Store) Answer(ctx context.Context, inv *Invitation, to, note string) error {
	if to != Accepted && to != Declined {
		return apperr.Invalidf("an answer is %s or %s, not %s", Accepted, Declined, to)
	}
	return s.transition(ctx, inv, to, func(i *Invitation) { i.ResponseNote = note })
}

// Reopen lets the delegation of inv, read and locked by LockInvitation,
// answer and change its members until until, after the deadline (its RSVP
// link lasting as long, see keepLinkOpen); it saves inv and records the
// change in the audit log in the store's transaction. It returns NotFound and Internal.
func (s *Store) Reopen(ctx context.Context, inv *Invitation, until time.Time) error {
	before := *inv
	u := until.UTC().Truncate(time.Second)
	inv.ReopenedUntil = &u
	ev, err := s.findEvent(ctx, inv.EventID, false)
	if err != nil {
		return err
	}
	keepLinkOpen(inv, ev)
	if err := s.saveInvitation(ctx, inv); err != nil {
		return err
	}
	return audit.NewStore(s.db).Record(ctx, audit.Change{Action: "reopen", Entity: "invitation", EntityID: inv.ID,
		EventID: inv.EventID, Before: before, After: *inv})
}

// transition is Transition, with change applied to inv with the new status.
func (s *Store) transition(ctx context.Context, inv *Invitation, to string, change func(*Invitation)) error {
	now := clock.Of(s.db)().Truncate(time.Microsecond)
	from := inv.Status
	if !CanTransition(from, to) {
		return apperr.Conflictf("an invitation that is %s cannot become %s", from, to).With("current_status", from)
	}
	if (to == Accepted || to == Declined) && !inv.Open(now) {
		return apperr.Conflictf("the RSVP deadline has passed; the Secretariat can reopen the invitation").
			With("current_status", from)
	}
	before := *inv
	inv.Status = to
	if change != nil {
		change(inv)
	}
	switch to {
	case Issued:
		inv.IssuedAt = &now
	case Sent:
		inv.SentAt = &now
	case Accepted, Declined:
		inv.RespondedAt = &now
	case Withdrawn:
		// The link's hash stays, so that the link, now refused, can say
		// that the invitation was withdrawn rather than that it is unknown.
		inv.RSVPExpiresAt = nil
	}
	if err := s.saveInvitation(ctx, inv); err != nil {
		return err
	}
	return audit.NewStore(s.db).Record(ctx, audit.Change{Action: to, Entity: "invitation", EntityID: inv.ID,
		EventID: inv.EventID, Before: before, After: *inv})
}
