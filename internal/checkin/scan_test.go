package checkin_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/actor"
	"accreditation/internal/app/apptest"
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

var eventNumbers = make(chan int, 1000)

func init() {
	for i := 100; i < 1100; i++ {
		eventNumbers <- i
	}
}

func seed(t *testing.T, env *apptest.Env, o checkintest.Options) *checkintest.Event {
	t.Helper()
	if o.Number == 0 {
		o.Number = <-eventNumbers
	}
	// Sealed under the server's own master key, so that the server can sign
	// the badge versions a re-approval makes.
	master, err := badges.LoadOrCreateMasterKey(filepath.Join(env.App.Config.DataDir, "signing-master.key"))
	if err != nil {
		t.Fatal(err)
	}
	o.Master = master
	ev, err := checkintest.Seed(context.Background(), env.DB.DB, o)
	if err != nil {
		t.Fatal(err)
	}
	// The first event seeded has the device that the "device" role is, at
	// its main door.
	if _, ok := env.Tokens["device"]; !ok {
		env.Device(ev.ID, ev.CheckpointID)
	}
	return ev
}

type scanAnswer struct {
	ScanID  string `json:"scan_id"`
	Verdict string `json:"verdict"`
	Message string `json:"message"`
	Badge   *struct {
		Number  int    `json:"number"`
		Version int    `json:"version"`
		Status  string `json:"status"`
	} `json:"badge"`
	Holder *struct {
		Honorific  string  `json:"honorific"`
		Name       string  `json:"name"`
		NativeName string  `json:"native_name"`
		Delegation string  `json:"delegation"`
		Category   string  `json:"category"`
		PhotoURL   *string `json:"photo_url"`
	} `json:"holder"`
}

func scan(t *testing.T, env *apptest.Env, role string, body map[string]any) scanAnswer {
	t.Helper()
	res := env.Do(http.MethodPost, "/api/v1/scans", role, body)
	if res.Status != http.StatusOK {
		t.Fatalf("scan %v: %d %s", body, res.Status, res.Body)
	}
	var a scanAnswer
	res.JSON(t, &a)
	return a
}

