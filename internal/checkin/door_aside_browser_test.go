package checkin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"accreditation/internal/actor"
	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/i18n"
)

// TestDoorPageSetsAsideWhatTheServerRefuses gives the page an offline queue
// in which the server refuses two scans: one answered with an error (an
// unknown checkpoint) and one that makes the whole batch a 400 (a field the
// server does not know). The page uploads the rest (a code that is not text
// among them, which is recorded unreadable), sets the two aside with their
// reasons where the door staff see them, in the page's language, and its
// queue empties. In English and Arabic.
func TestDoorPageSetsAsideWhatTheServerRefuses(t *testing.T) {
	requireBrowserTools(t)
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	ev := seedDoorEvent(t, env)
	var checkpoint string
	env.DB.Raw(`SELECT id FROM checkpoints WHERE event_id = ?`, ev.EventID).Scan(&checkpoint)
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "test"})

	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			devID, devToken, err := checkintest.Device(ctx, env.DB.DB, ev.EventID, checkin.DeviceInput{Name: "Door scanner " + lang, Language: lang})
			if err != nil {
				t.Fatal(err)
			}
			b := browsertest.Start(t, chromedp.WindowSize(480, 900),
				chromedp.Flag("use-fake-device-for-media-stream", true),
				chromedp.Flag("use-fake-ui-for-media-stream", true))
			b.Navigate(t, srv.URL+"/door?lang="+lang)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("token")),
				chromedp.SendKeys(chromedp.ID("token"), devToken),
				chromedp.Click(chromedp.ID("signin-button")),
				chromedp.WaitVisible(chromedp.ID("pick-button")),
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
					const sel = document.getElementById('checkpoint');
					sel.value = [...sel.options].find((o) => o.textContent === %q).value;
				})()`, "Plenary hall main door")),
				chromedp.Click(chromedp.ID("pick-button")),
				chromedp.WaitVisible(chromedp.ID("number")))

			at := env.Now().Add(-time.Minute).Format(time.RFC3339)
			item := func(extra map[string]any) map[string]any {
				m := map[string]any{"scan_id": uuid.NewString(), "checkpoint_id": checkpoint, "direction": "in",
					"scanned_at": at, "device_verdict": "ok", "badge_number": ev.Number}
				for k, v := range extra {
					m[k] = v
				}
				return m
			}
			queue := []map[string]any{
				item(nil),
				item(map[string]any{"checkpoint_id": uuid.NewString()}), // answered with an error
				item(map[string]any{"code": "AC1:\x00", "badge_number": nil, "device_verdict": "unreadable"}),
				item(map[string]any{"holder": "x"}), // refused as a whole batch
				item(map[string]any{"direction": "out"}),
			}
			for _, q := range queue {
				if q["badge_number"] == nil {
					delete(q, "badge_number")
				}
			}
			js, _ := json.Marshal(queue)
			before := countRows(t, env, "scans")
			b.Do(t, chromedp.Evaluate[chromedp.Void](`localStorage.setItem('door.queue', `+strconv.Quote(string(js))+`)`))
			b.Navigate(t, srv.URL+"/door?lang="+lang) // the page starts again with its queue
			b.Do(t, chromedp.WaitVisible(chromedp.ID("number")))
			ok, err := chromedp.Run(b.Context(), chromedp.Poll[bool](`document.getElementById('queue').textContent === '0' &&
				document.getElementById('aside').textContent === '2' && document.getElementById('aside-list').checkVisibility()`,
				chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil || !ok {
				state, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.getElementById('queue').textContent + ' waiting, ' +
					document.getElementById('aside').textContent + ' aside: ' + document.getElementById('aside-items').innerText`))
				t.Fatalf("queue not emptied with two set aside: %s (%v)", state, err)
			}
			if got := countRows(t, env, "scans"); got != before+3 {
				t.Errorf("%d scans recorded, want the 3 the server accepted", got-before)
			}
			var unreadable int64
			env.DB.Table("scans").Where("offline = ? AND verdict = ? AND device_id = ?", true, "unreadable", devID).Count(&unreadable)
			if unreadable != 1 {
				t.Errorf("%d unreadable offline scans, want the code that is not text", unreadable)
			}
			shown, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.getElementById('aside-list').innerText`))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{i18n.T(lang, "door.page.aside_title"), i18n.T(lang, "door.page.aside_reason"),
				"checkpoint", "HTTP 400", "holder"} {
				if !strings.Contains(shown, want) {
					t.Errorf("the list set aside reads %q, want it to say %q", shown, want)
				}
			}
			if !strings.Contains(shown, strings.Replace(i18n.T(lang, "door.page.aside_badge"), "%d", strconv.Itoa(ev.Number), 1)) {
				t.Errorf("the list set aside reads %q, want the badge number", shown)
			}
			b.Axe(t)
			path := b.Screenshot(t, "door-set-aside-"+lang+".png")
			if dir := os.Getenv("DOOR_SCREENSHOTS"); dir != "" {
				if png, err := os.ReadFile(path); err == nil {
					_ = os.WriteFile(filepath.Join(dir, filepath.Base(path)), png, 0o644)
				}
			}
			b.NoProblems(t)
		})
	}
}
