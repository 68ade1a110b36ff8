package checkin_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/i18n"
)

// TestDoorPageInArabicInChromium runs the door page in Arabic: right to
// left, and every text the script shows (the checkpoint, the network, the
// offline copy, the verdicts judged online and offline) is the catalogue's
// Arabic.
func TestDoorPageInArabicInChromium(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	env.Device(ev.EventID, "")
	d := openDoor(t, srv.URL, badgeCamera(t, env, ev.BadgeID))
	ar := func(key string) string { return i18n.T("ar", "door."+key) }

	d.run(chromedp.Navigate(srv.URL + "/door?lang=ar"))
	d.run(chromedp.WaitVisible(chromedp.ID("token")))
	if got := d.eval(`document.documentElement.dir + ' ' + document.querySelector('#signin h1').textContent`); got != "rtl "+ar("page.title") {
		t.Errorf("sign-in screen: %q", got)
	}
	d.signIn(env.Tokens["device"], "Plenary hall main door")
	v := d.waitVerdict(ar("verdict.ok"), true, 15*time.Second)
	if v.Colour != "green" || v.Net != ar("page.online") || v.Name != holderHonorific+" "+holderGiven+" "+holderFamily {
		t.Errorf("ok screen: %+v", v)
	}
	if got, want := d.eval(`document.getElementById('where').textContent`), "Plenary hall main door ("+ar("page.direction_in")+")"; got != want {
		t.Errorf("checkpoint shown as %q, want %q", got, want)
	}
	d.poll(`document.getElementById('snapshot').dataset.cursor !== undefined`, 5*time.Second)
	prefix, _, _ := strings.Cut(ar("page.snapshot"), "%d")
	if got := d.eval(`document.getElementById('snapshot').textContent`); !strings.HasPrefix(got, prefix+"1 ") {
		t.Errorf("offline copy shown as %q, want it to start %q", got, prefix+"1 ")
	}

	d.poll(`!document.getElementById('result').checkVisibility()`, 5*time.Second)
	d.setOffline(true)
	v = d.waitVerdict(ar("verdict.ok"), false, 15*time.Second)
	if want := ar("ok") + " " + ar("page.judged_offline"); v.Message != want || v.Net != ar("page.offline") {
		t.Errorf("offline ok screen: message %q, network %q; want %q, %q", v.Message, v.Net, want, ar("page.offline"))
	}
	d.setOffline(false)
	d.noConsoleErrors()
}

// TestDoorPageTakesTheDeviceLanguage: a page opened without ?lang= turns to
// the language of the device that signs in on it, and a language asked for
// stays; a refused token is said in the page's language.
func TestDoorPageTakesTheDeviceLanguage(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	_, devToken, err := checkintest.Device(context.Background(), env.DB.DB, ev.EventID,
		checkin.DeviceInput{Name: "Door 2 scanner", Language: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	d := openDoor(t, srv.URL, badgeCamera(t, env, ev.BadgeID))

	d.run(chromedp.Navigate(srv.URL + "/door?lang=az"))
	d.run(chromedp.Steps(chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), "not-a-token"), chromedp.Click(chromedp.ID("signin-button"))))
	d.poll(`document.getElementById('signin-error').textContent === `+jsString(i18n.T("az", "door.page.token_refused")), 5*time.Second)

	d.run(chromedp.Navigate(srv.URL + "/door"))
	d.run(chromedp.Steps(chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), devToken), chromedp.Click(chromedp.ID("signin-button"))))
	d.waitAcrossLoads(`location.search === '?lang=ru' && document.getElementById('pick').checkVisibility()`, 10*time.Second)
	if got, want := d.eval(`document.documentElement.lang + ' ' + document.getElementById('pick-title').textContent`),
		"ru "+i18n.T("ru", "door.page.pick_title"); got != want {
		t.Errorf("after signing in: %q, want %q", got, want)
	}

	d.run(chromedp.Navigate(srv.URL + "/door?lang=fr"))
	d.waitAcrossLoads(`document.getElementById('pick').checkVisibility()`, 10*time.Second)
	time.Sleep(500 * time.Millisecond) // time enough to turn to Russian, which it must not
	if got, want := d.eval(`location.search + ' ' + document.getElementById('pick-title').textContent`),
		"?lang=fr "+i18n.T("fr", "door.page.pick_title"); got != want {
		t.Errorf("French asked for: %q, want %q", got, want)
	}
	d.noConsoleErrorsBut("status of 401") // the refused token
}

// noConsoleErrorsBut is noConsoleErrors letting pass the network errors
// whose text holds expected.
func (d *door) noConsoleErrorsBut(expected string) {
	d.t.Helper()
	d.mu.Lock()
	kept := d.log[:0:0]
	for _, m := range d.log {
		if m.Source != "network" || !strings.Contains(m.Text, expected) {
			kept = append(kept, m)
		}
	}
	d.log = kept
	d.mu.Unlock()
	d.noConsoleErrors()
}

// eval returns the value of a JavaScript expression of type string.
func (d *door) eval(expr string) string {
	d.t.Helper()
	s, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		d.t.Fatalf("%s: %v\nconsole:\n%s", expr, err, d.console())
	}
	return s
}

// waitAcrossLoads waits until expr is true in the page, asking again when a
// page load cuts a question short.
func (d *door) waitAcrossLoads(expr string, timeout time.Duration) {
	d.t.Helper()
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(d.ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
	}
	d.t.Fatalf("waiting for %s\nconsole:\n%s", expr, d.console())
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
