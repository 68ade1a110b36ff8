package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/app/apptest"
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// seedNumbers gives each seeded event of this package its own number.
var seedNumbers atomic.Int32

func init() { seedNumbers.Store(7000) }

// seedDoors seeds an event of n active badges, on today and tomorrow in
// Baku, whose badges the server can judge.
func seedDoors(t *testing.T, env *apptest.Env, n int) *checkintest.Event {
	t.Helper()
	master, err := badges.LoadOrCreateMasterKey(filepath.Join(env.App.Config.DataDir, "signing-master.key"))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := checkintest.Seed(context.Background(), env.DB.DB, checkintest.Options{Number: int(seedNumbers.Add(1)),
		Badges: n, Master: master})
	if err != nil {
		t.Fatal(err)
	}
	// The first event seeded has the device that the "device" role is.
	if _, ok := env.Tokens["device"]; !ok {
		env.Device(ev.ID, ev.CheckpointID)
	}
	return ev
}

// scanAt records one scan through the API, as a door's device does.
func scanAt(t *testing.T, env *apptest.Env, code, checkpoint, direction string) string {
	t.Helper()
	res := env.Do(http.MethodPost, "/api/v1/scans", "device", map[string]any{"code": code, "checkpoint_id": checkpoint,
		"direction": direction})
	if res.Status != http.StatusOK {
		t.Fatalf("scan: %d %s", res.Status, res.Body)
	}
	return res.Map(t)["verdict"].(string)
}

type liveData struct {
	At     string         `json:"at"`
	Day    string         `json:"day"`
	Values map[string]int `json:"values"`
	Bars   []struct {
		In  int `json:"in"`
		Out int `json:"out"`
	} `json:"bars"`
	Max int `json:"max"`
}

func (s *site) liveData(path string) liveData {
	s.t.Helper()
	p := s.get(path)
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") {
		s.t.Fatalf("GET %s: %d %s %.200s", path, p.Status, p.Header.Get("Content-Type"), p.Body)
	}
	var d liveData
	if err := json.Unmarshal([]byte(p.Body), &d); err != nil {
		s.t.Fatal(err)
	}
	return d
}

