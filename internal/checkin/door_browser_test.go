package checkin_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/fixtures"
	"accreditation/internal/i18n"
	"accreditation/internal/testkit"
)

// The holder of the badge the fake camera shows: ar-1 of names.tsv
// (internal/fixtures), which must reach the door screen unchanged.
var (
	holder, _       = fixtures.Find("ar-1")
	holderHonorific = holder.Honorific
	holderGiven     = holder.Given
	holderFamily    = holder.Family
	holderNative    = holder.Native
)

const holderCountry = "Azerbaijan"

// TestDoorPageInChromium runs the door page in headless Chromium whose camera
// is a video of a rendered badge: the page reads the QR code, shows ok with
// the holder, and after the badge is revoked shows revoked.
func TestDoorPageInChromium(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	env.Device(ev.EventID, "")
	d := openDoor(t, srv.URL, badgeCamera(t, env, ev.BadgeID))

	start := time.Now()
	d.signIn(env.Tokens["device"], "Plenary hall main door")
	v := d.waitVerdict("ok", true, 15*time.Second)
	t.Logf("ok shown %v after choosing the checkpoint", time.Since(start).Round(time.Millisecond))
	if v.Name != holderHonorific+" "+holderGiven+" "+holderFamily || v.Native != holderNative ||
		v.Delegation != holderCountry || v.Colour != "green" || !v.Photo {
		t.Errorf("ok screen: %+v", v)
	}
	d.checkFullScreen("ok")
	if got, want := v.Verdict, i18n.T("en", "door.verdict.ok"); got != want {
		t.Errorf("the ok heading reads %q, want the catalogue's %q", got, want)
	}
	d.saveScreenshot("door-ok.png")
	// The verdict gives way to the camera view by itself.
	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)

	if res := env.Do(http.MethodPost, "/api/v1/badges/"+ev.BadgeID+"/revoke", "secretariat",
		map[string]string{"reason": "lost"}); res.Status != 200 {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	at := time.Now()
	// The door shows the photo of an active badge's holder only.
	v = d.waitVerdict("revoked", false, 15*time.Second)
	t.Logf("revoked shown %v after the revocation", time.Since(at).Round(time.Millisecond))
	if v.Colour != "red" || v.Name == "" || v.Photo {
		t.Errorf("revoked screen: %+v", v)
	}
	d.checkFullScreen("revoked")
	d.saveScreenshot("door-revoked.png")
	var verdicts []string
	env.DB.Raw(`SELECT verdict FROM scans WHERE offline = ? ORDER BY received_at`, false).Scan(&verdicts)
	if len(verdicts) < 2 || verdicts[0] != "ok" || verdicts[len(verdicts)-1] != "revoked" {
		t.Errorf("scans recorded: %v", verdicts)
	}

	// A damaged badge: the number typed in the field is judged too.
	d.run(chromedp.SendKeys(chromedp.ID("number"), strconv.Itoa(ev.Number)+"\r"))
	deadline := time.Now().Add(5 * time.Second)
	var typed []string
	for len(typed) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		env.DB.Raw(`SELECT verdict FROM scans WHERE badge_number = ? AND (code IS NULL OR code = ?)`, ev.Number, "").Scan(&typed)
	}
	if len(typed) != 1 || typed[0] != "revoked" {
		t.Errorf("typed badge number: scans %v, want one revoked", typed)
	}
	d.noConsoleErrors()
}

