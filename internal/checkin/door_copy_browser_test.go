package checkin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/event"
	"accreditation/internal/testkit"
)

// TestNextConferenceFromCopyToTheDoor is the next conference set up as the
// Secretariat would: the demo conference copied in the console to dates
// from today, a badge issued in the copy, a scanner made for the copy's
// main door and paired by the QR code the console shows (a fake camera
// fed the console's PNG, then the badge), the badge let in, and the entry
// seen, without a reload, on the attendance page of a second server on the
// same database.
func TestNextConferenceFromCopyToTheDoor(t *testing.T) {
	requireBrowserTools(t)
	dbA, dbB := apptest.TwoPools(t)
	env := apptest.NewOn(t, dbA)
	srvA := httptest.NewServer(env.App.Echo)
	t.Cleanup(srvA.Close)
	srvB := apptest.Serve(t, dbB)
	if _, err := event.NewService(dbA.DB).LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	var demo string
	dbA.Raw(`SELECT id FROM events WHERE is_demo`).Scan(&demo)

	staff := consoleClient(t, srvA.URL)
	baku, _ := time.LoadLocation("Asia/Baku")
	copyPage := "/console/events/" + demo + "/copy"
	if r := staff.post(copyPage, url.Values{"name": {"Second Ministerial Conference"},
		"starts_on": {testkit.Now().In(baku).Format(time.DateOnly)}}, copyPage); r.status != http.StatusSeeOther {
		t.Fatalf("copy in the console: %d %.500s", r.status, r.body)
	}
	var ev, cat string
	dbA.Raw(`SELECT id FROM events WHERE NOT is_demo`).Scan(&ev)
	dbA.Raw(`SELECT id FROM categories WHERE event_id = ? AND code = 'minister'`, ev).Scan(&cat)
	if ev == "" || cat == "" {
		t.Fatalf("the copy %q has no minister category", ev)
	}
	badge := badgeIn(t, env, ev, cat)

	devices := "/console/events/" + ev + "/devices"
	created := staff.post(devices, url.Values{"name": {"Main door, phone 1"}, "language": {"en"},
		"checkpoint_id": {checkpointID(t, env, ev, "Plenary hall main door")}}, devices)
	src := regexp.MustCompile(`id="pairing-qr" class="pairing-qr" src="([^"]+)"`).FindStringSubmatch(created.body)
	if created.status != http.StatusCreated || src == nil {
		t.Fatalf("the scanner's page: %d, no QR code: %.1000s", created.status, created.body)
	}
	png := staff.get(strings.ReplaceAll(src[1], "&amp;", "&"))

	// The attendance page is open on server B before anything is scanned.
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	b.Navigate(t, srvB.URL+"/")
	b.SetValue(t, "#f-email", "secretariat@test.example")
	b.SetValue(t, "#f-password", apptest.Password)
	b.Submit(t, "form.signin button[type=submit]")
	b.Navigate(t, srvB.URL+"/console/events/"+ev+"/attendance")
	inside := `document.querySelector('[data-live="inside"]').textContent.trim() + ' ' + String(window.sameDocument)`
	if _, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`window.sameDocument = "yes"`)); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](inside)); err != nil || got != "0 yes" {
		t.Fatalf("before the scan server B's page shows %q (%v), want \"0 yes\"", got, err)
	}

	d := openDoor(t, srvA.URL, qrThenBadgeCamera(t, env, []byte(png.body), badge.BadgeID))
	d.waitAcrossLoads(`document.getElementById('pick').checkVisibility()`, 20*time.Second)
	d.run(chromedp.Click(chromedp.ID("pick-button")))
	d.waitVerdict("ok", true, 20*time.Second)

	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](inside))
		if err == nil && got == "1 yes" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server B's attendance page shows %q (inside, same page), want \"1 yes\" (%v)", got, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.Axe(t)
	b.NoProblems(t)
	d.noConsoleErrors()
}
