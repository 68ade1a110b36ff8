package checkin_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

func attendance(t *testing.T, env *apptest.Env, eventID string) checkin.Attendance {
	t.Helper()
	res := env.Do(http.MethodGet, "/api/v1/events/"+eventID+"/attendance", "secretariat", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("attendance: %d %s", res.Status, res.Body)
	}
	var a checkin.Attendance
	res.JSON(t, &a)
	return a
}

func categoryCount(t *testing.T, a checkin.Attendance, id string) checkin.CategoryCount {
	t.Helper()
	for _, c := range a.Categories {
		if c.CategoryID == id {
			return c
		}
	}
	t.Fatalf("no category %s in %+v", id, a.Categories)
	return checkin.CategoryCount{}
}

func sqlExec(t *testing.T, env *apptest.Env, sql string, args ...any) {
	t.Helper()
	if err := env.DB.Exec(sql, args...).Error; err != nil {
		t.Fatal(err)
	}
}

// TestAttendanceCountsEachPersonOnce: a holder inside two zones is one
// person inside and one arrival, and stays inside until they leave both.
func TestAttendanceCountsEachPersonOnce(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2})
	sqlExec(t, env, `INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, ev.CategoryID, ev.VIPZoneID)
	at := func(b checkintest.Badge, cp, dir string) string {
		return scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": cp, "direction": dir}).Verdict
	}
	want := func(step string, arrived, inside, plenary, vip int) {
		t.Helper()
		a := attendance(t, env, ev.ID)
		d, c := a.Delegations[0], categoryCount(t, a, ev.CategoryID)
		if a.ArrivedTotal != arrived || a.InsideNow != inside || d.Arrived != arrived || d.InsideNow != inside ||
			c.Arrived != arrived || c.InsideNow != inside {
			t.Errorf("%s: arrived %d/%d/%d, inside %d/%d/%d (total/delegation/category), want %d arrived, %d inside",
				step, a.ArrivedTotal, d.Arrived, c.Arrived, a.InsideNow, d.InsideNow, c.InsideNow, arrived, inside)
		}
		zones := map[string]int{}
		for _, z := range a.Zones {
			zones[z.ZoneID] = z.InsideNow
		}
		if zones[ev.ZoneID] != plenary || zones[ev.VIPZoneID] != vip {
			t.Errorf("%s: by zone %+v, want plenary %d, vip %d", step, a.Zones, plenary, vip)
		}
	}
	b0, b1 := ev.Badges[0], ev.Badges[1]
	for _, v := range []string{at(b0, ev.CheckpointID, "in"), at(b0, ev.VIPCheckpointID, "in"), at(b1, ev.CheckpointID, "in")} {
		if v != "ok" {
			t.Fatalf("entry: %s", v)
		}
	}
	want("both in, one in two zones", 2, 2, 2, 1)
	if v := at(b0, ev.VIPCheckpointID, "in"); v != "already_inside" {
		t.Errorf("second VIP entry: %s", v)
	}
	at(b1, ev.CheckpointID, "out")
	want("one left", 2, 1, 1, 1)
	at(b0, ev.VIPCheckpointID, "out")
	want("the other left one zone", 2, 1, 1, 0)
	at(b0, ev.CheckpointID, "out")
	at(b0, ev.CheckpointID, "out") // an exit of someone already out changes nothing
	want("both left", 2, 0, 0, 0)
	at(b0, ev.VIPCheckpointID, "in")
	want("one back", 2, 1, 0, 1)
}

// TestAttendanceAfterCategoryChange: a participant who came in, went back to
// review and was approved again in another category is counted in the new
// category only; so is one approved again before ever coming in.
func TestAttendanceAfterCategoryChange(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3})
	now := env.Now()
	expert := uuid.NewString()
	// The seeded holders have no photos: the category needs none.
	sqlExec(t, env, `INSERT INTO categories (id, event_id, code, names, colour, photo_required, created_at, updated_at)
		VALUES (?, ?, 'expert', '{"en":"Expert"}', '#aa3300', FALSE, ?, ?)`, expert, ev.ID, now, now)
	sqlExec(t, env, `INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, expert, ev.ZoneID)
	in := func(b checkintest.Badge) string {
		return scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": ev.CheckpointID}).Verdict
	}
	if v := in(ev.Badges[0]); v != "ok" {
		t.Fatalf("entry: %s", v)
	}
	if v := in(ev.Badges[2]); v != "ok" {
		t.Fatalf("entry: %s", v)
	}
	// Back to review (what a change of name does: the badge is suspended),
	// then approved as an expert.
	for _, b := range ev.Badges[:2] {
		sqlExec(t, env, `UPDATE participants SET status = 'nominated' WHERE id = ?`, b.ParticipantID)
		sqlExec(t, env, `UPDATE badges SET status = 'suspended' WHERE id = ?`, b.ID)
		res := env.Do(http.MethodPost, "/api/v1/participants/"+b.ParticipantID+"/approve", "secretariat",
			map[string]any{"category_id": expert})
		if res.Status != http.StatusOK {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
	}
	a := attendance(t, env, ev.ID)
	if c := categoryCount(t, a, expert); c.Accredited != 2 || c.Arrived != 1 || c.InsideNow != 1 {
		t.Errorf("expert after approval %+v, want 2 accredited, 1 arrived, 1 inside", c)
	}
	if c := categoryCount(t, a, ev.CategoryID); c.Accredited != 1 || c.Arrived != 1 || c.InsideNow != 1 {
		t.Errorf("delegate after approval %+v, want 1 accredited, 1 arrived, 1 inside", c)
	}
	// The re-approval made new versions; the old cards no longer open the door.
	if v := in(ev.Badges[1]); v != "superseded" {
		t.Fatalf("old card after approval: %s", v)
	}
	if v := in(currentBadge(t, env, ev.Badges[1])); v != "ok" {
		t.Fatalf("entry after approval: %s", v)
	}
	scan(t, env, "device", map[string]any{"code": currentBadge(t, env, ev.Badges[0]).Code, "checkpoint_id": ev.CheckpointID, "direction": "out"})
	a = attendance(t, env, ev.ID)
	if c := categoryCount(t, a, expert); c.Arrived != 2 || c.InsideNow != 1 {
		t.Errorf("expert after entry and exit %+v, want 2 arrived, 1 inside", c)
	}
	if c := categoryCount(t, a, ev.CategoryID); c.Arrived != 1 || c.InsideNow != 1 {
		t.Errorf("delegate after entry and exit %+v, want 1 arrived, 1 inside", c)
	}
	if d := a.Delegations[0]; d.Accredited != 3 || d.Arrived != 3 || d.InsideNow != 2 {
		t.Errorf("delegation %+v, want 3 accredited, 3 arrived, 2 inside", d)
	}
}

