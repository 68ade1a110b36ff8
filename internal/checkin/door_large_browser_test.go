package checkin_test

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin/checkintest"
)

// TestDoorPageJudgesOfflineAtALargeEvent gives the door page an event of
// 8,000 badges: it takes the compact snapshot, keeps the
// photos of the badges that open its zone up to its bound, and once off the
// network judges a badge with its holder's photo and a revoked one, from
// what it kept.
func TestDoorPageJudgesOfflineAtALargeEvent(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	const n = 8000
	ev := seed(t, env, checkintest.Options{Badges: n, SharedPhoto: true})
	revoked := ev.Badges[n/2]
	if r := env.Do(http.MethodPost, "/api/v1/badges/"+revoked.ID+"/revoke", "admin", map[string]any{"reason": "lost"}); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	camera := filepath.Join(t.TempDir(), "blank.y4m") // nothing in view: badges are typed
	if out, err := exec.Command("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=white:s=320x240:r=5:d=1",
		"-f", "yuv4mpegpipe", camera).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	d := openDoor(t, srv.URL, camera)
	start := time.Now()
	d.signIn(env.Tokens["device"], "Main door")
	d.poll(`document.getElementById('snapshot').dataset.photos !== undefined`, 90*time.Second)
	t.Logf("snapshot of %d badges and the photos kept in %s", n, time.Since(start).Round(time.Millisecond))
	kept, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](`document.getElementById('snapshot').dataset.photos`))
	// Every badge opens the zone, so the page keeps as many as door.js's
	// PHOTO_CACHE allows.
	if err != nil || kept != "5000" {
		t.Errorf("photos kept: %q (%v), want the bound, 5000", kept, err)
	}
	shown, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](`document.getElementById('snapshot').textContent`))
	if err != nil || !strings.Contains(shown, strconv.Itoa(n)) {
		t.Errorf("the page says %q of its snapshot, want it to count %d badges", shown, n)
	}

	d.setOffline(true)
	d.run(chromedp.SendKeys(chromedp.ID("number"), strconv.Itoa(ev.Badges[1].Number)+"\r"))
	v := d.waitVerdict("ok", true, 10*time.Second)
	if v.Net != "offline" || v.Queue != "1" {
		t.Errorf("offline ok: network %q, %s waiting", v.Net, v.Queue)
	}
	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	d.run(chromedp.SendKeys(chromedp.ID("number"), strconv.Itoa(revoked.Number)+"\r"))
	d.waitVerdict("revoked", false, 10*time.Second)
	var offline int64
	env.DB.Raw(`SELECT COUNT(*) FROM scans`).Scan(&offline)
	if offline != 0 {
		t.Errorf("%d scans reached the server while the page was offline", offline)
	}
}