// TestAttendancePageCountsTheDoors: entries, exits and refusals at the
// doors show on the page and in its figures by zone, checkpoint,
// delegation, category and hour; a revoked badge's holder is not counted
// as accredited; a day outside the event or another step is a 400.
func TestAttendancePageCountsTheDoors(t *testing.T) {
	s := newSite(t)
	ev := seedDoors(t, s.env, 3)
	s.signIn("secretariat")
	base := "/console/events/" + ev.ID + "/attendance"
	if p := s.get(base); p.Status != http.StatusOK || !strings.Contains(p.Body, `data-live="inside">0<`) {
		t.Fatalf("empty attendance page: %d", p.Status)
	}
	for _, sc := range [][3]string{{ev.Badges[0].Code, ev.CheckpointID, "in"}, {ev.Badges[1].Code, ev.CheckpointID, "in"},
		{ev.Badges[1].Code, ev.CheckpointID, "out"}} {
		if v := scanAt(t, s.env, sc[0], sc[1], sc[2]); v != "ok" {
			t.Fatalf("scan %v: %s", sc, v)
		}
	}
	if v := scanAt(t, s.env, ev.Badges[0].Code, ev.VIPCheckpointID, "in"); v != "not_valid_here" {
		t.Fatalf("VIP door: %s", v)
	}
	if res := s.env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[2].ID+"/revoke", "secretariat", map[string]any{"reason": "lost"}); res.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	want := map[string]int{"inside": 1, "arrived": 2, "accredited": 2, "zone:" + ev.ZoneID: 1, "zone:" + ev.VIPZoneID: 0,
		"cp:" + ev.CheckpointID + ":in": 2, "cp:" + ev.CheckpointID + ":out": 1, "cp:" + ev.VIPCheckpointID + ":refused": 1,
		"del:" + ev.DelegationID + ":acc": 2, "del:" + ev.DelegationID + ":arr": 2, "del:" + ev.DelegationID + ":in": 1,
		"cat:" + ev.CategoryID + ":acc": 2, "entries": 2, "exits": 1}
	mismatch := func(d liveData) (bad []string) {
		for k, w := range want {
			if got, ok := d.Values[k]; !ok || got != w {
				bad = append(bad, fmt.Sprintf("%s = %d (present %v), want %d", k, got, ok, w))
			}
		}
		return bad
	}
	// The figures are shared for a tick (checkin.LiveInterval) among all
	// screens: those the page was shown with may be given again until then.
	d := s.liveData(base + "/data")
	for deadline := time.Now().Add(5 * checkin.LiveInterval); len(mismatch(d)) > 0 && time.Now().Before(deadline); {
		time.Sleep(checkin.LiveInterval / 10)
		d = s.liveData(base + "/data")
	}
	for _, m := range mismatch(d) {
		t.Error(m)
	}
	baku, _ := time.LoadLocation("Asia/Baku")
	now := s.env.Now().In(baku)
	if d.Day != now.Format(time.DateOnly) || len(d.Bars) < 23 || d.Bars[now.Hour()].In != 2 || d.Bars[now.Hour()].Out != 1 || d.Max != 2 {
		t.Errorf("timeline of %s: %d bars, this hour %+v, max %d", d.Day, len(d.Bars), d.Bars[min(now.Hour(), len(d.Bars)-1)], d.Max)
	}
	if q := s.liveData(base + "/data?step=15"); len(q.Bars) < 92 || q.Bars[now.Hour()*4+now.Minute()/15].In != 2 {
		t.Errorf("quarter hours: %d bars", len(q.Bars))
	}
	tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
	if q := s.liveData(base + "/data?day=" + tomorrow); q.Values["entries"] != 0 || q.Values["inside"] != 1 {
		t.Errorf("tomorrow: %d entries, %d inside, want 0 and 1", q.Values["entries"], q.Values["inside"])
	}
	p := s.get(base)
	for _, frag := range []string{`data-live="inside">1<`, `data-live="accredited">2<`, `data-bar="0:in"`, `<svg class="chart"`,
		`src="/console/static/attendance.js"`, `value="` + tomorrow + `"`, base + `/export?format=xlsx`} {
		if !strings.Contains(p.Body, frag) {
			t.Errorf("the page lacks %s", frag)
		}
	}
	for _, bad := range []string{"?day=2001-01-01", "?day=nonsense", "?step=7", "?step=x"} {
		if p := s.get(base + bad); p.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, p.Status)
		}
	}
	if p := s.get("/console/events/00000000-0000-4000-8000-000000000000/attendance"); p.Status != http.StatusNotFound {
		t.Errorf("unknown event: %d, want 404", p.Status)
	}
	// The chart's summary is punctuated in the page's language: Arabic
	// separates its parts with the Arabic semicolon.
	for lang, sep := range map[string]string{"en": "</span>; ", "ar": "</span>؛ "} {
		s.language(lang, base)
		sum := s.get(base).Body
		if i := strings.Index(sum, `id="chart-sum"`); i < 0 || strings.Count(sum[i:i+strings.Index(sum[i:], "</p>")], sep) != 2 {
			t.Errorf("%s chart summary lacks two %q", lang, sep)
		} else if lang == "ar" && strings.Contains(sum[i:i+strings.Index(sum[i:], "</p>")], ";") {
			t.Errorf("the Arabic chart summary has a Latin semicolon")
		}
	}
}

