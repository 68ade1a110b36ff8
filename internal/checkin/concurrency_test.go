package checkin_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
)

// raceEntries sends n "in" scans of one badge at once, spread over the
// servers, and counts the verdicts.
func raceEntries(t *testing.T, servers []http.Handler, token string, body map[string]any, n int) map[string]int {
	t.Helper()
	raw, _ := json.Marshal(body)
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req := httptest.NewRequest(http.MethodPost, "/api/v1/scans", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			servers[i%len(servers)].ServeHTTP(rec, req)
			var a struct{ Verdict string }
			_ = json.Unmarshal(rec.Body.Bytes(), &a)
			mu.Lock()
			got[a.Verdict]++
			if rec.Code != http.StatusOK {
				got["status"]++
				t.Errorf("status %d: %s", rec.Code, rec.Body)
			}
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// TestConcurrentEntries races twenty entries of one badge on one server
// (either database): exactly one is let in, the others are repeats.
func TestConcurrentEntries(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	got := raceEntries(t, []http.Handler{env.App.Echo}, env.Tokens["device"],
		map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}, 20)
	if got["ok"] != 1 || got["already_inside"] != 19 {
		t.Errorf("verdicts %v, want 1 ok and 19 already_inside", got)
	}
}

// TestTwoServersShareOnePostgreSQL runs two servers, each with its own pool,
// on one PostgreSQL schema: of twenty simultaneous entries of one badge split
// across them, exactly one is let in.
func TestTwoServersShareOnePostgreSQL(t *testing.T) {
	db, url := database.OpenTestPostgresURL(t)
	env := apptest.NewOn(t, db)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	second := secondServer(t, url)
	for round, dir := range []string{"in", "out", "in"} {
		body := map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID, "direction": dir}
		got := raceEntries(t, []http.Handler{env.App.Echo, second}, env.Tokens["device"], body, 20)
		if dir == "in" && (got["ok"] != 1 || got["already_inside"] != 19) {
			t.Errorf("round %d: verdicts %v, want 1 ok and 19 already_inside", round, got)
		}
		if dir == "out" && got["ok"] != 20 {
			t.Errorf("round %d: exits %v, want 20 ok", round, got)
		}
	}
	var n int64
	db.Table("scans").Count(&n)
	if n != 60 {
		t.Errorf("%d scans stored, want 60", n)
	}
	checkPeopleInside(t, env, ev.ID)
	if a := attendance(t, env, ev.ID); a.InsideNow != 1 || a.ArrivedTotal != 1 {
		t.Errorf("attendance: %d inside, %d arrived, want 1 and 1", a.InsideNow, a.ArrivedTotal)
	}
}