// TestDoorPageJudgesOffline cuts the page off the network once it has its
// snapshot: it judges the badge alone (base45, Ed25519 in WebCrypto), shows
// one scan waiting, and uploads it when the network returns.
func TestDoorPageJudgesOffline(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	env.Device(ev.EventID, "")
	d := openDoor(t, srv.URL, badgeCamera(t, env, ev.BadgeID))

	d.signIn(env.Tokens["device"], "Plenary hall main door")
	d.waitVerdict("ok", true, 15*time.Second) // online
	// The snapshot and the photos the device keeps.
	d.poll(`document.getElementById('snapshot').dataset.photos !== undefined`, 5*time.Second)

	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	d.setOffline(true)
	at := time.Now()
	v := d.waitVerdict("ok", false, 15*time.Second) // the badge comes back into view
	t.Logf("offline ok shown %v after the network went", time.Since(at).Round(time.Millisecond))
	if v.Name != holderHonorific+" "+holderGiven+" "+holderFamily || v.Delegation != holderCountry || v.Colour != "green" {
		t.Errorf("offline ok screen: %+v", v)
	}
	if !strings.Contains(v.Message, "offline") {
		t.Errorf("offline message %q does not say the verdict was judged offline", v.Message)
	}
	if v.Queue != "1" || v.Net != "offline" {
		t.Errorf("offline: %s waiting, network %q; want 1 waiting, offline", v.Queue, v.Net)
	}
	d.checkFullScreen("ok")
	if src, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](`document.getElementById('photo').src`)); err != nil ||
		!strings.HasPrefix(src, "data:image/jpeg;base64,") {
		t.Errorf("offline verdict shows photo %.40q (%v), want the thumbnail the device keeps", src, err)
	}
	d.saveScreenshot("door-offline-ok.png")
	verified, err := chromedp.Run(d.ctx, chromedp.Evaluate[[]string](`window.verified`))
	if err != nil || len(verified) != 1 || verified[0] != "Ed25519:true" {
		t.Errorf("signature checks in the page: %v (%v), want one Ed25519:true", verified, err)
	}

	d.setOffline(false)
	at = time.Now()
	d.poll(`document.getElementById('queue').textContent === '0'`, 10*time.Second)
	t.Logf("queue uploaded %v after the network came back", time.Since(at).Round(time.Millisecond))
	var rows []struct {
		Verdict       string
		DeviceVerdict string
		Offline       bool
	}
	env.DB.Raw(`SELECT verdict, device_verdict, offline FROM scans WHERE offline = ?`, true).Scan(&rows)
	t.Logf("uploaded: %+v", rows)
	if len(rows) != 1 || rows[0].DeviceVerdict != "ok" {
		t.Errorf("offline scans uploaded: %+v, want one the device judged ok", rows)
	}
	d.noConsoleErrors()
}

func requireBrowserTools(t *testing.T) {
	t.Helper()
	for tool, pkg := range map[string]string{"chromium": "chromium", "ffmpeg": "ffmpeg", "pdftoppm": "poppler-utils"} {
		testkit.NeedTool(t, tool, pkg)
	}
}

// doorEvent is what seedDoorEvent made.
type doorEvent struct {
	EventID, BadgeID, Code, ParticipantID string
	Number                                int
}

// seedDoorEvent builds an event through the API as the Secretariat would:
// a zone, a category that opens it, a checkpoint, a delegation invited and
// accepting, a head of delegation nominated with a photo and approved, which
// issues the badge signed with the event's real key.
func seedDoorEvent(t *testing.T, env *apptest.Env) doorEvent {
	t.Helper()
	do := doer(t, env)
	id := func(m map[string]any) string { return m["id"].(string) }
	baku, _ := time.LoadLocation("Asia/Baku")
	today := env.Now().In(baku)
	ev := id(do("POST", "/api/v1/events", "admin", map[string]any{"name": "Ministerial Conference on Cybercrime",
		"timezone": "Asia/Baku", "starts_on": today.Format(time.DateOnly), "ends_on": today.AddDate(0, 0, 1).Format(time.DateOnly),
		"languages": []string{"en", "fr", "ar"}}, 201))
	zone := id(do("POST", "/api/v1/events/"+ev+"/zones", "secretariat", map[string]any{"code": "plenary",
		"names": map[string]string{"en": "Plenary hall"}}, 201))
	cat := id(do("POST", "/api/v1/events/"+ev+"/categories", "secretariat", map[string]any{"code": "minister",
		"names": map[string]string{"en": "Minister / Head of Delegation"}, "colour": "#B71C1C", "zone_ids": []string{zone}}, 201))
	do("POST", "/api/v1/events/"+ev+"/checkpoints", "secretariat", map[string]any{"name": "Plenary hall main door", "zone_id": zone}, 201)
	return badgeIn(t, env, ev, cat)
}

