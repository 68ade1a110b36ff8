package demo

import (
	"context"
	"fmt"

	"accreditation/internal/badges"
)

// desk prints three batches of badges through the print jobs, as the
// print worker runs them (the ministers' on A6, the host delegation's on A4
// sheets, the Secretariat's on cards), hands some printed badges over,
// reprints one the desk damaged and revokes one reported lost.
func (l *loader) desk(ctx context.Context) error {
	az, sec, minister := l.delegation["AZ"], l.delegation["SEC"], l.category["minister"]
	for _, in := range []badges.PrintInput{
		{CategoryID: &minister, Layout: string(badges.A6)},
		{DelegationID: &az, OnlyUnprinted: true, Layout: string(badges.A4x4)},
		{DelegationID: &sec, Layout: string(badges.CR80)},
	} {
		if err := l.print(ctx, in); err != nil {
			return err
		}
	}
	for _, who := range []struct {
		party string
		i     int
	}{{"AZ", 0}, {"AZ", 1}, {"AZ", 3}, {"SA", 0}, {"MA", 0}, {"FR", 0}, {"KZ", 0}, {"SEC", 1}, {"SEC", 2}, {"SEC", 4}} {
		if err := l.collect(ctx, l.member(who.party, who.i)); err != nil {
			return err
		}
	}
	damaged, err := l.s.Badges.ForParticipant(ctx, l.member("AZ", 2).id)
	if err != nil {
		return err
	}
	if _, err := l.s.Badges.Reprint(ctx, damaged.ID, "Damaged at the accreditation desk"); err != nil {
		return err
	}
	l.superseded, l.sum.Badges = damaged.Code, l.sum.Badges+1
	lost, err := l.s.Badges.ForParticipant(ctx, l.member("AZ", 3).id)
	if err != nil {
		return err
	}
	if _, err := l.s.Badges.Revoke(ctx, lost.ID, "Reported lost by the holder; a new badge after an identity check"); err != nil {
		return err
	}
	l.revoked = lost.Code
	return nil
}

// print queues a print job and runs it to the end, as the print worker does.
func (l *loader) print(ctx context.Context, in badges.PrintInput) error {
	j, err := l.s.Badges.Prints.Create(ctx, l.ev.ID, in)
	if err != nil {
		return err
	}
	l.sum.PrintJobs++
	for {
		// Another server's worker may take the job first: it is printed all the same.
		ran, err := l.s.Badges.Prints.RunOnce(ctx)
		if err != nil {
			return err
		}
		if !ran {
			break
		}
	}
	if j, err = l.s.Badges.Prints.Job(ctx, j.ID); err != nil {
		return err
	}
	if j.Status == badges.JobDone {
		l.sum.Printed += j.Done
	}
	return nil
}

// collect records that m collected their printed badge at the desk.
func (l *loader) collect(ctx context.Context, m *member) error {
	b, err := l.s.Badges.ForParticipant(ctx, m.id)
	if err != nil || b.PrintedAt == nil {
		return err
	}
	if _, err := l.s.Badges.Collected(ctx, b.ID); err != nil {
		return err
	}
	l.sum.Collected++
	return nil
}

// member is the member of party code at position i.
func (l *loader) member(code string, i int) *member {
	for _, m := range l.plan[code] {
		if m.index == i {
			return m
		}
	}
	panic(fmt.Sprintf("demo: no member %d in %s", i, code))
}