func countRows(t *testing.T, env *apptest.Env, table string) int64 {
	t.Helper()
	var n int64
	if err := env.DB.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVerdicts(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 4, StartDays: -1, Days: 3})
	future := seed(t, env, checkintest.Options{Badges: 1, StartDays: 10})
	_, otherKey, _ := badges.GenerateKey()
	db := env.DB.DB
	// Badge 2 revoked, 3 suspended, 4 reprinted as version 2.
	db.Exec(`UPDATE badges SET status = 'revoked' WHERE event_id = ? AND number = 2`, ev.ID)
	db.Exec(`UPDATE badges SET status = 'suspended' WHERE event_id = ? AND number = 3`, ev.ID)
	b4 := ev.Badges[3]
	db.Exec(`UPDATE badges SET status = 'superseded' WHERE id = ?`, b4.ID)
	now := env.Now()
	if err := db.Exec(`INSERT INTO badges (id, event_id, participant_id, number, version, status, key_id, code, created_at, updated_at)
		VALUES (?, ?, ?, 4, 2, 'active', 1, ?, ?, ?)`, uuid.NewString(), ev.ID, b4.ParticipantID, ev.Sign(4, 2), now, now).Error; err != nil {
		t.Fatal(err)
	}
	code1 := ev.Badges[0].Code
	main, vip := ev.CheckpointID, ev.VIPCheckpointID
	tests := []struct {
		name        string
		body        map[string]any
		want        string
		wantHolder  bool
		wantMessage string
	}{
		{"valid badge", map[string]any{"code": code1, "checkpoint_id": main}, "ok", true, "Welcome"},
		{"second entry without exit", map[string]any{"code": code1, "checkpoint_id": main}, "already_inside", true, "Already inside"},
		{"exit", map[string]any{"code": code1, "checkpoint_id": main, "direction": "out"}, "ok", true, "Exit"},
		{"entry after exit", map[string]any{"code": code1, "checkpoint_id": main, "direction": "in"}, "ok", true, "Welcome"},
		{"zone not open to the category", map[string]any{"code": code1, "checkpoint_id": vip}, "not_valid_here", true, ""},
		{"truncated code", map[string]any{"code": code1[:40], "checkpoint_id": main}, "unreadable", false, ""},
		{"not our format", map[string]any{"code": "https://example.org/", "checkpoint_id": main}, "unreadable", false, ""},
		{"code over 120 characters", map[string]any{"code": strings.Repeat("A", 5000), "checkpoint_id": main}, "unreadable", false, ""},
		{"signed with another key", map[string]any{"code": badges.Credential{Event: uint32(ev.Number), KeyID: 1, Number: 1, Version: 1}.Sign(otherKey), "checkpoint_id": main}, "forged", false, ""},
		{"unknown key id", map[string]any{"code": badges.Credential{Event: uint32(ev.Number), KeyID: 7, Number: 1, Version: 1}.Sign(ev.Key), "checkpoint_id": main}, "forged", false, ""},
		{"no such badge", map[string]any{"code": ev.Sign(999, 1), "checkpoint_id": main}, "unknown", false, ""},
		{"code of another event", map[string]any{"code": future.Badges[0].Code, "checkpoint_id": main}, "unknown", false, "another event"},
		{"outside the event's days", map[string]any{"code": future.Badges[0].Code, "checkpoint_id": future.CheckpointID}, "not_valid_now", true, ""},
		{"revoked", map[string]any{"code": ev.Badges[1].Code, "checkpoint_id": main}, "revoked", true, "revoked"},
		{"suspended", map[string]any{"code": ev.Badges[2].Code, "checkpoint_id": main}, "revoked", true, "suspended"},
		{"old version of a reprint", map[string]any{"code": b4.Code, "checkpoint_id": main}, "superseded", true, ""},
		{"reprint", map[string]any{"code": ev.Sign(4, 2), "checkpoint_id": main}, "ok", true, ""},
		{"typed number judges the highest version", map[string]any{"badge_number": 4, "checkpoint_id": main, "direction": "out"}, "ok", true, ""},
		{"typed unknown number", map[string]any{"badge_number": 4242, "checkpoint_id": main}, "unknown", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role := "device" // of the first event; door staff serve every event
			if tt.body["checkpoint_id"] == future.CheckpointID {
				role = "door"
			}
			got := scan(t, env, role, tt.body)
			if got.Verdict != tt.want {
				t.Fatalf("verdict %q, want %q (%s)", got.Verdict, tt.want, got.Message)
			}
			if (got.Holder != nil) != tt.wantHolder || (got.Badge != nil) != tt.wantHolder {
				t.Errorf("holder %v badge %v, want shown=%v", got.Holder, got.Badge, tt.wantHolder)
			}
			if !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("message %q, want it to contain %q", got.Message, tt.wantMessage)
			}
			if tt.wantHolder && (got.Holder.Name != "Elmar Məmmədyarov" && got.Badge.Number == 1) {
				t.Errorf("holder name %q", got.Holder.Name)
			}
		})
	}
	if got := countRows(t, env, "scans"); got != int64(len(tests)) {
		t.Errorf("%d scans stored, want %d", got, len(tests))
	}
}