// raceScans sends every body at once, spread over the servers.
func raceScans(t *testing.T, servers []http.Handler, token string, bodies []map[string]any) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, body := range bodies {
		raw, _ := json.Marshal(body)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req := httptest.NewRequest(http.MethodPost, "/api/v1/scans", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			servers[i%len(servers)].ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Errorf("status %d: %s", rec.Code, rec.Body)
			}
		}()
	}
	close(start)
	wg.Wait()
}

// checkPeopleInside fails unless every holder's count of zones they are
// inside equals their presence rows that say inside.
func checkPeopleInside(t *testing.T, env *apptest.Env, eventID string) {
	t.Helper()
	var wrong []struct {
		ParticipantID string
		ZonesInside   int
		Rows          int
	}
	err := env.DB.Raw(`SELECT a.participant_id, a.zones_inside,
		(SELECT COUNT(*) FROM presence p WHERE p.event_id = a.event_id AND p.participant_id = a.participant_id AND p.inside) AS rows
		FROM attendees a WHERE a.event_id = ?`, eventID).Scan(&wrong).Error
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wrong {
		if w.ZonesInside != w.Rows {
			t.Errorf("participant %s: zones_inside %d, presence rows inside %d", w.ParticipantID, w.ZonesInside, w.Rows)
		}
	}
}

// TestConcurrentScansInTwoZones races entries and exits of one holder at two
// zones: the count of zones they are inside stays equal to their presence.
func TestConcurrentScansInTwoZones(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	sqlExec(t, env, `INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, ev.CategoryID, ev.VIPZoneID)
	for round := range 4 {
		var bodies []map[string]any
		for i := range 16 {
			cp, dir := ev.CheckpointID, "in"
			if i%2 == 1 {
				cp = ev.VIPCheckpointID
			}
			if (i/2+round)%3 == 0 {
				dir = "out"
			}
			bodies = append(bodies, map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": cp, "direction": dir})
		}
		raceScans(t, []http.Handler{env.App.Echo}, env.Tokens["device"], bodies)
		checkPeopleInside(t, env, ev.ID)
	}
}
