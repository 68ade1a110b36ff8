package console_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var funnelStep = regexp.MustCompile(`<a href="([^"]+)"><span class="n">([0-9]+)</span> <span class="k">([^<]+)</span></a>`)

// TestDashboardCountsTheFunnel checks each number of the dashboard's funnel
// against the stored rows of the demo conference, and that each leads to a
// list that opens.
func TestDashboardCountsTheFunnel(t *testing.T) {
	s := newSite(t)
	if err := s.env.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	var ev string
	s.env.DB.Raw(`SELECT id FROM events LIMIT 1`).Scan(&ev)
	// The clock is set before the first request, so that the server's
	// goroutines only ever read it through the atomic (arrivedToday moves it).
	var clock atomic.Value
	s.env.App.Services.Console.Now = func() time.Time { return clock.Load().(time.Time) }
	clock.Store(s.env.Now())
	s.signIn("secretariat")
	p := s.get("/console/events/" + ev)
	if p.Status != http.StatusOK {
		t.Fatalf("dashboard: %d", p.Status)
	}
	sql := func(q string, args ...any) int {
		var n int
		if err := s.env.DB.Raw(q, args...).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	want := map[string]int{
		"Invited":          sql(`SELECT COUNT(*) FROM invitations WHERE event_id = ? AND status <> 'withdrawn'`, ev),
		"Accepted":         sql(`SELECT COUNT(*) FROM invitations WHERE event_id = ? AND status = 'accepted'`, ev),
		"Declined":         sql(`SELECT COUNT(*) FROM invitations WHERE event_id = ? AND status = 'declined'`, ev),
		"Nominated":        sql(`SELECT COUNT(*) FROM participants WHERE event_id = ? AND status IN ('nominated', 'approved', 'rejected')`, ev),
		"Accredited":       sql(`SELECT COUNT(*) FROM participants WHERE event_id = ? AND status = 'approved'`, ev),
		"Badge printed":    sql(`SELECT COUNT(*) FROM badges WHERE event_id = ? AND status = 'active' AND printed_at IS NOT NULL`, ev),
		"Collected":        sql(`SELECT COUNT(*) FROM badges WHERE event_id = ? AND status = 'active' AND collected_at IS NOT NULL`, ev),
		"Checked in today": 0, // the demo's scans are on its own days in 2013
	}
	steps := funnelStep.FindAllStringSubmatch(p.Body, -1)
	if len(steps) != 10 {
		t.Fatalf("the funnel has %d steps, want 10", len(steps))
	}
	for _, m := range steps {
		n, _ := strconv.Atoi(m[2])
		if w, ok := want[m[3]]; ok && n != w {
			t.Errorf("%s: %d on the dashboard, %d stored", m[3], n, w)
		}
		if w, ok := want[m[3]]; ok && w == 0 && m[3] != "Checked in today" {
			t.Errorf("%s is 0: the demo should show every step", m[3])
		}
		if list := s.get(html.UnescapeString(m[1])); list.Status != http.StatusOK {
			t.Errorf("%s links to %s, which answers %d", m[3], m[1], list.Status)
		}
	}
	for _, section := range []string{"Reply deadlines coming up", "Undelivered messages", "Scan conflicts", "By delegation", "By category"} {
		if !strings.Contains(p.Body, section) {
			t.Errorf("the dashboard has no %q", section)
		}
	}
	// The badges' counts by group, kept on each badge, agree with the
	// holders' groups.
	counts, err := s.env.App.Services.Badges.Counts(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		DelegationID string
		CategoryID   string
		N, Printed   int
	}
	s.env.DB.Raw(`SELECT p.delegation_id, p.category_id, COUNT(*) AS n, COUNT(b.printed_at) AS printed
		FROM badges b JOIN participants p ON p.id = b.participant_id
		WHERE b.event_id = ? AND b.status = 'active' GROUP BY p.delegation_id, p.category_id`, ev).Scan(&rows)
	byDel, byCat := map[string][2]int{}, map[string][2]int{}
	for _, r := range rows {
		d, c := byDel[r.DelegationID], byCat[r.CategoryID]
		byDel[r.DelegationID] = [2]int{d[0] + r.N, d[1] + r.Printed}
		byCat[r.CategoryID] = [2]int{c[0] + r.N, c[1] + r.Printed}
	}
	if len(byDel) < 5 || len(counts.ByDelegation) != len(byDel) || len(counts.ByCategory) != len(byCat) {
		t.Errorf("badge counts cover %d delegations and %d categories, the holders %d and %d",
			len(counts.ByDelegation), len(counts.ByCategory), len(byDel), len(byCat))
	}
	for id, w := range byDel {
		if got := counts.ByDelegation[id]; got.Active != w[0] || got.Printed != w[1] {
			t.Errorf("delegation %s: %+v, holders say %v", id, got, w)
		}
	}
	for id, w := range byCat {
		if got := counts.ByCategory[id]; got.Active != w[0] || got.Printed != w[1] {
			t.Errorf("category %s: %+v, holders say %v", id, got, w)
		}
	}
	// A stray offset is the first page, not an error.
	for _, q := range []string{"?from=x", "?from=-3", "?from=99999"} {
		if r := s.get("/console/events/" + ev + q); r.Status != http.StatusOK {
			t.Errorf("dashboard%s: %d", q, r.Status)
		}
	}
	arrivedToday(t, s, ev, &clock)
}

// arrivedToday checks the list of the badges of those let in "today" by the
// console's clock, on the dashboard's demo (loaded once for both): on a day
// of the demo's scans, some; the day after the conference, none.
func arrivedToday(t *testing.T, s *site, ev string, clock *atomic.Value) {
	t.Helper()
	baku := time.FixedZone("Asia/Baku", 4*3600)
	for day, want := range map[string]bool{"2013-03-18": true, "2013-03-20": false} {
		at, _ := time.ParseInLocation(time.DateOnly, day, baku)
		clock.Store(at.Add(12 * time.Hour))
		p := s.get("/console/events/" + ev + "/badges?arrived=today")
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", day, p.Status)
		}
		if got := !strings.Contains(p.Body, "0–0 of 0"); got != want {
			t.Errorf("on %s, badges of those let in today listed: %v, want %v", day, got, want)
		}
	}
}
