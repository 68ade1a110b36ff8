package checkin_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
	"accreditation/internal/testkit"
)

// newDevice creates a scanner device for a checkpoint of an event through
// the API and returns its id and pairing code.
func newDevice(t *testing.T, env *apptest.Env, eventID, checkpointID, name, lang string) (string, string) {
	t.Helper()
	res := env.Do(http.MethodPost, "/api/v1/events/"+eventID+"/devices", "secretariat",
		map[string]string{"name": name, "language": lang, "checkpoint_id": checkpointID})
	if res.Status != http.StatusCreated {
		t.Fatalf("create device: %d %s", res.Status, res.Body)
	}
	m := res.Map(t)
	if m["state"] != checkin.DeviceWaiting || m["checkpoint_id"] != checkpointID || m["name"] != name {
		t.Errorf("created device: %v", m)
	}
	return m["id"].(string), m["pairing"].(map[string]any)["code"].(string)
}

// pair exchanges a code and returns the response.
func pair(env *apptest.Env, code string) *apptest.Response {
	return env.Do(http.MethodPost, "/api/v1/devices/pair", "", map[string]string{"code": code})
}

// reason reads a refusal's reason member.
func reason(t *testing.T, res *apptest.Response) string {
	t.Helper()
	r, _ := res.Map(t)["reason"].(string)
	return r
}

