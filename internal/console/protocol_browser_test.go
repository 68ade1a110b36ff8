package console_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/event"
)

// TestProtocolScreenInABrowser registers a holder for an official dinner by
// badge number from the screen, in English and in Arabic, and gives the
// place back: no console error, no CSP violation, no serious accessibility
// problem.
func TestProtocolScreenInABrowser(t *testing.T) {
	s := newLocalSite(t, nil)
	ev := s.badgeEvent(2)
	capacity := 10
	titles := event.Texts{"en": "Official dinner", "ar": "العشاء الرسمي"}
	kind := "protocol"
	ss, err := s.env.App.Services.Event.CreateSession(context.Background(), ev.ID, event.SessionInput{Kind: &kind, Titles: &titles,
		Capacity: event.Nullable[int]{Set: true, Value: &capacity}})
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
	signInBrowser(t, b, s.srv.URL, "secretariat")
	screen := s.srv.URL + "/console/events/" + ev.ID + "/protocol"
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, screen)
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, screen)
		b.SetValue(t, "#who-"+ss.ID, strconv.Itoa(ev.Badges[i].Number))
		b.Submit(t, `form[action$="/register"] button[type=submit]`)
		body, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(body, ev.People[i].Given) {
			t.Errorf("%s: the registered holder %q is not listed (%v)", lang, ev.People[i].Given, err)
		}
		b.Axe(t)
		b.Screenshot(t, "protocol-"+lang+".png")
	}
	b.Submit(t, `form[action$="/remove"] button[type=submit]`)
	var n int64
	s.env.DB.Table("session_registrations").Where("session_id = ?", ss.ID).Count(&n)
	if n != 1 {
		t.Errorf("%d registered after giving one place back, want 1", n)
	}
	b.Axe(t)
}

// TestParticipantTravelFormInABrowser opens a participant's travel form in
// English and in Arabic and saves an arrival: no console error, no CSP
// violation, no serious accessibility problem.
func TestParticipantTravelFormInABrowser(t *testing.T) {
	s := newLocalSite(t, nil)
	ev := s.eventAhead()
	pid, _ := s.member(ev, "Aysel", "Məmmədova")
	if r := s.env.Do("PUT", "/api/v1/events/"+ev+"/travel-settings", "secretariat", map[string]any{
		"fields": []string{"arrival", "hotel", "visa"}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
	signInBrowser(t, b, s.srv.URL, "secretariat")
	page := s.srv.URL + "/console/participants/" + pid
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, page)
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, page)
		b.Click(t, "#travel-edit summary")
		b.SetValue(t, "#tf-hotel", []string{"Hilton Baku", "فندق هيلتون باكو"}[i])
		b.Submit(t, `form[action$="/travel"] button[type=submit]`)
		body, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(body, []string{"Hilton Baku", "فندق هيلتون باكو"}[i]) {
			t.Errorf("%s: the saved hotel is not shown (%v)", lang, err)
		}
		b.Click(t, "#travel-edit summary")
		b.Axe(t)
		b.Screenshot(t, "participant-travel-"+lang+".png")
	}
}
