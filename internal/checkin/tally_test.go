package checkin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/uuid"

	"accreditation/internal/app"
	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

// recount is the attendance report's scan counts computed from the scans
// themselves, as the report did before it kept tallies.
func recount(t *testing.T, db *database.DB, eventID string) (byCheckpoint map[string][2]int, byDay map[string][2]int) {
	t.Helper()
	var cps []struct {
		CheckpointID    string
		Scans, Accepted int
	}
	if err := db.Raw(`SELECT checkpoint_id, COUNT(*) AS scans,
		SUM(CASE WHEN verdict IN ('ok', 'already_inside') THEN 1 ELSE 0 END) AS accepted
		FROM scans WHERE event_id = ? GROUP BY checkpoint_id`, eventID).Scan(&cps).Error; err != nil {
		t.Fatal(err)
	}
	byCheckpoint = map[string][2]int{}
	for _, c := range cps {
		byCheckpoint[c.CheckpointID] = [2]int{c.Scans, c.Accepted}
	}
	var days []struct {
		Day            string
		Scans, Arrived int
	}
	if err := db.Raw(`SELECT day, COUNT(*) AS scans,
		COUNT(DISTINCT CASE WHEN verdict IN ('ok', 'already_inside') THEN participant_id END) AS arrived
		FROM scans WHERE event_id = ? AND direction = 'in' AND day IS NOT NULL GROUP BY day`, eventID).Scan(&days).Error; err != nil {
		t.Fatal(err)
	}
	byDay = map[string][2]int{}
	for _, d := range days {
		byDay[d.Day] = [2]int{d.Scans, d.Arrived}
	}
	return byCheckpoint, byDay
}

// checkTallies compares the report with the recount.
func checkTallies(t *testing.T, env *apptest.Env, eventID string, wantScans int) {
	t.Helper()
	cps, days := recount(t, env.DB, eventID)
	a := attendance(t, env, eventID)
	total := 0
	for _, c := range a.Checkpoints {
		want := cps[c.CheckpointID]
		if c.Scans != want[0] || c.Accepted != want[1] || c.Refused != want[0]-want[1] {
			t.Errorf("checkpoint %s: %d scans, %d accepted, %d refused; the scans say %v", c.Name, c.Scans, c.Accepted, c.Refused, want)
		}
		total += c.Scans
	}
	if total != wantScans {
		t.Errorf("the report counts %d scans, want %d", total, wantScans)
	}
	if len(a.Days) < len(days) {
		t.Errorf("the report has %d days, the scans %d", len(a.Days), len(days))
	}
	for _, d := range a.Days {
		if want := days[d.Date]; d.Scans != want[0] || d.Arrived != want[1] {
			t.Errorf("day %s: %d entries, %d arrived; the scans say %v", d.Date, d.Scans, d.Arrived, want)
		}
	}
}

// TestTalliesAgreeWithTheScans: scans in and out of many badges at two
// checkpoints (one refusing them), repeated scan_ids among them, sent at
// once to two servers, leave the report's counts (kept as tallies) equal to
// a recount of the scans stored, on PostgreSQL; and on either database one
// server's scans do the same.
func TestTalliesAgreeWithTheScans(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		env := apptest.NewOn(t, database.OpenTestSQLite(t))
		scanAtOnce(t, env, env.App.Echo)
	})
	t.Run("postgres, two servers", func(t *testing.T) {
		db, url := database.OpenTestPostgresURL(t)
		env := apptest.NewOn(t, db)
		scanAtOnce(t, env, env.App.Echo, secondServer(t, url))
	})
}

// scanAtOnce sends the scans of TestTalliesAgreeWithTheScans to handlers,
// eight at a time, and compares the report with the scans stored.
func scanAtOnce(t *testing.T, env *apptest.Env, handlers ...http.Handler) {
	ev := seed(t, env, checkintest.Options{Badges: 12})
	type sent struct {
		body map[string]any
	}
	var scans []sent
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 240 {
		b := ev.Badges[rng.IntN(len(ev.Badges))]
		cp := ev.CheckpointID
		if i%7 == 0 {
			cp = ev.VIPCheckpointID // not valid there: refused
		}
		dir := []string{"in", "in", "out"}[rng.IntN(3)]
		body := map[string]any{"code": b.Code, "checkpoint_id": cp, "direction": dir, "scan_id": uuid.NewString()}
		scans = append(scans, sent{body})
		if i%10 == 0 { // the same scan sent again: counted once
			scans = append(scans, sent{body})
		}
	}
	var wg sync.WaitGroup
	work := make(chan sent)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				raw, _ := json.Marshal(s.body)
				req := httptest.NewRequest(http.MethodPost, "/api/v1/scans", bytes.NewReader(raw))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+env.Tokens["device"])
				rec := httptest.NewRecorder()
				handlers[w%len(handlers)].ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("scan: %d %s", rec.Code, rec.Body)
				}
			}
		}()
	}
	for _, s := range scans {
		work <- s
	}
	close(work)
	wg.Wait()
	checkTallies(t, env, ev.ID, 240)
	if n := countRows(t, env, "scans"); n != 240 {
		t.Errorf("%d scans stored, want 240", n)
	}
}

