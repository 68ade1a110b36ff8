package demo

import (
	"context"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/actor"
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/registration"
)

// holder is an approved member with an active badge.
type holder struct {
	m    *member
	code string
}

// doors records the conference's door scans through a scanner device, with
// a checkin service on its own clock (the doors judge by the day, and the
// conference was in March 2013): the first day's morning, lunch break and
// afternoon, the second morning, a few refusals, and an offline batch whose
// device let a revoked badge in (a conflict).
func (l *loader) doors(ctx context.Context) error {
	cps, err := event.NewStore(l.s.DB).FindCheckpoints(ctx, l.ev.ID)
	if err != nil {
		return err
	}
	cp := map[string]string{}
	for _, c := range cps {
		cp[c.Name] = c.ID
	}
	// Made today for the main door and waiting to be paired: its pairing
	// code expires soon, and the console issues a new one.
	dev, err := checkin.NewService(l.s.DB).CreateDevice(ctx, l.ev.ID, checkin.DeviceInput{
		Name: "Demo scanner, plenary hall main door", Language: "en", CheckpointID: cp["Plenary hall main door"]})
	if err != nil {
		return err
	}
	d := &door{l: l, cs: checkin.NewService(l.s.DB), cp: cp, inside: map[string]bool{},
		ctx: actor.With(ctx, actor.Actor{Kind: actor.Device, ID: dev.ID, Name: dev.Name, Role: actor.Door, Language: "en",
			Events: []string{l.ev.ID}})}
	d.cs.SetClock(func() time.Time { return d.at })
	hs, err := l.holders(ctx)
	if err != nil {
		return err
	}
	for _, step := range []func([]holder) error{d.firstMorning, d.refusals, d.lunch, d.evening, d.secondMorning, d.offline} {
		if err := step(hs); err != nil {
			return err
		}
	}
	return nil
}

// holders are the approved members with an active badge, in protocol order.
func (l *loader) holders(ctx context.Context) ([]holder, error) {
	var hs []holder
	for _, p := range l.parties {
		for _, m := range l.plan[p.code] {
			if m.status != registration.Approved {
				continue
			}
			b, err := l.s.Badges.ForParticipant(ctx, m.id)
			if err != nil {
				return nil, err
			}
			if b.Status == badges.Active {
				hs = append(hs, holder{m, b.Code})
			}
		}
	}
	return hs, nil
}

type door struct {
	l   *loader
	cs  *checkin.Service
	ctx context.Context
	cp  map[string]string // checkpoint name → id
	at  time.Time         // the service's clock
	// inside tells, by code, who is in the plenary hall.
	inside map[string]bool
}

// day is a time on a day of March 2013 in Baku.
func day(d, h, m, s int) time.Time { return time.Date(2013, time.March, d, h, m, s, 0, baku).UTC() }

// scan reads code at checkpoint at t, received a second later.
func (d *door) scan(checkpoint, direction, code string, t time.Time) error {
	d.at = t.Add(time.Second)
	res, err := d.cs.Scan(d.ctx, checkin.ScanInput{Code: &code, CheckpointID: d.cp[checkpoint], Direction: direction, ScannedAt: &t})
	if err != nil {
		return err
	}
	d.l.sum.Scans++
	if checkin.Accepted(res.Verdict) && checkpoint != vipDoor && checkpoint != press {
		d.inside[code] = direction == checkin.In
	}
	return nil
}

const (
	mainDoor = "Plenary hall main door"
	sideDoor = "Plenary hall side door"
	vipDoor  = "VIP lounge entrance"
	press    = "Press area entrance"
)

