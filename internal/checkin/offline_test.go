package checkin_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

func TestBatchUploadFlagsConflicts(t *testing.T) {
	env := apptest.New(t)
	// The event began yesterday, so that two hours back is one of its days
	// at any hour (just after midnight in Baku too).
	ev := seed(t, env, checkintest.Options{Badges: 2, StartDays: -1})
	env.DB.Exec(`UPDATE badges SET status = 'revoked' WHERE id = ?`, ev.Badges[1].ID)
	at := env.Now().Add(-2 * time.Hour).Format(time.RFC3339)
	item := func(code, verdict string) map[string]any {
		return map[string]any{"scan_id": uuid.NewString(), "code": code, "checkpoint_id": ev.CheckpointID,
			"scanned_at": at, "device_verdict": verdict}
	}
	scans := []map[string]any{
		item(ev.Badges[0].Code, "ok"),
		item(ev.Badges[1].Code, "ok"), // the device did not know of the revocation
		item(ev.Badges[1].Code, "revoked"),
		{"scan_id": uuid.NewString(), "code": ev.Badges[0].Code, "checkpoint_id": uuid.NewString(), "scanned_at": at, "device_verdict": "ok"},
	}
	res := env.Do(http.MethodPost, "/api/v1/scans/batch", "device", map[string]any{"scans": scans})
	var out struct{ Results []checkin.BatchResult }
	res.JSON(t, &out)
	if res.Status != 200 || len(out.Results) != 4 {
		t.Fatalf("batch: %d %s", res.Status, res.Body)
	}
	want := []struct {
		verdict  string
		conflict bool
	}{{"ok", false}, {"revoked", true}, {"revoked", false}}
	for i, w := range want {
		r := out.Results[i]
		if r.Verdict == nil || *r.Verdict != w.verdict || r.Conflict != w.conflict || r.Duplicate {
			t.Errorf("result %d: %+v, want %s conflict=%v", i, r, w.verdict, w.conflict)
		}
	}
	if out.Results[3].Error == nil || out.Results[3].Verdict != nil {
		t.Errorf("scan at an unknown checkpoint: %+v, want an error", out.Results[3])
	}
	// Uploading again changes nothing and says so.
	res = env.Do(http.MethodPost, "/api/v1/scans/batch", "device", map[string]any{"scans": scans[:3]})
	res.JSON(t, &out)
	for i, r := range out.Results {
		if !r.Duplicate || *r.Verdict != want[i].verdict || r.Conflict != want[i].conflict {
			t.Errorf("re-upload %d: %+v", i, r)
		}
	}
	if n := countRows(t, env, "scans"); n != 3 {
		t.Errorf("%d scans stored, want 3", n)
	}
	res = env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/scan-conflicts", "secretariat", nil)
	var list struct {
		Items []checkin.Conflict
		Total int
	}
	res.JSON(t, &list)
	if list.Total != 1 || list.Items[0].ScanID != scans[1]["scan_id"] || list.Items[0].DeviceVerdict != "ok" || list.Items[0].Verdict != "revoked" {
		t.Errorf("conflicts: %s", res.Body)
	}
	if res := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/scan-conflicts", "door", nil); res.Status != 403 {
		t.Errorf("door reads conflicts: %d", res.Status)
	}
}

func TestBatchOverTheLimit(t *testing.T) {
	env := apptest.New(t)
	seed(t, env, checkintest.Options{Badges: 1})
	before := countRows(t, env, "scans")
	body := `{"scans":[` + strings.Repeat(`{},`, 99999) + `{}]}`
	res := env.Do(http.MethodPost, "/api/v1/scans/batch", "device", body)
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), "5000") {
		t.Errorf("100,000 scans: %d %s, want 413 stating the limit", res.Status, res.Body)
	}
	big := `{"scans":[` + strings.Repeat(`{"code":"`+strings.Repeat("A", 200)+`"},`, 50000) + `{}]}`
	res = env.Do(http.MethodPost, "/api/v1/scans/batch", "device", big)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 10 MB batch: %d %.300s, want 413", res.Status, res.Body)
	}
	if n := countRows(t, env, "scans"); n != before {
		t.Errorf("scans stored: %d, want %d", n, before)
	}
}

