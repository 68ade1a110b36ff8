package demo

import (
	"context"
	"strings"
	"time"

	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// invite creates a party's delegation and invitation and takes the
// invitation to the party's outcome, as the Secretariat and the focal point
// would: issue, dispatch, then the answer through the RSVP link.
func (l *loader) invite(ctx context.Context, p party) error {
	inv := l.s.Invitations
	d, err := inv.CreateDelegation(ctx, l.ev.ID, invitations.DelegationInput{Kind: &p.kind, Country: &p.country,
		Names: &p.names, FocalPoint: &p.focal})
	if err != nil {
		return err
	}
	l.sum.Delegations++
	l.delegation[p.code] = d.ID
	svc, letters, deadline := inv, l.s.Letters, l.deadline()
	if p.outcome == expired {
		svc, letters, deadline = l.pastServices()
	}
	i, err := l.createInvitation(ctx, svc, d.ID, p, p.head, p.office, deadline)
	if err != nil || p.outcome == draft {
		l.count(p.outcome, err)
		return err
	}
	if _, err := svc.Issue(ctx, i.ID); err != nil || p.outcome == issued {
		l.count(p.outcome, err)
		return err
	}
	if _, _, err := letters.Dispatch(ctx, i.ID); err != nil {
		return err
	}
	switch p.outcome {
	case sent, expired: // expired by l.expire once every letter is out
	case withdrawn:
		if _, err := inv.Withdraw(ctx, i.ID); err != nil {
			return err
		}
		if p.redo != nil {
			if _, err := l.createInvitation(ctx, inv, d.ID, p, *p.redo, p.redoOffice, deadline); err != nil {
				return err
			}
			l.count(draft, nil)
		}
	default:
		if err := l.answer(ctx, p, i.ID); err != nil {
			return err
		}
	}
	l.count(p.outcome, nil)
	return nil
}

func (l *loader) count(status string, err error) {
	if err == nil {
		l.sum.Invitations[status]++
	}
}

// createInvitation drafts the invitation of party p to invitee in office.
func (l *loader) createInvitation(ctx context.Context, svc *invitations.Service, delegationID string, p party,
	invitee person, office string, deadline time.Time) (invitations.Invitation, error) {
	email := emailOf(invitee, p)
	in := invitations.InvitationInput{DelegationID: &delegationID, Language: &p.lang, RSVPDeadline: &deadline,
		Invitee: &invitations.InviteeInput{Honorific: &invitee.honorific, GivenNames: &invitee.given,
			FamilyName: &invitee.family, NativeName: &invitee.native, Office: &office, Email: &email}}
	if p.quota > 0 {
		in.Quota = &p.quota
	}
	return svc.CreateInvitation(ctx, l.ev.ID, in)
}

// pastServices are the invitations services on a clock pinned in February
// 2013, for the invitations that expired before the conference: the real
// ones refuse a deadline in the past, rightly.
func (l *loader) pastServices() (*invitations.Service, *invitations.Letters, time.Time) {
	at := func() time.Time { return pastNow }
	svc := invitations.NewService(l.s.DB, invitations.Config{PublicBaseURL: l.s.BaseURL, Now: at})
	return svc, &invitations.Letters{DB: l.s.DB, Invitations: svc, Now: at}, pastDeadline
}

// answer gives the delegation's answer through a fresh RSVP link (the one
// in the e-mail is never read back from the outbox), nominating its members
// first when it accepts, or when it accepted and then declined.
func (l *loader) answer(ctx context.Context, p party, invitationID string) error {
	url, _, err := l.s.Invitations.RSVPLink(ctx, invitationID)
	if err != nil {
		return err
	}
	fctx, link, err := l.s.Registration.Resolve(ctx, url[strings.LastIndex(url, "/")+1:], "demo")
	if err != nil {
		return err
	}
	l.rsvp[p.code] = focalLink{ctx: fctx, link: link}
	members := l.plan[p.code]
	if p.outcome == declined && len(members) == 0 {
		_, err := l.s.Registration.Answer(fctx, link, "decline", p.note)
		return err
	}
	note := p.note
	if p.outcome == declined {
		note = ""
	}
	if _, err := l.s.Registration.Answer(fctx, link, "accept", note); err != nil {
		return err
	}
	for _, m := range members {
		if m.replaces == nil {
			// Photos of a delegation about to decline go up before its members are withdrawn.
			if err := l.nominate(fctx, link, m, p.outcome == declined); err != nil {
				return err
			}
		}
	}
	if p.outcome == accepted {
		return l.credentials(fctx, p)
	}
	// Declining withdraws the members nominated so far.
	if _, err := l.s.Registration.Answer(fctx, link, "decline", p.note); err != nil {
		return err
	}
	for _, m := range members {
		m.status = registration.Withdrawn
	}
	return nil
}

// expire marks the invitations whose deadline passed unanswered as expired,
// as the server's expiry worker does every minute.
func (l *loader) expire(ctx context.Context) error {
	_, err := l.s.Invitations.ExpireOverdue(ctx)
	return err
}
