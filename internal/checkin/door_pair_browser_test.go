package checkin_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/i18n"
)

// TestDoorPairsByTheConsolesQRCode: the Secretariat creates a device for a
// checkpoint in the console, which shows a QR code; the door page, not
// signed in, reads that QR code with its camera (a fake camera fed the
// console's PNG, then the badge), pairs without anything typed, turns to
// the device's language (Arabic), offers only the device's checkpoint and
// admits the badge; the console then lists the device as paired with the
// door page's version and its last snapshot.
func TestDoorPairsByTheConsolesQRCode(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	cp := checkpointID(t, env, ev.EventID, "Plenary hall main door")

	staff := consoleClient(t, srv.URL)
	devices := "/console/events/" + ev.EventID + "/devices"
	created := staff.post(devices, url.Values{"name": {"Plenary hall, phone 1"}, "language": {"ar"}, "checkpoint_id": {cp}}, devices)
	if created.status != http.StatusCreated {
		t.Fatalf("create the device in the console: %d %.500s", created.status, created.body)
	}
	src := regexp.MustCompile(`id="pairing-qr" class="pairing-qr" src="([^"]+)"`).FindStringSubmatch(created.body)
	if src == nil {
		t.Fatalf("the device's page shows no QR code: %.2000s", created.body)
	}
	png := staff.get(strings.ReplaceAll(src[1], "&amp;", "&"))
	if png.status != 200 || !strings.HasPrefix(png.body, "\x89PNG") {
		t.Fatalf("QR code image: %d %.80q", png.status, png.body)
	}
	if r := staff.get(devices + "/" + deviceIDOf(t, created.body) + "/pairing.png?code=0000-0000-0000-0000-0000"); r.status != http.StatusNotFound {
		t.Errorf("QR code of a code that is not the device's: %d", r.status)
	}

	d := openDoor(t, srv.URL, qrThenBadgeCamera(t, env, []byte(png.body), ev.BadgeID))
	d.waitAcrossLoads(`location.search === '?lang=ar' && document.getElementById('pick').checkVisibility()`, 20*time.Second)
	offered := d.eval(`[...document.getElementById('checkpoint').options].map(o => o.textContent).join('|')`)
	if offered != "Plenary hall main door" {
		t.Errorf("checkpoints offered after pairing: %q, want only the device's", offered)
	}
	d.saveScreenshot("door-paired-ar.png")
	d.run(chromedp.Click(chromedp.ID("pick-button")))
	v := d.waitVerdict("ok", true, 20*time.Second)
	if want := i18n.T("ar", "door.verdict.ok"); v.Verdict != want || v.Colour != "green" {
		t.Errorf("ok screen after pairing: %+v, want the heading %q", v, want)
	}
	d.saveScreenshot("door-paired-ok-ar.png")
	d.poll(`document.getElementById('snapshot').dataset.cursor !== undefined`, 5*time.Second)

	list := env.Do(http.MethodGet, "/api/v1/events/"+ev.EventID+"/devices", "secretariat", nil)
	var got struct{ Items []checkin.Scanner }
	list.JSON(t, &got)
	if len(got.Items) != 1 || got.Items[0].State != checkin.DevicePaired || got.Items[0].LastSnapshotAt == nil ||
		got.Items[0].AppVersion != checkin.DoorVersion || got.Items[0].Pending == nil {
		t.Errorf("devices after pairing and scanning: %+v", got.Items)
	}
	page := staff.get(devices)
	if !strings.Contains(page.body, checkin.DoorVersion) || !strings.Contains(page.body, i18n.T("en", "console.devices.state.paired")) {
		t.Errorf("the console's device list does not show the paired device and its version")
	}

	// Revoked in the console, the phone is signed out at its next scan.
	device := devices + "/" + deviceIDOf(t, created.body)
	if r := staff.post(device+"/revoke", url.Values{"confirmed": {"1"}}, device); r.status != http.StatusSeeOther {
		t.Fatalf("revoke in the console: %d %.300s", r.status, r.body)
	}
	d.poll(`document.getElementById('signin').checkVisibility() && document.getElementById('signin-error').textContent === `+
		jsString(i18n.T("ar", "door.page.signed_out")), 15*time.Second)
	d.saveScreenshot("door-revoked-device-ar.png")
	d.noConsoleErrorsBut("status of 401")
}

// checkpointID finds an event's checkpoint by name.
func checkpointID(t *testing.T, env *apptest.Env, eventID, name string) string {
	t.Helper()
	var cps struct{ Items []struct{ ID, Name string } }
	env.Do(http.MethodGet, "/api/v1/events/"+eventID+"/checkpoints", "secretariat", nil).JSON(t, &cps)
	for _, c := range cps.Items {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no checkpoint %q", name)
	return ""
}

var deviceLink = regexp.MustCompile(`/devices/([0-9a-f-]{36})/pairing.png`)

func deviceIDOf(t *testing.T, body string) string {
	t.Helper()
	m := deviceLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no device id on the page")
	}
	return m[1]
}

// staffClient is a browser-like client of the console signed in as the
// Secretariat: a cookie jar, no automatic redirects.
type staffClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

type answer struct {
	status int
	body   string
}

func consoleClient(t *testing.T, base string) *staffClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &staffClient{t: t, base: base, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if r := s.send("/console/signin", url.Values{"email": {"secretariat@test.example"}, "password": {apptest.Password}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in to the console: %d %.300s", r.status, r.body)
	}
	return s
}

func (s *staffClient) get(path string) answer {
	s.t.Helper()
	res, err := s.c.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b)}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// post sends a form from the page at from, with that page's form token.
func (s *staffClient) post(path string, form url.Values, from string) answer {
	s.t.Helper()
	m := csrfField.FindStringSubmatch(s.get(from).body)
	if m == nil {
		s.t.Fatalf("no form token on %s", from)
	}
	form.Set("_csrf", html.UnescapeString(m[1]))
	return s.send(path, form)
}

func (s *staffClient) send(path string, form url.Values) answer {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b)}
}

// qrThenBadgeCamera makes a looping camera video: 2 s of the console's
// pairing QR code held up to the camera, then 2 s of the badge, then 1.5 s
// of an empty view.
func qrThenBadgeCamera(t *testing.T, env *apptest.Env, qrPNG []byte, badgeID string) string {
	t.Helper()
	badge := badgeCamera(t, env, badgeID)
	dir := t.TempDir()
	qr, out := filepath.Join(dir, "qr.png"), filepath.Join(dir, "camera.y4m")
	if err := os.WriteFile(qr, qrPNG, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-y",
		"-loop", "1", "-framerate", "10", "-t", "2", "-i", qr, "-i", badge,
		"-filter_complex", "[0:v]scale=400:400,pad=640:480:120:40:white,setsar=1,format=yuv420p[qr];"+
			"[1:v]setsar=1,format=yuv420p[badge];[qr][badge]concat=n=2:v=1:a=0[out]",
		"-map", "[out]", "-f", "yuv4mpegpipe", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	if dir := os.Getenv("DOOR_SCREENSHOTS"); dir != "" {
		_ = exec.Command("ffmpeg", "-loglevel", "error", "-y", "-i", out, "-frames:v", "1", filepath.Join(dir, "camera-qr.png")).Run()
	}
	return out
}