// secondServer is the handler of secondApp.
func secondServer(t *testing.T, url string) http.Handler {
	t.Helper()
	a, _ := secondApp(t, url)
	return a.Echo
}

// secondApp builds another server on the PostgreSQL schema of url, with its
// own pool, and returns it with its database.
func secondApp(t *testing.T, url string) (*app.App, *database.DB) {
	t.Helper()
	db2, err := database.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db2.Close() })
	db2.SetClock(testkit.Clock())
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": t.TempDir(), "PUBLIC_BASE_URL": "https://accreditation.test", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := app.Build(context.Background(), cfg, db2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return second, db2
}

// TestMigrationTalliesTheScansBefore: the migration that adds the tallies
// counts the scans recorded before it, those without a day included in
// their checkpoint's count.
func TestMigrationTalliesTheScansBefore(t *testing.T) {
	ctx := context.Background()
	db, p := migrationsOf(t)
	if _, err := p.DownTo(ctx, 88); err != nil {
		t.Fatal(err)
	}
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: 3})
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	day1, day2 := "2013-03-18", "2013-03-19"
	for i, s := range []struct {
		cp, dir, verdict string
		badge            int
		day              *string
	}{
		{ev.CheckpointID, "in", checkin.OK, 0, &day1}, {ev.CheckpointID, "in", checkin.AlreadyInside, 0, &day1},
		{ev.CheckpointID, "out", checkin.OK, 0, &day1}, {ev.CheckpointID, "in", checkin.OK, 1, &day1},
		{ev.CheckpointID, "in", checkin.OK, 0, &day2}, {ev.VIPCheckpointID, "in", checkin.NotValidHere, 2, &day2},
		{ev.CheckpointID, "in", checkin.OK, 2, nil},
	} {
		b := ev.Badges[s.badge]
		if err := db.Exec(`INSERT INTO scans (scan_id, event_id, checkpoint_id, zone_id, direction, code_hash, participant_id,
			verdict, day, scanned_at, received_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			uuid.NewString(), ev.ID, s.cp, ev.ZoneID, s.dir, "h", b.ParticipantID, s.verdict, s.day, now, now, "f"+string(rune('a'+i))).Error; err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var tallies []struct {
		CheckpointID, Day string
		Scans, Accepted   int
	}
	if err := db.Raw(`SELECT checkpoint_id, day, CAST(SUM(scans) AS BIGINT) AS scans, CAST(SUM(accepted) AS BIGINT) AS accepted
		FROM scan_tallies WHERE event_id = ? GROUP BY checkpoint_id, day`, ev.ID).Scan(&tallies).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, r := range tallies {
		got[r.CheckpointID[:8]+"/"+r.Day] = [2]int{r.Scans, r.Accepted}
	}
	want := map[string][2]int{ev.CheckpointID[:8] + "/" + day1: {4, 4}, ev.CheckpointID[:8] + "/" + day2: {1, 1},
		ev.VIPCheckpointID[:8] + "/" + day2: {1, 0}, ev.CheckpointID[:8] + "/": {1, 1}}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("tally %s: %v, want %v (all: %v)", k, got[k], w, got)
		}
	}
	var arrivals []struct {
		Day string
		N   int
	}
	db.Raw(`SELECT day, COUNT(*) AS n FROM day_arrivals WHERE event_id = ? GROUP BY day ORDER BY day`, ev.ID).Scan(&arrivals)
	if len(arrivals) != 2 || arrivals[0].N != 2 || arrivals[1].N != 1 {
		t.Errorf("arrivals by day: %+v, want 2 on %s and 1 on %s", arrivals, day1, day2)
	}
}
