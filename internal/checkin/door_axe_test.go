package checkin_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
)

// TestDoorPageAccessibility runs axe-core's serious and critical rules on each
// screen of the door page, in English and in Arabic: sign-in, the choice of
// checkpoint, scanning (with Chromium's fake camera) and a verdict for a typed
// badge number. No screen may throw, log an error or break the page's CSP.
func TestDoorPageAccessibility(t *testing.T) {
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	env.Device(ev.EventID, "")

	for _, l := range []struct{ lang, dir string }{{"en", "ltr"}, {"ar", "rtl"}} {
		t.Run(l.lang, func(t *testing.T) {
			// A browser each: the page keeps the device's sign-in in localStorage.
			b := browsertest.Start(t, chromedp.WindowSize(480, 800),
				chromedp.Flag("use-fake-device-for-media-stream", true),
				chromedp.Flag("use-fake-ui-for-media-stream", true))
			b.Navigate(t, srv.URL+"/door?lang="+l.lang)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("token")))
			if dir, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`)); err != nil || dir != l.dir {
				t.Errorf("dir %q (%v), want %q", dir, err, l.dir)
			}
			t.Run("sign-in", func(t *testing.T) { b.Axe(t) })

			b.Do(t, chromedp.SendKeys(chromedp.ID("token"), env.Tokens["device"]),
				chromedp.Click(chromedp.ID("signin-button")),
				chromedp.WaitVisible(chromedp.ID("pick-button")))
			t.Run("checkpoint", func(t *testing.T) { b.Axe(t) })

			b.Do(t, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
				const sel = document.getElementById('checkpoint');
				sel.value = [...sel.options].find((o) => o.textContent === %q).value;
			})()`, "Plenary hall main door")),
				chromedp.Click(chromedp.ID("pick-button")),
				chromedp.WaitVisible(chromedp.ID("number")))
			t.Run("scanning", func(t *testing.T) { b.Axe(t) })

			b.Do(t, chromedp.SendKeys(chromedp.ID("number"), strconv.Itoa(ev.Number)+"\r"),
				chromedp.WaitVisible(chromedp.ID("result")))
			// The verdict hides itself after 2.5 s; axe needs a fraction of that.
			t.Run("verdict", func(t *testing.T) { b.Axe(t, browsertest.Within("#result")) })
			b.NoProblems(t)
		})
	}
}