// doer sends one API request as role and fails the test unless it answers
// want; it returns the JSON object answered, if any.
func doer(t *testing.T, env *apptest.Env) func(method, p, role string, body any, want int) map[string]any {
	return func(method, p, role string, body any, want int) map[string]any {
		t.Helper()
		res := env.Do(method, p, role, body)
		if res.Status != want {
			t.Fatalf("%s %s: %d %s", method, p, res.Status, res.Body)
		}
		if len(res.Body) == 0 {
			return nil
		}
		return res.Map(t)
	}
}

// badgeIn makes the holder's badge in the event, in the category: a
// delegation invited, its answer, the holder nominated with a portrait and
// approved, all through the API.
func badgeIn(t *testing.T, env *apptest.Env, ev, cat string) doorEvent {
	t.Helper()
	do := doer(t, env)
	id := func(m map[string]any) string { return m["id"].(string) }
	del := id(do("POST", "/api/v1/events/"+ev+"/delegations", "secretariat", map[string]any{"kind": "member_state",
		"country": "AZ", "name": map[string]string{"en": holderCountry, "fr": "Azerbaïdjan"}}, 201))
	inv := id(do("POST", "/api/v1/events/"+ev+"/invitations", "secretariat", map[string]any{"delegation_id": del,
		"language": "en", "rsvp_deadline": env.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"invitee": map[string]string{"honorific": "H.E.", "given_names": "Elmar", "family_name": "Mammadyarov",
			"office": "Minister of Foreign Affairs", "email": "minister@mfa.example"}}, 201))
	do("POST", "/api/v1/invitations/"+inv+"/issue", "secretariat", nil, 200)
	link, _ := url.Parse(do("POST", "/api/v1/invitations/"+inv+"/rsvp-link", "secretariat", nil, 201)["url"].(string))
	token := path.Base(link.Path)
	do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"}, 200)
	p := id(do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"honorific": holderHonorific,
		"given_names": holderGiven, "family_name": holderFamily, "native_name": holderNative, "role": "head"}, 201))
	req := httptest.NewRequest("PUT", "/api/v1/rsvp/"+token+"/participants/"+p+"/photo", bytes.NewReader(portraitJPEG(t)))
	req.Header.Set("Content-Type", "image/jpeg")
	if res := env.Send(req); res.Status != 200 {
		t.Fatalf("photo: %d %s", res.Status, res.Body)
	}
	do("POST", "/api/v1/participants/"+p+"/approve", "secretariat", map[string]string{"category_id": cat}, 200)
	b := do("GET", "/api/v1/participants/"+p+"/badge", "secretariat", nil, 200)
	return doorEvent{EventID: ev, BadgeID: id(b), Code: b["code"].(string), ParticipantID: p, Number: int(b["number"].(float64))}
}

