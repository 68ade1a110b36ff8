package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/event"
)

// TestNewAndCopiedEventsInABrowser: the new event form refused and the copy
// form filled in, in English and Arabic, with no console error, CSP
// violation or serious accessibility problem. With EVENT_SHOTS=dir it saves
// a screenshot of each page there.
func TestNewAndCopiedEventsInABrowser(t *testing.T) {
	s := newSite(t)
	if _, err := event.NewService(s.env.DB.DB).LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	src := s.env.Do("GET", "/api/v1/events", "admin", nil).Map(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	shots := os.Getenv("EVENT_SHOTS")
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
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, s.srv.URL+"/console/?all=1")
		b.SetValue(t, `#lang-select`, lang)
		b.Submit(t, `form.lang button[type=submit]`)
		look(lang + "-events")
		b.Navigate(t, s.srv.URL+"/console/events/new")
		b.SetValue(t, `input[name=name]`, "Regional Conference")
		b.SetValue(t, `input[name=starts_on]`, "2027-05-10")
		b.SetValue(t, `input[name=ends_on]`, "2027-05-01")
		b.Submit(t, `form[action="/console/events/new"] button[type=submit]`)
		msg, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS(`#e-ends_on`)))
		if err != nil || strings.TrimSpace(msg) == "" {
			t.Errorf("%s: no message beside the last day: %q %v", lang, msg, err)
		}
		look(lang + "-new-refused")
		b.Navigate(t, s.srv.URL+"/console/events/"+src+"/copy")
		look(lang + "-copy")
		b.SetValue(t, `input[name=name]`, "Conference "+lang)
		b.SetValue(t, `input[name=starts_on]`, "2027-03-16")
		b.Submit(t, `form[action$="/copy"] button[type=submit]`)
		loc, err := chromedp.Run(b.Context(), chromedp.Location())
		if err != nil || !strings.Contains(loc, "/setup?done=event_copied") {
			t.Errorf("%s: after the copy the browser is at %q (%v)", lang, loc, err)
		}
		if n := s.count("events"); n != int64(2+i) {
			t.Errorf("%s: %d events after the copy", lang, n)
		}
	}
	b.NoProblems(t)
}