// TestDeviceIsCreatedForACheckpointOfItsEvent: a checkpoint of another
// event, an unknown one or none is refused naming checkpoint_id, with
// nothing stored; an unknown event is 404.
func TestDeviceIsCreatedForACheckpointOfItsEvent(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	other := seed(t, env, checkintest.Options{Badges: 1})
	count := func() (n int64) {
		var d, s int64
		env.DB.Table("devices").Count(&d)
		env.DB.Table("scanners").Count(&s)
		return d*1000 + s
	}
	before := count()
	for name, body := range map[string]map[string]string{
		"another event's checkpoint": {"name": "Door 3", "checkpoint_id": other.CheckpointID},
		"unknown checkpoint":         {"name": "Door 3", "checkpoint_id": "6f1c1d1e-0000-4000-8000-000000000000"},
		"no checkpoint":              {"name": "Door 3"},
		"not a UUID":                 {"name": "Door 3", "checkpoint_id": "main door"},
	} {
		res := env.Do(http.MethodPost, "/api/v1/events/"+ev.ID+"/devices", "secretariat", body)
		if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), `"field":"checkpoint_id"`) {
			t.Errorf("%s: %d %s, want 400 naming checkpoint_id", name, res.Status, res.Body)
		}
	}
	res := env.Do(http.MethodPost, "/api/v1/events/"+ev.ID+"/devices", "secretariat",
		map[string]string{"name": " ", "language": "de", "checkpoint_id": ev.CheckpointID})
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), `"field":"name"`) ||
		!strings.Contains(string(res.Body), `"field":"language"`) {
		t.Errorf("no name, unknown language: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPost, "/api/v1/events/"+other.CheckpointID+"/devices", "secretariat",
		map[string]string{"name": "Door 3", "checkpoint_id": ev.CheckpointID}); res.Status != http.StatusNotFound {
		t.Errorf("unknown event: %d %s", res.Status, res.Body)
	}
	if got := count(); got != before {
		t.Errorf("devices×1000+scanners went from %d to %d after refusals", before, got)
	}
	// A name in any script comes back as it was sent.
	want := map[string]string{}
	for _, n := range fixtures.Names() {
		name := n.Native
		if name == "" {
			name = n.Full()
		}
		id, _ := newDevice(t, env, ev.ID, ev.CheckpointID, name, "ar")
		want[id] = name
	}
	var list struct{ Items []checkin.Scanner }
	env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/devices?limit=500", "admin", nil).JSON(t, &list)
	for _, d := range list.Items {
		if w, ok := want[d.ID]; ok && d.Name == w {
			delete(want, d.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("%d devices not listed under their names, e.g. %v", len(want), want)
	}
}

// TestDevicePairsOnce: a pairing code gives a token once; the token scans
// at the device's checkpoint; a second use, an expired code, a replaced code
// and a revoked device's code are refused, each saying why; a new code
// leaves the current phone working until it is used, then signs it out.
func TestDevicePairsOnce(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	id, code := newDevice(t, env, ev.ID, ev.VIPCheckpointID, "VIP lounge door", "fr")

	if res := pair(env, "not a code"); res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), `"field":"code"`) {
		t.Errorf("malformed code: %d %s", res.Status, res.Body)
	}
	if res := pair(env, "0000-0000-0000-0000-0000"); res.Status != http.StatusNotFound || reason(t, res) != auth.PairUnknown {
		t.Errorf("unknown code: %d %s", res.Status, res.Body)
	}
	res := pair(env, strings.ToLower(code)) // typed in small letters
	if res.Status != http.StatusCreated {
		t.Fatalf("pair: %d %s", res.Status, res.Body)
	}
	first := res.Map(t)
	token := first["token"].(string)
	if d := first["device"].(map[string]any); d["id"] != id || d["language"] != "fr" {
		t.Errorf("paired device: %v", d)
	}
	env.Tokens["phone1"] = token
	cps := env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone1", nil)
	if cps.Status != 200 || !strings.Contains(string(cps.Body), ev.VIPCheckpointID) || strings.Contains(string(cps.Body), ev.CheckpointID) {
		t.Errorf("checkpoints of the paired device: %d %s, want only its own", cps.Status, cps.Body)
	}
	if res := pair(env, code); res.Status != http.StatusConflict || reason(t, res) != auth.PairUsed {
		t.Errorf("second use: %d %s, want 409 used", res.Status, res.Body)
	}

	// A new code for a replaced phone: the first phone works until it is used.
	res = env.Do(http.MethodPost, "/api/v1/devices/"+id+"/pairing-code", "secretariat", nil)
	if res.Status != http.StatusCreated {
		t.Fatalf("new code: %d %s", res.Status, res.Body)
	}
	second := res.Map(t)["code"].(string)
	third := env.Do(http.MethodPost, "/api/v1/devices/"+id+"/pairing-code", "admin", nil).Map(t)["code"].(string)
	if res := pair(env, second); res.Status != http.StatusConflict || reason(t, res) != auth.PairReplaced {
		t.Errorf("replaced code: %d %s, want 409 replaced", res.Status, res.Body)
	}
	if r := env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone1", nil); r.Status != 200 {
		t.Errorf("first phone after a new code was issued: %d", r.Status)
	}
	env.Tokens["phone2"] = pair(env, third).Map(t)["token"].(string)
	if r := env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone1", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("first phone after the second paired: %d, want 401", r.Status)
	}
	if r := env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone2", nil); r.Status != 200 {
		t.Errorf("second phone: %d", r.Status)
	}

	// Expired: the code of a device made 16 minutes ago.
	_, late := newDevice(t, env, ev.ID, ev.CheckpointID, "Late door", "en")
	env.App.Auth.Now = func() time.Time { return testkit.Now().Add(auth.PairingTTL + time.Minute) }
	if res := pair(env, late); res.Status != http.StatusGone || reason(t, res) != auth.PairExpired {
		t.Errorf("expired code: %d %s, want 410 expired", res.Status, res.Body)
	}
	env.App.Auth.Now = nil

	// Revoked: the device's code no longer works, nor can it get a new one.
	rid, rcode := newDevice(t, env, ev.ID, ev.CheckpointID, "Lost phone", "en")
	if r := env.Do(http.MethodDelete, "/api/v1/devices/"+rid, "secretariat", nil); r.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if res := pair(env, rcode); res.Status != http.StatusConflict || reason(t, res) != auth.PairRevoked {
		t.Errorf("revoked device's code: %d %s, want 409 revoked", res.Status, res.Body)
	}
	if r := env.Do(http.MethodPost, "/api/v1/devices/"+rid+"/pairing-code", "secretariat", nil); r.Status != http.StatusConflict {
		t.Errorf("new code for a revoked device: %d %s, want 409", r.Status, r.Body)
	}
	var stored []string
	env.DB.Raw(`SELECT hash FROM device_pairings`).Scan(&stored)
	for _, h := range stored {
		for _, c := range []string{code, second, third, late, rcode} {
			if strings.Contains(h, strings.ReplaceAll(c, "-", "")) || strings.Contains(h, c) {
				t.Errorf("a pairing code is stored as it is: %s", h)
			}
		}
	}
}