// portraitJPEG draws a 300×400 head-and-shoulders silhouette.
func portraitJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			c := color.RGBA{70, 110, 160, 255}
			dx, dy := float64(x-150), float64(y-150)
			if dx*dx/(70*70)+dy*dy/(90*90) <= 1 {
				c = color.RGBA{224, 172, 140, 255}
			} else if y > 260 && (x-150)*(x-150) < (y-200)*(y-200)*2 {
				c = color.RGBA{30, 30, 40, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// badgeCamera renders the badge's real A6 PDF at 150 dpi, keeps the top of
// the page (event, photo, name and the QR code: 620×465 pixels, a QR module
// about 5 pixels wide) on a 640×480 frame, and makes a looping camera video:
// 2 s of the badge, then 1.5 s of an empty white view, as if the holder
// stepped up, walked on, and came back.
func badgeCamera(t *testing.T, env *apptest.Env, badgeID string) string {
	t.Helper()
	res := env.Do(http.MethodGet, "/api/v1/badges/"+badgeID+"/pdf?layout=a6", "secretariat", nil)
	if res.Status != 200 {
		t.Fatalf("badge pdf: %d %s", res.Status, res.Body)
	}
	dir := t.TempDir()
	pdf, png, y4m := filepath.Join(dir, "badge.pdf"), filepath.Join(dir, "badge"), filepath.Join(dir, "camera.y4m")
	if err := os.WriteFile(pdf, res.Body, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	run("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png)
	run("ffmpeg", "-loglevel", "error", "-y",
		"-loop", "1", "-framerate", "10", "-t", "2", "-i", png+".png",
		"-f", "lavfi", "-i", "color=c=white:s=640x480:r=10:d=1.5",
		"-filter_complex", "[0:v]crop=620:465:0:0,pad=640:480:10:8:white,setsar=1,format=yuv420p[badge];"+
			"[1:v]setsar=1,format=yuv420p[away];[badge][away]concat=n=2:v=1:a=0[out]",
		"-map", "[out]", "-f", "yuv4mpegpipe", y4m)
	if dir := os.Getenv("DOOR_SCREENSHOTS"); dir != "" { // what the camera sees
		run("ffmpeg", "-loglevel", "error", "-y", "-i", y4m, "-frames:v", "1", filepath.Join(dir, "camera.png"))
	}
	return y4m
}

// watchVerify records each crypto.subtle.verify call of the page (algorithm
// and result) in window.verified, so that a test sees the signature was
// checked in the browser.
const watchVerify = `(() => {
	const verify = crypto.subtle.verify.bind(crypto.subtle);
	window.verified = [];
	crypto.subtle.verify = (alg, key, sig, data) => verify(alg, key, sig, data).then((ok) => {
		window.verified.push((alg.name || alg) + ':' + ok);
		return ok;
	});
})()`

// door is the door page in a headless Chromium.
type door struct {
	t   *testing.T
	ctx context.Context
	mu  sync.Mutex
	log []chromedp.ConsoleMessage
}

func openDoor(t *testing.T, base, camera string) *door {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", camera),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(480, 800),
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		opts[0] = chromedp.ExecPath(p)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	d := &door{t: t, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.log = append(d.log, m)
			d.mu.Unlock()
		}
	}()
	d.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: watchVerify})
		return err
	}))
	d.run(browsertest.TestClock())
	d.run(chromedp.Navigate(base + "/door"))
	return d
}

func (d *door) run(a chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(d.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, a); err != nil {
		d.t.Fatalf("browser: %v\npage: %s\nconsole:\n%s", err, d.where(), d.console())
	}
}

// where says what the page shows, for a failure's message: its address,
// the section in view and the messages of the sign-in and scan screens.
func (d *door) where() string {
	ctx, cancel := context.WithTimeout(d.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + ' | ' +
		['signin', 'pick', 'scan'].filter(id => { const e = document.getElementById(id); return e && !e.hidden; }).join(',') +
		' | ' + ((document.getElementById('signin-error') || {}).textContent || '') +
		' | ' + document.readyState`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return s
}

// poll waits until the expression is true in the page.
func (d *door) poll(expr string, timeout time.Duration) {
	d.t.Helper()
	if _, err := chromedp.Run(d.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeout))); err != nil {
		d.t.Fatalf("waiting for %s: %v\nconsole:\n%s", expr, err, d.console())
	}
}

func (d *door) signIn(token, checkpoint string) {
	d.t.Helper()
	d.run(chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Click(chromedp.ID("signin-button")),
		chromedp.WaitVisible(chromedp.ID("pick-button")),
	))
	ok, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const sel = document.getElementById('checkpoint');
		const o = [...sel.options].find(o => o.textContent === %q);
		if (!o) return false;
		sel.value = o.value; return true;
	})()`, checkpoint)))
	if err != nil || !ok {
		d.t.Fatalf("checkpoint %q not offered (%v)\nconsole:\n%s", checkpoint, err, d.console())
	}
	d.run(chromedp.Click(chromedp.ID("pick-button")))
}

