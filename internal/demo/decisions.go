package demo

import (
	"context"

	"accreditation/internal/registration"
)

// twist is what happens to one member after nomination, instead of an
// approval: a rejection with its reason, a withdrawal by the focal point
// (with a replacement nominated after it), either after an approval or not,
// or a new photo after the approval, which sends the member back to review.
type twist struct {
	party        string
	member       int // position in the party's members; 0 is the head
	reject       string
	withdraw     bool
	replace      bool
	rephoto      bool
	approveFirst bool
}

var twists = []twist{
	{party: "IR", member: 5, reject: "The photograph is not a recent passport-style photograph of the face; please upload a new one and nominate again."},
	{party: "PK", member: 4, reject: "Not listed in the credentials letter of the delegation."},
	{party: "NG", member: 4, reject: "Already accredited with another delegation: one accreditation per person."},
	{party: "EG", member: 3, reject: "The host country's security clearance was not granted in time."},
	{party: "LAS", member: 3, reject: "The League's delegation was agreed at three members."},
	{party: "AZ", member: 11, approveFirst: true,
		reject: "Accreditation cancelled at the request of the Ministry of Foreign Affairs."},
	{party: "RU", member: 5, withdraw: true, replace: true},
	{party: "SA", member: 6, withdraw: true, replace: true},
	{party: "FR", member: 3, withdraw: true, approveFirst: true},
	{party: "TR", member: 5, withdraw: true},
	{party: "GB", member: 2, rephoto: true, approveFirst: true},
}

// decide makes the Secretariat's decisions on every nominated member, in
// protocol order of the parties: approval (which issues the badge) in the
// category of the member's function, except for the members left for
// review and the twists.
func (l *loader) decide(ctx context.Context) error {
	for _, p := range l.parties {
		for _, m := range l.plan[p.code] {
			if m.status != registration.Nominated || m.pending {
				continue
			}
			if err := l.decideOn(ctx, p, m); err != nil {
				return err
			}
		}
	}
	for _, ms := range l.plan {
		for _, m := range ms {
			if m.status != "" {
				l.sum.Participants[m.status]++
			}
		}
	}
	return nil
}

func (l *loader) decideOn(ctx context.Context, p party, m *member) error {
	reg := l.s.Registration
	t := m.twist
	if t == nil || t.approveFirst {
		if _, err := reg.Approve(ctx, m.id, l.category[m.category]); err != nil {
			return err
		}
		m.status = registration.Approved
		l.sum.Badges++
	}
	switch {
	case t == nil:
		return nil
	case t.reject != "":
		if _, err := reg.Reject(ctx, m.id, t.reject); err != nil {
			return err
		}
		m.status = registration.Rejected
		return nil
	}
	focal := l.rsvp[p.code]
	if t.rephoto {
		// Another picture of the same person: the badge printed with the first one is suspended.
		again := *m
		again.key += "/again"
		m.status = registration.Nominated
		return l.photos.upload(focal.ctx, focal.link, &again, true)
	}
	if err := reg.WithdrawParticipant(focal.ctx, focal.link, m.id); err != nil {
		return err
	}
	m.status = registration.Withdrawn
	for _, r := range l.plan[p.code] {
		if r.replaces == m {
			if err := l.nominate(focal.ctx, focal.link, r, true); err != nil {
				return err
			}
		}
	}
	return nil
}
