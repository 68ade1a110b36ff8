package checkin

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"accreditation/internal/apperr"
)

// Steps a timeline may be cut into, in minutes.
const (
	StepQuarter = 15
	StepHour    = 60
)

// Live is what the live attendance screen shows of an event: who is inside
// each zone now, who arrived and who is inside by delegation and category,
// and one day's entries and exits, by checkpoint and over the day.
type Live struct {
	EventID string    `json:"event_id"`
	At      time.Time `json:"at"`
	// Day is the event-local day of the flows and the timeline; Days are
	// the event's days, to choose another.
	Day         string            `json:"day"`
	Days        []string          `json:"days"`
	InsideNow   int               `json:"inside_now"`
	Arrived     int               `json:"arrived"`
	Accredited  int               `json:"accredited"`
	Zones       []ZoneCount       `json:"by_zone"`
	Delegations []DelegationCount `json:"by_delegation"`
	Categories  []CategoryCount   `json:"by_category"`
	Checkpoints []CheckpointFlow  `json:"by_checkpoint"`
	Timeline    Timeline          `json:"timeline"`
}

// Live reads the live attendance of an event for day (YYYY-MM-DD, one of the
// event's days; "" for today, or the nearest event day) with a timeline cut
// into step minutes (StepQuarter or StepHour). Every figure comes from the
// database, so a scan taken on any server shows at the next read. It reads
// the attendance rows, the presence rows, the active badges and that day's
// scans: not every scan of the event. Errors: NotFound (no event), Invalid
// (a day outside the event or another step), Internal.
func (s *Service) Live(ctx context.Context, eventID, day string, step int) (Live, error) {
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Live{}, err
	}
	if step != StepQuarter && step != StepHour {
		return Live{}, apperr.Fields(apperr.Field("step", "must be 15 or 60 (minutes)"))
	}
	s.computed.Add(1)
	loc := location(ev.Timezone)
	l := Live{EventID: eventID, At: s.now(), Days: eventDays(ev)}
	if l.Day, err = pickDay(l.Days, day, l.At.In(loc)); err != nil {
		return Live{}, err
	}
	from, to := dayBounds(l.Day, loc)
	var arrivals, badges []participantCount
	var buckets []bucketCount
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { l.Delegations, err = s.store.delegations(gctx, eventID); return err })
	g.Go(func() (err error) { l.Categories, err = s.store.categories(gctx, eventID); return err })
	g.Go(func() (err error) { arrivals, err = s.store.byArrival(gctx, eventID); return err })
	g.Go(func() (err error) { badges, err = s.store.accredited(gctx, eventID); return err })
	g.Go(func() (err error) { l.Zones, err = s.store.byZone(gctx, eventID); return err })
	g.Go(func() (err error) { l.Checkpoints, err = s.store.checkpointList(gctx, eventID); return err })
	g.Go(func() (err error) {
		buckets, err = s.store.dayScans(gctx, eventID, from, to, int64(step)*60)
		return err
	})
	if err := g.Wait(); err != nil {
		return Live{}, err
	}
	a := Attendance{Delegations: l.Delegations, Categories: l.Categories}
	a.count(append(arrivals, badges...))
	l.InsideNow, l.Arrived = a.InsideNow, a.ArrivedTotal
	for _, d := range a.Delegations {
		l.Accredited += d.Accredited
	}
	l.Timeline = timeline(l.Day, from, to, step, loc, buckets)
	flows(l.Checkpoints, buckets)
	return l, nil
}

// flows adds the day's counted scans into each checkpoint's entries let in,
// exits and refusals.
func flows(cps []CheckpointFlow, counts []bucketCount) {
	at := map[string]*CheckpointFlow{}
	for i := range cps {
		at[cps[i].CheckpointID] = &cps[i]
	}
	for _, c := range counts {
		f := at[c.CheckpointID]
		switch {
		case f == nil:
		case c.Accepted == 0:
			f.Refused += c.N
		case c.Direction == Out:
			f.Exits += c.N
		default:
			f.Entries += c.N
		}
	}
}

// location is an event's timezone, UTC when it is not one.
func location(tz string) *time.Location {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}

// eventDays are the dates from an event's first to its last day.
func eventDays(ev eventRow) []string {
	start, err1 := time.Parse(time.DateOnly, ev.StartsOn)
	end, err2 := time.Parse(time.DateOnly, ev.EndsOn)
	if err1 != nil || err2 != nil || end.Before(start) {
		return []string{ev.StartsOn}
	}
	var out []string
	for d := start; !d.After(end) && len(out) < 366; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// pickDay is the day asked for when it is one of days; with none asked,
// today when the event is on, else its first day before it starts and its
// last day after it ended.
func pickDay(days []string, day string, now time.Time) (string, error) {
	if day != "" {
		for _, d := range days {
			if d == day {
				return d, nil
			}
		}
		return "", apperr.Fields(apperr.Field("day", "must be one of the event's days, %s to %s", days[0], days[len(days)-1]))
	}
	today := now.Format(time.DateOnly)
	switch {
	case today < days[0]:
		return days[0], nil
	case today > days[len(days)-1]:
		return days[len(days)-1], nil
	}
	return today, nil
}

// dayBounds is when an event-local day starts and the next one starts, in
// UTC (23 or 25 hours apart on a change of clocks).
func dayBounds(day string, loc *time.Location) (time.Time, time.Time) {
	d, _ := time.ParseInLocation(time.DateOnly, day, loc)
	return d.UTC(), time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc).UTC()
}