// verdictView is what the verdict screen shows.
type verdictView struct {
	Verdict, Name, Native, Delegation, Message, Colour, Queue, Net string
	Photo                                                          bool
}

// waitVerdict waits until the verdict screen is visible with want (and the
// holder's photo, when photo is set), and reads it.
func (d *door) waitVerdict(want string, photo bool, timeout time.Duration) verdictView {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(d.ctx, timeout+5*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.PollFunction[verdictView](`(want, photo) => {
		const $ = (id) => document.getElementById(id);
		const box = $('result'), img = $('photo');
		const loaded = img.checkVisibility() && img.complete && img.naturalWidth > 0;
		const v = $('verdict'), shown = v.dataset.verdict === want || v.textContent === want;
		if (!box.checkVisibility() || !shown || (photo && !loaded)) return false;
		return { Verdict: $('verdict').textContent, Name: $('holder-name').textContent,
			Native: $('holder-native').textContent, Delegation: $('holder-delegation').textContent,
			Message: $('message').textContent, Queue: $('queue').textContent, Net: $('net').textContent,
			Colour: ['green', 'amber', 'red'].find(c => box.classList.contains(c)) || '',
			Photo: loaded };
	}`, chromedp.WithPollingArgs(want, photo), chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		last, _ := chromedp.Run(d.ctx, chromedp.Evaluate[string](`document.getElementById('verdict').textContent + ' / ' + document.getElementById('message').textContent`))
		d.t.Fatalf("verdict %q not shown within %v (last: %q): %v\nconsole:\n%s", want, timeout, last, err, d.console())
	}
	return v
}

// checkFullScreen checks the verdict screen covers the whole viewport.
func (d *door) checkFullScreen(verdict string) {
	d.t.Helper()
	full, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](`(() => {
		const r = document.getElementById('result').getBoundingClientRect();
		return r.left <= 0 && r.top <= 0 && r.right >= innerWidth && r.bottom >= innerHeight;
	})()`))
	if err != nil || !full {
		d.t.Errorf("the %s screen does not fill the viewport (%v)", verdict, err)
	}
}

// saveScreenshot writes a screenshot to $DOOR_SCREENSHOTS/name when that
// variable names a directory (to look at the verdict screens).
func (d *door) saveScreenshot(name string) {
	d.t.Helper()
	dir := os.Getenv("DOOR_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(d.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		d.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		d.t.Fatal(err)
	}
}

// setOffline cuts the page off the network, or gives it back.
func (d *door) setOffline(off bool) {
	d.t.Helper()
	d.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		rule := &network.Conditions{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{rule}}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// console returns what the page logged.
func (d *door) console() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var b strings.Builder
	for _, m := range d.log {
		fmt.Fprintf(&b, "  [%s %s] %s (%s:%d)\n", m.Type, m.Source, m.Text, m.URL, m.Line)
	}
	return b.String()
}

// noConsoleErrors fails on any CSP violation, uncaught exception or error the
// page logged; failed requests while the network was cut are expected.
func (d *door) noConsoleErrors() {
	d.t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, m := range d.log {
		csp := m.Source == "security" || strings.Contains(m.Text, "Content Security Policy")
		offline := m.Source == "network" && strings.Contains(m.Text, "ERR_INTERNET_DISCONNECTED")
		if csp || m.IsException() || (m.Type == chromedp.ConsoleError && !offline) {
			d.t.Errorf("console: [%s %s] %s (%s:%d)", m.Type, m.Source, m.Text, m.URL, m.Line)
		}
	}
}