// TestPairingCodeIsUsedOnceUnderARace: ten phones sending one code at once
// get one token between them.
func TestPairingCodeIsUsedOnceUnderARace(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	id, code := newDevice(t, env, ev.ID, ev.CheckpointID, "Door 4", "en")
	results := make(chan int, 10)
	for range 10 {
		go func() { results <- pair(env, code).Status }()
	}
	got := map[int]int{}
	for range 10 {
		got[<-results]++
	}
	if got[http.StatusCreated] != 1 || got[http.StatusCreated]+got[http.StatusConflict] != 10 {
		t.Errorf("statuses %v, want one 201 and nine 409", got)
	}
	var live int64
	env.DB.Table("tokens").Where("kind = ? AND revoked_at IS NULL AND device_id = ?", "device", id).Count(&live)
	if live != 1 {
		t.Errorf("%d live tokens, want 1", live)
	}
}

// TestDeviceReportsItself: the pending count and version the door page
// sends are recorded (the snapshot always, scans at most once per
// ContactEvery), and a malformed report is a 400 naming the header.
func TestDeviceReportsItself(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2})
	id, code := newDevice(t, env, ev.ID, ev.CheckpointID, "Door 5", "en")
	env.Tokens["phone"] = pair(env, code).Map(t)["token"].(string)
	send := func(method, path string, body any, pending, version string) *apptest.Response {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req := httptest.NewRequest(method, path, rd)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+env.Tokens["phone"])
		req.Header.Set(checkin.PendingHeader, pending)
		req.Header.Set(checkin.VersionHeader, version)
		return env.Send(req)
	}
	if r := send("GET", "/api/v1/scanner/snapshot?event_id="+ev.ID, nil, "7", checkin.DoorVersion); r.Status != 200 {
		t.Fatalf("snapshot: %d %s", r.Status, r.Body)
	}
	d := device(t, env, ev.ID, id)
	if d.LastSnapshotAt == nil || d.LastContactAt == nil || d.Pending == nil || *d.Pending != 7 || d.AppVersion != checkin.DoorVersion ||
		d.State != checkin.DevicePaired {
		t.Errorf("after the snapshot: %+v", d)
	}
	scan := map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID, "direction": "in"}
	for i := range 5 {
		if r := send("POST", "/api/v1/scans", scan, "3", "door-2"); r.Status != 200 {
			t.Fatalf("scan %d: %d %s", i, r.Status, r.Body)
		}
	}
	if d := device(t, env, ev.ID, id); *d.Pending != 7 || d.AppVersion != checkin.DoorVersion {
		t.Errorf("scans within %v of the snapshot wrote a report: %+v", checkin.ContactEvery, d)
	}
	env.App.Services.Checkin.SetClock(func() time.Time { return testkit.Now().Add(checkin.ContactEvery + time.Second) })
	if r := send("POST", "/api/v1/scans", scan, "0", "door-2"); r.Status != 200 {
		t.Fatalf("scan: %d %s", r.Status, r.Body)
	}
	if d := device(t, env, ev.ID, id); *d.Pending != 0 || d.AppVersion != "door-2" {
		t.Errorf("a scan %v later did not write the report: %+v", checkin.ContactEvery, d)
	}
	for _, h := range [][2]string{{"-1", "door-2"}, {"many", "door-2"}, {"1", "door 2; drop"}, {"1", strings.Repeat("x", 41)}} {
		r := send("POST", "/api/v1/scans", scan, h[0], h[1])
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "X-Scanner-") {
			t.Errorf("report %q: %d %s, want 400 naming the header", h, r.Status, r.Body)
		}
	}
}

