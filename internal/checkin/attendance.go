package checkin

import (
	"context"
	"encoding/csv"
	"io"
	"sort"
	"strconv"
	"time"
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

// Attendance reports who came, by delegation (invited: nominated or
// approved; accredited: approved; arrived: let in at least once; inside now),
// by category, by checkpoint and zone, and by day in the event's timezone.
// Errors: NotFound (no event).
func (s *Service) Attendance(ctx context.Context, eventID string) (Attendance, error) {
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Attendance{}, err
	}
	a := Attendance{EventID: eventID, At: s.now()}
	if a.Delegations, err = s.store.byDelegation(ctx, eventID); err != nil {
		return Attendance{}, err
	}
	if a.Categories, err = s.store.byCategory(ctx, eventID); err != nil {
		return Attendance{}, err
	}
	if a.Checkpoints, err = s.store.byCheckpoint(ctx, eventID); err != nil {
		return Attendance{}, err
	}
	if a.Zones, err = s.store.byZone(ctx, eventID); err != nil {
		return Attendance{}, err
	}
	for _, d := range a.Delegations {
		a.InsideNow += d.InsideNow
		a.ArrivedTotal += d.Arrived
	}
	a.Days, err = s.days(ctx, ev)
	return a, err
}

func (s *Service) days(ctx context.Context, ev eventRow) ([]DayCount, error) {
	loc, err := time.LoadLocation(ev.Timezone)
	if err != nil {
		loc = time.UTC
	}
	scans, err := s.store.entryScans(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	byDay := map[string]*DayCount{}
	seen := map[string]map[string]bool{}
	for _, sc := range scans {
		day := sc.ScannedAt.In(loc).Format(time.DateOnly)
		d := byDay[day]
		if d == nil {
			d = &DayCount{Date: day}
			byDay[day], seen[day] = d, map[string]bool{}
		}
		d.Scans++
		if Accepted(sc.Verdict) && sc.ParticipantID != nil && !seen[day][*sc.ParticipantID] {
			seen[day][*sc.ParticipantID] = true
			d.Arrived++
		}
	}
	out := make([]DayCount, 0, len(byDay))
	for _, d := range byDay {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out, nil
}

// WriteCSV writes the attendance by delegation as CSV with a UTF-8 byte
// order mark, so that spreadsheet programs read the names right.
func (a Attendance) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"delegation", "invited", "accredited", "arrived", "inside_now"})
	for _, d := range a.Delegations {
		_ = cw.Write([]string{d.Name, strconv.Itoa(d.Invited), strconv.Itoa(d.Accredited), strconv.Itoa(d.Arrived),
			strconv.Itoa(d.InsideNow)})
	}
	cw.Flush()
	return cw.Error()
}

// Watch calls send with the attendance now and after every change in the
// event's scans, polling the database every interval (so that scans taken by
// any server are seen), until ctx ends or send fails. Errors: NotFound (no
// event), or send's error.
func (s *Service) Watch(ctx context.Context, eventID string, interval time.Duration, send func(Attendance) error) error {
	last := ""
	for {
		mark, err := s.store.scanMark(ctx, eventID)
		if err != nil {
			return err
		}
		if mark != last {
			a, err := s.Attendance(ctx, eventID)
			if err != nil {
				return err
			}
			if err := send(a); err != nil {
				return err
			}
			last = mark
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}