// firstMorning: the heads to the VIP lounge before the opening, the press
// to its area, and most holders into the plenary hall, a quarter by the
// side door.
func (d *door) firstMorning(hs []holder) error {
	t := day(18, 8, 40, 0)
	for _, h := range hs {
		if c := h.m.category; c == "minister" || c == "head_io" {
			if err := d.scan(vipDoor, checkin.In, h.code, t); err != nil {
				return err
			}
			t = t.Add(50 * time.Second)
		}
	}
	t = day(18, 9, 5, 0)
	for i, h := range hs {
		door := mainDoor
		switch {
		case h.m.category == "media":
			door = press
		case i%5 == 4:
			continue // arrives later, or not at all
		case i%4 == 3:
			door = sideDoor
		}
		if err := d.scan(door, checkin.In, h.code, t); err != nil {
			return err
		}
		t = t.Add(17 * time.Second)
	}
	return nil
}

// refusals: a delegate at the VIP lounge, a journalist at the hall's door,
// a second entry without an exit, the revoked badge and the superseded one.
func (d *door) refusals(hs []holder) error {
	var delegate, journalist string
	for _, h := range hs {
		switch h.m.category {
		case "delegate":
			delegate = h.code
		case "media":
			journalist = h.code
		}
	}
	t := day(18, 9, 40, 0)
	for _, s := range []struct{ door, code string }{{vipDoor, delegate}, {mainDoor, journalist},
		{mainDoor, hs[0].code}, {mainDoor, d.l.revoked}, {sideDoor, d.l.superseded}} {
		if err := d.scan(s.door, checkin.In, s.code, t); err != nil {
			return err
		}
		t = t.Add(3 * time.Minute)
	}
	return nil
}

// lunch: half the hall goes out at the lunch break, most come back.
func (d *door) lunch(hs []holder) error {
	out, back := day(18, 12, 32, 0), day(18, 14, 18, 0)
	for i, h := range hs {
		if i%5 == 4 || i%2 == 1 || h.m.category == "media" {
			continue
		}
		if err := d.scan(mainDoor, checkin.Out, h.code, out); err != nil {
			return err
		}
		out = out.Add(11 * time.Second)
		if i%6 == 0 {
			continue
		}
		if err := d.scan(mainDoor, checkin.In, h.code, back); err != nil {
			return err
		}
		back = back.Add(13 * time.Second)
	}
	return nil
}

// evening: everyone still in the hall leaves when the first day ends.
func (d *door) evening(hs []holder) error {
	t := day(18, 18, 2, 0)
	for _, h := range hs {
		if !d.inside[h.code] {
			continue
		}
		if err := d.scan(mainDoor, checkin.Out, h.code, t); err != nil {
			return err
		}
		t = t.Add(7 * time.Second)
	}
	return nil
}

// secondMorning: the second day, fewer come, all by the main door.
func (d *door) secondMorning(hs []holder) error {
	t := day(19, 9, 2, 0)
	for i, h := range hs {
		if i%3 == 2 || h.m.category == "media" {
			continue
		}
		if err := d.scan(mainDoor, checkin.In, h.code, t); err != nil {
			return err
		}
		t = t.Add(19 * time.Second)
	}
	return nil
}

// offline: the side door's scanner lost the network on the second morning
// and judged six badges itself, letting the revoked one in; its batch,
// uploaded later, records that as a conflict.
func (d *door) offline(hs []holder) error {
	codes := []string{d.l.revoked}
	for i := 4; i < len(hs) && len(codes) < 6; i += 5 {
		codes = append(codes, hs[i].code)
	}
	batch := make([]checkin.BatchScan, len(codes))
	t := day(19, 9, 15, 0)
	for i, code := range codes {
		at := t.Add(time.Duration(i) * 47 * time.Second)
		batch[i] = checkin.BatchScan{DeviceVerdict: checkin.OK, ScanInput: checkin.ScanInput{Code: &code,
			CheckpointID: d.cp[sideDoor], Direction: checkin.In, ScannedAt: &at, ScanID: uuid.NewString()}}
	}
	d.at = day(19, 9, 50, 0)
	res, err := d.cs.Batch(d.ctx, batch)
	for _, r := range res {
		if r.Error == nil {
			d.l.sum.Scans++
		}
	}
	return err
}
