package checkin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/i18n"
)

// TestDoorPageWithoutACamera runs the door page, in English and in Arabic,
// on a machine with no camera: the sign-in screen and the scanning screen
// each say so in view (not in the hidden verdict box), a badge typed at a
// checkpoint its category does not open gets its verdict heading in words
// (not the code not_valid_here), and every screen passes axe-core.
func TestDoorPageWithoutACamera(t *testing.T) {
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	zone := env.Do(http.MethodPost, "/api/v1/events/"+ev.EventID+"/zones", "secretariat",
		map[string]any{"code": "vip", "names": map[string]string{"en": "VIP lounge"}}).Map(t)["id"].(string)
	r := env.Do(http.MethodPost, "/api/v1/events/"+ev.EventID+"/checkpoints", "secretariat",
		map[string]any{"name": "VIP lounge door", "zone_id": zone})
	if r.Status != http.StatusCreated {
		t.Fatalf("checkpoint: %d %s", r.Status, r.Body)
	}
	env.Device(ev.EventID, r.Map(t)["id"].(string))
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(key string) string { return i18n.T(lang, "door."+key) }
			b := browsertest.Start(t, chromedp.WindowSize(480, 800), chromedp.Flag("use-fake-ui-for-media-stream", true))
			b.Navigate(t, srv.URL+"/door?lang="+lang)
			waitShown(t, b, "pair-camera-note", tr("page.no_camera_pair"))
			t.Run("sign-in", func(t *testing.T) { b.Axe(t) })
			screenshot(t, b, "door-signin-no-camera-"+lang+".png")

			b.Do(t, chromedp.SendKeys(chromedp.ID("token"), env.Tokens["device"]),
				chromedp.Click(chromedp.ID("signin-button")), chromedp.WaitVisible(chromedp.ID("pick-button")))
			b.Do(t, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
				const sel = document.getElementById('checkpoint');
				sel.value = [...sel.options].find((o) => o.textContent === %q).value;
			})()`, "VIP lounge door")), chromedp.Click(chromedp.ID("pick-button")))
			waitShown(t, b, "camera-note", tr("page.no_camera"))
			t.Run("scanning", func(t *testing.T) { b.Axe(t) })
			screenshot(t, b, "door-scan-no-camera-"+lang+".png")

			b.Do(t, chromedp.SendKeys(chromedp.ID("number"), strconv.Itoa(ev.Number)+"\r"))
			waitShown(t, b, "verdict", tr("verdict.not_valid_here"))
			screenshot(t, b, "door-not-valid-here-"+lang+".png")
			t.Run("verdict", func(t *testing.T) { b.Axe(t, browsertest.Within("#result")) })
			b.NoProblems(t)
		})
	}
}

// waitShown waits until the element is visible with the text.
func waitShown(t *testing.T, b *browsertest.Browser, id, text string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return e.checkVisibility() && e.textContent === %s; })()`,
		id, jsString(text))
	if _, err := chromedp.Run(b.Context(), chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10e9))); err != nil {
		got, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](fmt.Sprintf(
			`(() => { const e = document.getElementById(%q); return e.checkVisibility() + ' ' + e.textContent; })()`, id)))
		t.Fatalf("#%s does not show %q: %v (it shows %q)", id, text, err, got)
	}
}

// screenshot saves the page to $DOOR_SCREENSHOTS when set, else among the
// test's artifacts.
func screenshot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if dir := os.Getenv("DOOR_SCREENSHOTS"); dir != "" {
		name = filepath.Join(dir, name)
	}
	b.Screenshot(t, name)
}
