package invitations

import "context"

// RemindInvitation queues the one reminder of a single invitation still
// awaiting an answer before its deadline, with a freshly minted RSVP link
// (which revokes the one sent before). created is false when the invitation
// was reminded before (nothing is queued again). Errors: NotFound, Conflict
// naming the status when the invitation is not issued or sent or its
// deadline has passed, Internal.
func (l *Letters) RemindInvitation(ctx context.Context, id string) (created bool, err error) {
	inv, err := l.store().findInvitation(ctx, id, false)
	if err != nil {
		return false, err
	}
	if inv.Status != Issued && inv.Status != Sent {
		return false, statusConflict("only an invitation awaiting an answer can be reminded", inv.Status)
	}
	if !inv.RSVPDeadline.After(l.now()) {
		return false, statusConflict("the RSVP deadline has passed", inv.Status)
	}
	created, err = l.remindOne(ctx, id)
	if created && l.Notify != nil {
		l.Notify()
	}
	return created, err
}
