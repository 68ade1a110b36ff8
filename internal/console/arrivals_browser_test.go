package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
)

// TestArrivalsScreenInABrowser asks for arrivals from the console's form,
// then reads one entered through the API on its day, in English and in
// Arabic, with no console error, CSP violation or serious accessibility
// problem. Screenshots go to the test's artifacts.
func TestArrivalsScreenInABrowser(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, family := s.member(ev, "Aysel", "Məmmədova")
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	signInBrowser(t, b, s.srv.URL, "secretariat")
	page := s.srv.URL + "/console/events/" + ev + "/arrivals"
	b.Navigate(t, page)
	b.Click(t, `input[value="arrival"]`)
	b.Click(t, `input[value="hotel"]`)
	b.Submit(t, "#save-travel-settings")
	if r := s.env.Do("PATCH", "/api/v1/participants/"+pid+"/travel", "secretariat", map[string]any{
		"arrival_at": "2040-03-17T09:05", "arrival_flight": "J2 8012", "arrival_airport": "GYD", "hotel": "Hilton Baku"}); r.Status != 200 {
		t.Fatalf("travel: %d %s", r.Status, r.Body)
	}
	for _, lang := range []string{"en", "ar"} {
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, page)
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(text, "09:05") || !strings.Contains(text, "J28012") || !strings.Contains(text, family) {
			t.Errorf("%s: %q (%v)", lang, text, err)
		}
		b.Axe(t)
		t.Logf("%s: %s", lang, b.Screenshot(t, "arrivals-"+lang+".png"))
	}
	b.NoProblems(t)
}
