package console_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
)

// TestAttendanceIsLiveAcrossServers opens the attendance page on server B,
// records scans on server A (another pool on the same database), and sees
// them on B's page without a reload, in English and in Arabic, with no
// console error, CSP violation or serious accessibility problem. With
// ATTENDANCE_SHOTS=dir it saves the screenshots there too.
func TestAttendanceIsLiveAcrossServers(t *testing.T) {
	dbA, dbB := apptest.TwoPools(t)
	a := apptest.NewOn(t, dbA)
	ev := seedDoors(t, a, 2)
	srvB := apptest.Serve(t, dbB)
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	signInBrowser(t, b, srvB.URL, "secretariat")
	page := srvB.URL + "/console/events/" + ev.ID + "/attendance"
	read := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	waitFor := func(what, expr, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for got := read(expr); got != want; got = read(expr) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %q after 20 s, want %q", what, got, want)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	inside := `document.querySelector('[data-live="inside"]').textContent`
	entries := `document.querySelector('[data-live="cp:` + ev.CheckpointID + `:in"]').textContent`
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, page)
		setLanguage(t, b, srvB.URL, lang)
		b.Navigate(t, page)
		waitFor(lang+": the page says it is live", `String(!document.querySelector('[data-live-state]').hidden)`, "true")
		before := read(inside)
		// A mark in the page's memory: a reload would drop it.
		read(`window.sameDocument = "yes"`)
		if v := scanAt(t, a, ev.Badges[i].Code, ev.CheckpointID, "in"); v != "ok" {
			t.Fatalf("scan on server A: %s", v)
		}
		want := map[string]string{"": "1", "0": "1", "1": "2"}[before]
		waitFor(lang+": inside now on server B", inside, want)
		waitFor(lang+": entries at the door on server B", entries, want)
		if read(`String(window.sameDocument)`) != "yes" {
			t.Errorf("%s: the page was reloaded", lang)
		}
		if h := read(`document.querySelector('[data-bar]:not([height="0.0"]).in') ? 'drawn' : 'flat'`); h != "drawn" {
			t.Errorf("%s: no entry bar grew", lang)
		}
		b.Axe(t)
		shot := b.Screenshot(t, "attendance-"+lang+".png")
		if dir := os.Getenv("ATTENDANCE_SHOTS"); dir != "" {
			b.Screenshot(t, filepath.Join(dir, "attendance-"+lang+".png"))
		}
		t.Logf("%s: %s", lang, shot)
	}
	b.NoProblems(t)
}
