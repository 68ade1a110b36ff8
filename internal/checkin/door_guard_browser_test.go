package checkin_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
)

// TestDoorPageGuardedCheckpointOffline: at the door of an official dinner
// (a checkpoint guarding a protocol event), a badge whose category opens
// the zone but whose holder is not registered for the dinner is not valid
// here, online as the server judges it and offline as the page judges it
// from its snapshot (the checkpoint's admitted badges); the offline scan is
// uploaded with the device's verdict, which the server confirms.
func TestDoorPageGuardedCheckpointOffline(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	do := doer(t, env)
	zone := do("GET", "/api/v1/events/"+ev.EventID+"/zones", "secretariat", nil, 200)["items"].([]any)[0].(map[string]any)["id"].(string)
	dinner := do("POST", "/api/v1/events/"+ev.EventID+"/sessions", "secretariat", map[string]any{"kind": "protocol",
		"titles": map[string]string{"en": "Official dinner"}, "capacity": 20}, 201)["id"].(string)
	do("POST", "/api/v1/events/"+ev.EventID+"/checkpoints", "secretariat", map[string]any{"name": "Banquet hall door",
		"zone_id": zone, "session_id": dinner}, 201)
	env.Device(ev.EventID, "")
	d := openDoor(t, srv.URL, badgeCamera(t, env, ev.BadgeID))

	d.signIn(env.Tokens["device"], "Banquet hall door")
	v := d.waitVerdict("not_valid_here", false, 15*time.Second) // online: the server's verdict
	if v.Colour != "red" || strings.Contains(v.Message, "offline") {
		t.Errorf("online not_valid_here screen: %+v", v)
	}
	d.poll(`document.getElementById('snapshot').dataset.cursor !== undefined`, 5*time.Second)
	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	d.setOffline(true)
	v = d.waitVerdict("not_valid_here", false, 15*time.Second) // the badge comes back into view
	if v.Colour != "red" || !strings.Contains(v.Message, "offline") || v.Queue != "1" || v.Net != "offline" {
		t.Errorf("offline not_valid_here screen: %+v, want red, judged offline, 1 waiting", v)
	}
	if v.Name != holderHonorific+" "+holderGiven+" "+holderFamily {
		t.Errorf("offline screen names %q", v.Name)
	}
	d.saveScreenshot("door-offline-not-valid-here.png")

	d.setOffline(false)
	d.poll(`document.getElementById('queue').textContent === '0'`, 10*time.Second)
	var rows []struct {
		Verdict       string
		DeviceVerdict string
	}
	env.DB.Raw(`SELECT verdict, device_verdict FROM scans WHERE offline = ?`, true).Scan(&rows)
	if len(rows) != 1 || rows[0].DeviceVerdict != "not_valid_here" || rows[0].Verdict != "not_valid_here" {
		t.Errorf("offline scans uploaded: %+v, want one not_valid_here judged so by the device and the server", rows)
	}

	// Registered for the dinner, the holder comes in: online, then offline
	// once the page has the snapshot that admits the badge.
	do("POST", "/api/v1/events/"+ev.EventID+"/sessions/"+dinner+"/registrations", "secretariat",
		map[string]string{"participant_id": ev.ParticipantID}, 201)
	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	if _, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](`delete document.getElementById('snapshot').dataset.cursor`)); err != nil {
		t.Fatal(err)
	}
	d.run(chromedp.Click(chromedp.ID("change")))
	d.run(chromedp.WaitVisible(chromedp.ID("pick-button")))
	if ok, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](`(() => { const sel = document.getElementById('checkpoint');
		const o = [...sel.options].find(o => o.textContent === 'Banquet hall door');
		if (!o) return false; sel.value = o.value; return true })()`)); err != nil || !ok {
		t.Fatalf("the guarded checkpoint is not offered again (%v)", err)
	}
	d.run(chromedp.Click(chromedp.ID("pick-button")))
	d.waitVerdict("ok", false, 15*time.Second)
	d.poll(`document.getElementById('snapshot').dataset.cursor !== undefined`, 5*time.Second)
	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	d.setOffline(true)
	if v := d.waitVerdict("ok", false, 15*time.Second); !strings.Contains(v.Message, "offline") || v.Colour != "green" {
		t.Errorf("offline, registered: %+v, want ok judged offline", v)
	}
	d.setOffline(false)
	d.noConsoleErrors()
}