// device reads one device from the event's list.
func device(t *testing.T, env *apptest.Env, eventID, id string) checkin.Scanner {
	t.Helper()
	var list struct{ Items []checkin.Scanner }
	env.Do(http.MethodGet, "/api/v1/events/"+eventID+"/devices", "secretariat", nil).JSON(t, &list)
	for _, d := range list.Items {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("device %s not listed", id)
	return checkin.Scanner{}
}

// TestRevokedDeviceIsRefusedByEveryServer runs two servers, each with its
// own pool, on one PostgreSQL schema: a device revoked on one is refused by
// the other on its very next call (no server keeps tokens in memory).
func TestRevokedDeviceIsRefusedByEveryServer(t *testing.T) {
	db, url := database.OpenTestPostgresURL(t)
	env := apptest.NewOn(t, db)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	a2, db2 := secondApp(t, url)
	second := &apptest.Env{T: t, App: a2, DB: db2, Tokens: env.Tokens, IDs: env.IDs}

	id, code := newDevice(t, env, ev.ID, ev.CheckpointID, "Door 6", "en")
	env.Tokens["phone"] = pair(second, code).Map(t)["token"].(string) // paired through the second server
	scan := map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}
	for _, e := range []*apptest.Env{env, second} {
		if r := e.Do(http.MethodPost, "/api/v1/scans", "phone", scan); r.Status != 200 {
			t.Fatalf("scan before revocation: %d %s", r.Status, r.Body)
		}
	}
	if r := env.Do(http.MethodDelete, "/api/v1/devices/"+id, "secretariat", nil); r.Status != http.StatusNoContent {
		t.Fatalf("revoke on the first server: %d %s", r.Status, r.Body)
	}
	for i, e := range []*apptest.Env{second, env} {
		if r := e.Do(http.MethodPost, "/api/v1/scans", "phone", scan); r.Status != http.StatusUnauthorized {
			t.Errorf("server %d after revocation: %d %s, want 401", 2-i, r.Status, r.Body)
		}
	}
	if d := device(t, second, ev.ID, id); d.State != checkin.DeviceRevoked || d.RevokedAt == nil {
		t.Errorf("the second server lists the device as %+v", d)
	}
}

// TestPairingAttemptsAreCounted: a client guessing codes is refused with 429
// and Retry-After once it passes auth.PairRefuseAfter failures, even with
// a good code; another client still pairs.
func TestPairingAttemptsAreCounted(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	_, code := newDevice(t, env, ev.ID, ev.CheckpointID, "Door 7", "en")
	from := func(ip, c string) *apptest.Response {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/devices/pair", strings.NewReader(`{"code":"`+c+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = ip + ":4242"
		return env.Send(req)
	}
	for i := range auth.PairRefuseAfter {
		if r := from("192.0.2.10", "0000-0000-0000-0000-000"+string(rune('0'+i%10))); r.Status != http.StatusNotFound {
			t.Fatalf("guess %d: %d %s", i, r.Status, r.Body)
		}
	}
	if r := from("192.0.2.10", code); r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("after %d failures: %d (Retry-After %q), want 429", auth.PairRefuseAfter, r.Status, r.Header.Get("Retry-After"))
	}
	if r := from("192.0.2.11", code); r.Status != http.StatusCreated {
		t.Errorf("another client: %d %s", r.Status, r.Body)
	}
}

// TestDeviceAwayFromItsCheckpoint: a device's scan at another checkpoint of
// its event is judged there and stored, marked as made away from the
// device's own checkpoint; at its own checkpoint, or by door staff, it is
// not marked.
func TestDeviceAwayFromItsCheckpoint(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	code := ev.Badges[0].Code
	at := func(role, checkpoint string) (string, bool) {
		t.Helper()
		got := scan(t, env, role, map[string]any{"code": code, "checkpoint_id": checkpoint})
		var off []bool
		env.DB.Table("scans").Where("scan_id = ?", got.ScanID).Pluck("off_checkpoint", &off)
		if len(off) != 1 {
			t.Fatalf("scan %s stored %d times", got.ScanID, len(off))
		}
		return got.Verdict, off[0]
	}
	if v, off := at("device", ev.CheckpointID); v != checkin.OK || off {
		t.Errorf("at its own checkpoint: %s, marked %v", v, off)
	}
	if v, off := at("device", ev.VIPCheckpointID); v != checkin.NotValidHere || !off {
		t.Errorf("at another checkpoint of its event: %s, marked %v; want not_valid_here, marked", v, off)
	}
	if _, off := at("door", ev.VIPCheckpointID); off {
		t.Error("door staff's scan marked as away from a device's checkpoint")
	}
}
