package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
)

// TestPassportOnTheParticipantPageInABrowser reads a participant's passport
// details on their page and asks for the visa letter before approval (the
// page says why not), in English and Arabic, with no console error or CSP
// violation and no serious accessibility problem. With PARTICIPANT_SHOTS=dir
// it saves a screenshot of each page there.
func TestPassportOnTheParticipantPageInABrowser(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, _ := s.member(ev, "Aysel", "Məmmədova")
	if r := s.env.Do("PUT", "/api/v1/events/"+ev+"/visa-settings", "secretariat", map[string]any{"ask_passport": true}); r.Status != 200 {
		t.Fatalf("settings: %d", r.Status)
	}
	if r := s.env.Do("PUT", "/api/v1/participants/"+pid+"/passport", "secretariat", map[string]any{"number": "C03005988",
		"issuing_country": "AZ", "expires_on": "2044-05-01", "birth_date": "1979-09-02", "birth_place": "Şəki",
		"consulate": "Embassy of the Republic of Azerbaijan in Paris", "letter_language": "fr"}); r.Status != 200 {
		t.Fatalf("passport: %d %s", r.Status, r.Body)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	shots := os.Getenv("PARTICIPANT_SHOTS")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if shots != "" {
			b.Screenshot(t, filepath.Join(shots, name+".png"))
		}
	}
	b.Navigate(t, s.srv.URL+"/console/signin")
	b.SetValue(t, `input[name=email]`, "secretariat@test.example")
	b.SetValue(t, `input[name=password]`, apptest.Password)
	b.Submit(t, `form[action="/console/signin"] button[type=submit]`)
	for _, c := range []struct{ lang, refused string }{{"en", "given to approved participants only"}, {"ar", "للمشاركين المعتمدين فقط"}} {
		b.Navigate(t, s.srv.URL+"/console/participants/"+pid)
		b.SetValue(t, `#lang-select`, c.lang)
		b.Submit(t, `form.lang button[type=submit]`)
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("#passport-details")))
		if err != nil || !strings.Contains(text, "C03005988") || !strings.Contains(text, "Şəki") {
			t.Errorf("%s: the passport details read %q (%v)", c.lang, text, err)
		}
		look(c.lang + "-passport")
		b.Submit(t, "#visa-letter")
		text, err = chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("body")))
		if err != nil || !strings.Contains(text, c.refused) {
			t.Errorf("%s: the refusal is not said: %v", c.lang, err)
		}
		look(c.lang + "-visa-refused")
	}
	b.NoProblems(t)
}
