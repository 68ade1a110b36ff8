package checkin

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// Arrivals is the part of an event's attendance a dashboard shows: how many
// people of each delegation and category were let in at least once, and how
// many were let in today.
type Arrivals struct {
	At           time.Time      `json:"at"`
	ByDelegation map[string]int `json:"by_delegation"`
	ByCategory   map[string]int `json:"by_category"`
	Today        string         `json:"today"` // the date in the event's timezone
	ArrivedToday int            `json:"arrived_today"`
}

// Arrivals counts, from the attendance rows (one per person), who arrived
// by delegation and by category, and, from today's entries, the distinct
// holders let in today in the event's timezone. It is Attendance without
// the counts by checkpoint, zone and day, which read every scan.
// Errors: NotFound (no event), Internal.
func (s *Service) Arrivals(ctx context.Context, eventID string) (Arrivals, error) {
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Arrivals{}, err
	}
	loc, err := time.LoadLocation(ev.Timezone)
	if err != nil {
		loc = time.UTC
	}
	now := s.now()
	local := now.In(loc)
	from := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	a := Arrivals{At: now, Today: from.Format(time.DateOnly), ByDelegation: map[string]int{}, ByCategory: map[string]int{}}
	var rows []participantCount
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { rows, err = s.store.byArrival(gctx, eventID); return err })
	g.Go(func() (err error) {
		a.ArrivedToday, err = s.store.arrivedOn(gctx, eventID, a.Today, from.UTC(), from.AddDate(0, 0, 1).UTC())
		return err
	})
	if err := g.Wait(); err != nil {
		return Arrivals{}, err
	}
	for _, r := range rows {
		a.ByDelegation[r.DelegationID] += r.Arrived
		if r.CategoryID != nil {
			a.ByCategory[*r.CategoryID] += r.Arrived
		}
	}
	return a, nil
}