func TestSnapshot(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3})
	res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID, "device", nil)
	var snap checkin.Snapshot
	res.JSON(t, &snap)
	if res.Status != 200 || !snap.Full || len(snap.Badges) != 3 || len(snap.Keys) != 1 || len(snap.Checkpoints) != 2 {
		t.Fatalf("snapshot: %d %.500s", res.Status, res.Body)
	}
	if h := snap.Badges[0].Holder; h == nil || h.Delegation != "Azerbaijan" || *h.CategoryID != ev.CategoryID {
		t.Errorf("holder %+v", h)
	}
	if z := snap.Zones[ev.CategoryID]; len(z) != 1 || z[0] != ev.ZoneID {
		t.Errorf("zones %v", snap.Zones)
	}
	if strings.Contains(string(res.Body), "sealed") || strings.Contains(string(res.Body), "email") {
		t.Errorf("the snapshot leaks: %.300s", res.Body)
	}
	if r := env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[2].ID+"/revoke", "admin", map[string]any{"reason": "lost"}); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	res = env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID+"&since="+snap.Cursor, "device", nil)
	var inc checkin.Snapshot
	res.JSON(t, &inc)
	found := false
	for _, b := range inc.Badges {
		if b.Number == 3 {
			found = b.Status == "revoked" && b.Holder == nil
		}
	}
	if inc.Full || !found || inc.Cursor == snap.Cursor {
		t.Errorf("incremental snapshot: %.600s", res.Body)
	}
	if res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID+"&since=yesterday", "device", nil); res.Status != 400 {
		t.Errorf("bad cursor: %d", res.Status)
	}
}

func TestAttendance(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3})
	for _, b := range ev.Badges[:2] {
		scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": ev.CheckpointID})
	}
	scan(t, env, "device", map[string]any{"code": ev.Badges[1].Code, "checkpoint_id": ev.CheckpointID, "direction": "out"})
	res := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/attendance", "secretariat", nil)
	var a checkin.Attendance
	res.JSON(t, &a)
	if len(a.Delegations) != 1 {
		t.Fatalf("attendance: %s", res.Body)
	}
	d := a.Delegations[0]
	if d.Nominated != 3 || d.Accredited != 3 || d.Arrived != 2 || d.InsideNow != 1 {
		t.Errorf("by delegation %+v, want 3 nominated, 3 accredited, 2 arrived, 1 inside", d)
	}
	if len(a.Days) != 1 || a.Days[0].Arrived != 2 || a.Days[0].Date != env.Now().In(mustLoc(t, "Asia/Baku")).Format(time.DateOnly) {
		t.Errorf("by day %+v", a.Days)
	}
	for _, c := range a.Checkpoints {
		if c.CheckpointID == ev.CheckpointID && (c.Scans != 3 || c.Accepted != 3) {
			t.Errorf("by checkpoint %+v", c)
		}
	}
	res = env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/attendance/export?language=keys", "admin", nil)
	if res.Status != 200 || !strings.HasPrefix(string(res.Body), "\ufeffdelegation,") || !strings.Contains(string(res.Body), "Azerbaijan,3,3,2,1") {
		t.Errorf("export: %d %q", res.Status, res.Body)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLiveAttendance(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	checkin.LiveInterval = 50 * time.Millisecond
	srv := httptest.NewServer(env.App.Echo)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/events/"+ev.ID+"/attendance/live", nil)
	req.Header.Set("Authorization", "Bearer "+env.Tokens["secretariat"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("live: %d %s", res.StatusCode, b)
	}
	lines := bufio.NewScanner(res.Body)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	next := func() string {
		for lines.Scan() {
			if d, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				return d
			}
		}
		t.Fatalf("stream ended: %v (last line %q)", lines.Err(), lines.Text())
		return ""
	}
	if first := next(); !strings.Contains(first, `"inside_now":0`) {
		t.Errorf("first update %s", first)
	}
	scan(t, env, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID})
	if second := next(); !strings.Contains(second, `"inside_now":1`) {
		t.Errorf("update after a scan: %s", second)
	}
	_ = fmt.Sprint
}