// TestAttendanceExportsFromThePage: the page's CSV and XLSX downloads are
// the attendance report's.
func TestAttendanceExportsFromThePage(t *testing.T) {
	s := newSite(t)
	ev := seedDoors(t, s.env, 1)
	s.signIn("secretariat")
	scanAt(t, s.env, ev.Badges[0].Code, ev.CheckpointID, "in")
	base := "/console/events/" + ev.ID + "/attendance/export"
	csvFile := s.get(base + "?format=csv")
	if csvFile.Status != http.StatusOK || !strings.Contains(csvFile.Body, "Azerbaijan,1,1,1,1") {
		t.Errorf("CSV: %d %q", csvFile.Status, csvFile.Body)
	}
	xl := s.get(base + "?format=xlsx")
	if xl.Status != http.StatusOK || !strings.Contains(xl.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("XLSX: %d %v", xl.Status, xl.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("By zone", "B2"); v != "1" {
		t.Errorf("inside the zone in the workbook: %q, want 1", v)
	}
	if p := s.get(base + "?format=doc"); p.Status != http.StatusBadRequest {
		t.Errorf("format=doc: %d, want 400", p.Status)
	}
}

// TestDashboardSaysWhatItCounts: the dashboard calls approved participants
// approved and counts as accredited only the holders of an active badge;
// a revoked badge's holder is approved but not accredited.
func TestDashboardSaysWhatItCounts(t *testing.T) {
	s := newSite(t)
	ev := seedDoors(t, s.env, 3)
	if res := s.env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[0].ID+"/revoke", "secretariat", map[string]any{"reason": "lost"}); res.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	s.signIn("secretariat")
	p := s.get("/console/events/" + ev.ID)
	if p.Status != http.StatusOK {
		t.Fatalf("dashboard: %d", p.Status)
	}
	steps := map[string]string{}
	for _, m := range funnelStep.FindAllStringSubmatch(p.Body, -1) {
		steps[m[3]] = m[2]
	}
	if steps["Approved"] != "3" {
		t.Errorf("funnel steps %v, want 3 approved", steps)
	}
	if _, ok := steps["Accredited"]; ok {
		t.Errorf("the funnel calls approved participants accredited: %v", steps)
	}
	cats := p.Body[strings.Index(p.Body, `id="bycat-h"`):]
	if !strings.Contains(cats, "Accredited (valid badge)") || !strings.Contains(cats, "<td>2</td>") {
		t.Errorf("the categories' table does not count 2 accredited: %.600s", cats)
	}
	dels := p.Body[strings.Index(p.Body, `id="bydel-h"`):strings.Index(p.Body, `id="bycat-h"`)]
	for _, label := range []string{"Invitations", "Awaiting review", "Approved"} {
		if !strings.Contains(dels, ">"+label+"<") {
			t.Errorf("the delegations' table has no column %q", label)
		}
	}
}

// TestAttendanceScreensShareOneComputation: the figures that every screen
// of an event polls are computed once a tick on a server, however many
// screens poll within it; the next tick shows a new scan.
func TestAttendanceScreensShareOneComputation(t *testing.T) {
	s := newSite(t)
	ev := seedDoors(t, s.env, 1)
	s.signIn("secretariat")
	defer func(d time.Duration) { checkin.LiveInterval = d }(checkin.LiveInterval)
	checkin.LiveInterval = time.Minute
	svc := s.env.App.Services.Checkin
	data := "/console/events/" + ev.ID + "/attendance/data"
	before := svc.Computed()
	for range 10 {
		if d := s.liveData(data); d.Values["inside"] != 0 {
			t.Fatalf("inside %d before any scan", d.Values["inside"])
		}
	}
	if n := svc.Computed() - before; n != 1 {
		t.Errorf("10 polls within a tick computed the figures %d times, want 1", n)
	}
	if v := scanAt(t, s.env, ev.Badges[0].Code, ev.CheckpointID, "in"); v != "ok" {
		t.Fatalf("scan: %s", v)
	}
	if d := s.liveData(data); d.Values["inside"] != 0 {
		t.Errorf("within the tick: inside %d, want the shared figure 0", d.Values["inside"])
	}
	checkin.LiveInterval = 50 * time.Millisecond
	time.Sleep(checkin.LiveInterval)
	if d := s.liveData(data); d.Values["inside"] != 1 {
		t.Errorf("the next tick: inside %d, want 1", d.Values["inside"])
	}
}
