package speakers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
)

// TestChairScreenFollowsTheListAcrossServers: the hall's full-screen view,
// served by one server, shows the current speaker, the next three and the
// time; when "spoke" is marked on another server it moves on by itself, in
// English and in Arabic, with no console error, no CSP violation and no
// serious accessibility problem.
func TestChairScreenFollowsTheListAcrossServers(t *testing.T) {
	db1, db2 := twoPools(t)
	f := newFixture(t, db1)
	other := f.second(db2)
	srv := apptest.Serve(t, db1)
	var ids []string
	for _, n := range []struct{ delegation, given, family, native string }{
		{"Azerbaijan", "Elmar", "Mammadyarov", "Elmar Məmmədyarov"},
		{"Jordan", "Nasser", "Judeh", "ناصر جودة"},
		{"Russian Federation", "Sergey", "Lavrov", "Сергей Лавров"},
		{"France", "Claire", "Martin", ""},
		{"Chile", "Pablo", "Neruda", ""},
	} {
		d := f.delegation(f.EventID, n.delegation)
		p := f.member(d, "H.E.", n.given, n.family, n.native)
		r := f.inscribe(d, p)
		if r.Status != 201 {
			t.Fatalf("inscribe: %d %s", r.Status, r.Body)
		}
		ids = append(ids, r.Map(t)["id"].(string))
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 800))
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, srv.URL+"/hall/"+f.SessionID+"?lang="+lang)
		current := func() string {
			s, err := chromedp.Run(b.Context(), chromedp.TextContent(chromedp.ID("current")))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		next, err := chromedp.Run(b.Context(), chromedp.TextContent(chromedp.ID("next")))
		must(t, err)
		if strings.Count(next, "H.E.") != 3 {
			t.Errorf("%s: next three %q", lang, next)
		}
		want := []string{"Elmar Mammadyarov", "Nasser Judeh", "Sergey Lavrov"}
		if got := current(); !strings.Contains(got, want[i]) {
			t.Errorf("%s: current %q, want %q", lang, got, want[i])
		}
		b.Axe(t)
		b.Screenshot(t, "chair-"+lang+".png")
		if r := other.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers/"+ids[i]+"/mark", "secretariat",
			map[string]string{"status": "spoke"}); r.Status != 200 {
			t.Fatalf("mark on the other server: %d %s", r.Status, r.Body)
		}
		// The page reloads itself when the version changes: read it until it shows the next speaker.
		deadline, got := time.Now().Add(15*time.Second), ""
		for time.Now().Before(deadline) && !strings.Contains(got, want[i+1]) {
			time.Sleep(200 * time.Millisecond)
			ctx, cancel := context.WithTimeout(b.Context(), 2*time.Second)
			got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("current") || {}).textContent || ""`))
			cancel()
		}
		if !strings.Contains(got, want[i+1]) {
			t.Errorf("%s: the screen did not move on to %q (shows %q)", lang, want[i+1], got)
		}
	}
}
