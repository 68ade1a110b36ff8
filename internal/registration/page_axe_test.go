package registration_test

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestRSVPPageAccessibility runs axe-core's serious and critical rules on each
// state of the RSVP page, in English and in Arabic: unanswered, accepted with
// the nomination form, the form sent back with errors, and a delegation with a
// member. No state may throw, log an error or break the page's CSP.
func TestRSVPPageAccessibility(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 4, Language: "en"})
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	b := browsertest.Start(t)
	page := srv.URL + "/rsvp/" + l.Token

	check := func(t *testing.T, lang, wantDir string) {
		t.Helper()
		dir, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`))
		if err != nil || dir != wantDir {
			t.Errorf("?lang=%s: dir %q (%v), want %q", lang, dir, err, wantDir)
		}
		b.Axe(t)
	}
	langs := []struct{ lang, dir string }{{"en", "ltr"}, {"ar", "rtl"}}
	states := []struct {
		name string
		// show brings the page in the language into the state.
		show func(t *testing.T, lang string)
	}{
		{"unanswered", func(t *testing.T, lang string) { b.Navigate(t, page+"?lang="+lang) }},
		{"accepted", func(t *testing.T, lang string) {
			b.Navigate(t, page+"?lang="+lang)
			b.Click(t, "#answer-accept")
			b.Submit(t, "#send-answer")
		}},
		{"nomination with errors", func(t *testing.T, lang string) {
			b.Navigate(t, page+"?lang="+lang)
			b.Submit(t, "#nominate")
			b.Do(t, chromedp.WaitVisible(chromedp.ID("e-given_names")))
		}},
		{"with a member", func(t *testing.T, lang string) {
			if lang == "en" {
				if r, _ := f.nominate(l, person("Abdulaziz Othman", "Altwaijri", "head")); r.Status != 201 {
					t.Fatalf("nominate: %d %s", r.Status, r.Body)
				}
			}
			b.Navigate(t, page+"?lang="+lang)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("members")))
		}},
	}
	for _, s := range states {
		for _, l := range langs {
			t.Run(s.name+"/"+l.lang, func(t *testing.T) {
				s.show(t, l.lang)
				check(t, l.lang, l.dir)
			})
		}
	}
	b.NoProblems(t)
}
