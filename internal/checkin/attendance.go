package checkin

import (
	"context"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"accreditation/internal/registration"
)

// Attendance is an event's attendance report.
type Attendance struct {
	EventID      string            `json:"event_id"`
	At           time.Time         `json:"at"`
	Delegations  []DelegationCount `json:"by_delegation"`
	Categories   []CategoryCount   `json:"by_category"`
	Checkpoints  []CheckpointCount `json:"by_checkpoint"`
	Zones        []ZoneCount       `json:"by_zone"`
	Days         []DayCount        `json:"by_day"`
	InsideNow    int               `json:"inside_now"`
	ArrivedTotal int               `json:"arrived"`
}

// Attendance reports who came, by delegation (nominated: put forward and
// not turned down, i.e. nominated or approved; accredited: holding an active
// badge, so not a revoked, suspended or superseded one; arrived: let in at
// least once; inside now),
// by category, by checkpoint and zone, and by day in the event's timezone.
// Its independent counts run at once, each on its own connection.
// Errors: NotFound (no event).
func (s *Service) Attendance(ctx context.Context, eventID string) (Attendance, error) {
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Attendance{}, err
	}
	s.computed.Add(1)
	a := Attendance{EventID: eventID, At: s.now()}
	var tallies, arrivals, badges []participantCount
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { a.Delegations, err = s.store.delegations(gctx, eventID); return err })
	g.Go(func() (err error) { a.Categories, err = s.store.categories(gctx, eventID); return err })
	g.Go(func() (err error) { tallies, err = s.store.byParticipant(gctx, eventID); return err })
	g.Go(func() (err error) { arrivals, err = s.store.byArrival(gctx, eventID); return err })
	g.Go(func() (err error) { badges, err = s.store.accredited(gctx, eventID); return err })
	g.Go(func() (err error) { a.Checkpoints, err = s.store.byCheckpoint(gctx, eventID); return err })
	g.Go(func() (err error) { a.Zones, err = s.store.byZone(gctx, eventID); return err })
	g.Go(func() (err error) { a.Days, err = s.days(gctx, ev); return err })
	if err := g.Wait(); err != nil {
		return Attendance{}, err
	}
	a.count(append(append(tallies, arrivals...), badges...))
	return a, nil
}

// Approved is a registration hook: in the approval's transaction it keeps
// the participant's category, which a new approval after a review may change,
// on the attendance row that attendance by category counts from.
// Errors: Internal.
func (s *Service) Approved(ctx context.Context, tx *gorm.DB, p registration.Participant) error {
	return s.store.In(tx).keepCategory(ctx, p.EventID, p.ID, p.DelegationID, p.CategoryID)
}

// count adds the counts by delegation and category into the report's lines,
// and the totals.
func (a *Attendance) count(counts []participantCount) {
	dIndex, cIndex := map[string]int{}, map[string]int{}
	for i, d := range a.Delegations {
		dIndex[d.DelegationID] = i
	}
	for i, c := range a.Categories {
		cIndex[c.CategoryID] = i
	}
	for _, n := range counts {
		if i, ok := dIndex[n.DelegationID]; ok {
			d := &a.Delegations[i]
			d.Nominated, d.Accredited = d.Nominated+n.Nominated, d.Accredited+n.Accredited
			d.Arrived, d.InsideNow = d.Arrived+n.Arrived, d.InsideNow+n.InsideNow
		}
		if n.CategoryID == nil {
			continue
		}
		if i, ok := cIndex[*n.CategoryID]; ok {
			c := &a.Categories[i]
			c.Accredited, c.Arrived, c.InsideNow = c.Accredited+n.Accredited, c.Arrived+n.Arrived, c.InsideNow+n.InsideNow
		}
	}
	for _, d := range a.Delegations {
		a.InsideNow += d.InsideNow
		a.ArrivedTotal += d.Arrived
	}
}

// days counts entries by event-local day; entries stored before scans kept
// their day are dated here.
func (s *Service) days(ctx context.Context, ev eventRow) ([]DayCount, error) {
	days, err := s.store.byDay(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	scans, err := s.store.undatedEntries(ctx, ev.ID)
	if err != nil || len(scans) == 0 {
		return days, err
	}
	loc, err := time.LoadLocation(ev.Timezone)
	if err != nil {
		loc = time.UTC
	}
	byDay := map[string]*DayCount{}
	for i := range days {
		byDay[days[i].Date] = &days[i]
	}
	seen := map[string]map[string]bool{}
	for _, sc := range scans {
		day := sc.ScannedAt.In(loc).Format(time.DateOnly)
		d := byDay[day]
		if d == nil {
			d = &DayCount{Date: day}
			byDay[day] = d
		}
		if seen[day] == nil {
			seen[day] = map[string]bool{}
		}
		d.Scans++
		if Accepted(sc.Verdict) && sc.ParticipantID != nil && !seen[day][*sc.ParticipantID] {
			seen[day][*sc.ParticipantID] = true
			d.Arrived++ // may count a holder also counted among the dated scans of that day
		}
	}
	out := make([]DayCount, 0, len(byDay))
	for _, d := range byDay {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out, nil
}
