// Package invitations records who is invited: delegations, invitations signed
// on behalf of the event's signatories, their frozen letters, dispatch by
// e-mail through the outbox, and the private RSVP link of each invitation.
package invitations