func TestScanHolderAndLanguage(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	_, token, err := checkintest.Device(context.Background(), env.DB.DB, ev.ID, checkin.DeviceInput{Name: "Porte 2", Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	env.Tokens["fr-device"] = token
	got := scan(t, env, "fr-device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID})
	if got.Verdict != "ok" || got.Message != "Bienvenue" {
		t.Fatalf("got %q %q, want ok Bienvenue", got.Verdict, got.Message)
	}
	h := got.Holder
	if h.Honorific != "H.E." || h.Name != "Elmar Məmmədyarov" || h.NativeName != "Elmar Məmmədyarov" ||
		h.Delegation != "Azerbaïdjan" || h.Category != "Délégué" {
		t.Errorf("holder %+v", *h)
	}
	// A staff account with the door role scans too; its scans are attributed to it.
	if got := scan(t, env, "door", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}); got.Verdict != "already_inside" {
		t.Errorf("door staff: %q", got.Verdict)
	}
	var users, devices int64
	env.DB.Table("scans").Where("user_id IS NOT NULL").Count(&users)
	env.DB.Table("scans").Where("device_id IS NOT NULL").Count(&devices)
	if users != 1 || devices != 1 {
		t.Errorf("scans by user %d, by device %d; want 1 and 1", users, devices)
	}
}

// TestBadInput sends what the issue lists as bad input: each gets a clear
// 4xx and nothing stored changes.
func TestBadInput(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	other := seed(t, env, checkintest.Options{Badges: 1})
	code := ev.Badges[0].Code
	if got := scan(t, env, "device", map[string]any{"code": code, "checkpoint_id": ev.CheckpointID}); got.Verdict != "ok" {
		t.Fatalf("first scan: %s", got.Verdict)
	}
	before := countRows(t, env, "scans")
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "test"})
	revoked, token, err := checkintest.Device(ctx, env.DB.DB, ev.ID, checkin.DeviceInput{Name: "Lost phone"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.Auth.RevokeDevice(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	env.Tokens["revoked"] = token
	env.Run(t, []apptest.Scenario{
		{Name: "a megabyte code", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": strings.Repeat("A", 1<<20), "checkpoint_id": ev.CheckpointID}, Status: 413, Contains: "120 characters"},
		{Name: "scanned_at a year ahead", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID, "scanned_at": env.Now().AddDate(1, 0, 0)}, Status: 400, Contains: "24 hours"},
		{Name: "scanned_at a year ago", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID, "scanned_at": env.Now().AddDate(-1, 0, 0)}, Status: 400, Contains: "24 hours"},
		{Name: "unknown checkpoint", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": uuid.NewString()}, Status: 404, Contains: "checkpoint"},
		{Name: "checkpoint not a UUID", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": "door-1"}, Status: 400},
		{Name: "no code and no number", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"checkpoint_id": ev.CheckpointID}, Status: 400},
		{Name: "bad direction", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID, "direction": "sideways"}, Status: 400},
		{Name: "unknown field", Role: "device", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID, "holder": "x"}, Status: 400},
		{Name: "revoked device token", Role: "revoked", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID}, Status: 401},
		{Name: "no token", Role: "", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID}, Status: 401},
		{Name: "secretariat may not scan", Role: "secretariat", Method: http.MethodPost, Path: "/api/v1/scans", Body: map[string]any{"code": code, "checkpoint_id": ev.CheckpointID}, Status: 403},
		{Name: "snapshot of an unknown event", Role: "device", Path: "/api/v1/scanner/snapshot?event_id=" + uuid.NewString(), Status: 404},
	})
	// A checkpoint of another event: to a device of this event it does not
	// exist, and nothing is stored; door staff (who serve every event) get
	// the code judged there, and refused.
	if res := env.Do(http.MethodPost, "/api/v1/scans", "device", map[string]any{"code": code, "checkpoint_id": other.CheckpointID}); res.Status != http.StatusNotFound {
		t.Errorf("a device at another event's checkpoint: %d %s, want 404", res.Status, res.Body)
	}
	if got := scan(t, env, "door", map[string]any{"code": code, "checkpoint_id": other.CheckpointID}); got.Verdict != "unknown" || got.Holder != nil {
		t.Errorf("code at another event's checkpoint: %q holder %v", got.Verdict, got.Holder)
	}
	if got := countRows(t, env, "scans"); got != before+1 {
		t.Errorf("%d scans after the bad input, want %d", got, before+1)
	}
	var inside []bool
	env.DB.Table("presence").Pluck("inside", &inside)
	if len(inside) != 1 || !inside[0] {
		t.Errorf("presence changed: %v", inside)
	}
}

func TestRepeatedScanID(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	id := uuid.NewString()
	at := env.Now().Add(-time.Minute).Format(time.RFC3339Nano)
	body := map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID, "scan_id": id, "scanned_at": at}
	first := scan(t, env, "device", body)
	again := scan(t, env, "device", body)
	if first.Verdict != "ok" || again.Verdict != "ok" || again.ScanID != id {
		t.Errorf("first %q, retry %q (%s); want ok twice with scan_id %s", first.Verdict, again.Verdict, again.ScanID, id)
	}
	body["direction"] = "out"
	res := env.Do(http.MethodPost, "/api/v1/scans", "device", body)
	if res.Status != http.StatusConflict {
		t.Errorf("scan_id reused for other content: %d %s, want 409", res.Status, res.Body)
	}
	if n := countRows(t, env, "scans"); n != 1 {
		t.Errorf("%d scans stored, want 1", n)
	}
	// The presence was not changed by the retries: the next entry is a repeat.
	if got := scan(t, env, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}); got.Verdict != "already_inside" {
		t.Errorf("after retries: %q, want already_inside", got.Verdict)
	}
}
