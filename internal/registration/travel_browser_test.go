package registration_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestTravelOnThePageInABrowser enters a member's arrival on the RSVP page
// as a focal point does, in English and in Arabic: first a departure before
// the arrival (the message appears beside the departure, nothing stored),
// then a good one with the member's dietary needs (saved, and the Secretariat's arrivals list has it on its
// day in Baku), with no console error or CSP violation and no serious
// accessibility problem. Screenshots go to the test's artifacts.
func TestTravelOnThePageInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	if r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat",
		map[string]any{"fields": []string{"arrival", "departure", "hotel", "visa", "accessibility", "dietary"}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, hotel, diet, saved string }{
		{"en", "Fairmont Baku", "Halal, no nuts", "The travel details have been saved."},
		{"ar", "فندق فيرمونت باكو", "طعام حلال بدون مكسرات", "تم حفظ تفاصيل السفر."}} {
		t.Run(c.lang, func(t *testing.T) {
			l := f.invite(invite{Language: c.lang})
			f.accept(l)
			_, p := f.nominate(l, person("Leila", "Aliyeva", "head"))
			id := p["id"].(string)
			field := func(name string) string { return "#t-" + id + "-" + name }
			b.Navigate(t, srv.URL+"/rsvp/"+l.Token+"?lang="+c.lang)
			b.Click(t, "#travel-"+id+" summary")
			b.SetValue(t, field("arrival_at"), "2040-03-19T10:00")
			b.SetValue(t, field("departure_at"), "2040-03-18T10:00")
			b.Do(t, chromedp.SendKeys(chromedp.CSS(field("arrival_flight")), "J2 8012"),
				chromedp.SendKeys(chromedp.CSS(field("arrival_airport")), "gyd"),
				chromedp.SendKeys(chromedp.CSS(field("hotel")), c.hotel),
				chromedp.SendKeys(chromedp.CSS(field("dietary")), c.diet))
			b.Submit(t, "#travel-save-"+id)
			b.Do(t, chromedp.WaitVisible(chromedp.CSS("#te-"+id+"-departure_at")))
			invalid, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](
				`document.querySelector('`+field("departure_at")+`').getAttribute('aria-invalid')`))
			if invalid != "true" {
				t.Errorf("the departure is not marked invalid")
			}
			kept, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector('`+field("hotel")+`').value`))
			if kept != c.hotel {
				t.Errorf("the hotel typed is shown again as %q, want %q", kept, c.hotel)
			}
			var n int64
			must(t, f.DB.Table("participant_travel").Where("participant_id = ?", id).Count(&n).Error)
			if n != 0 {
				t.Errorf("a refused form stored travel")
			}
			if _, d := participantNeeds(t, f, id); d != "" {
				t.Errorf("a refused form stored the dietary needs %q", d)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-travel-error-"+c.lang+".png")
			b.SetValue(t, field("departure_at"), "2040-03-20T18:00")
			b.Submit(t, "#travel-save-"+id)
			text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("body")))
			if err != nil || !strings.Contains(text, c.saved) {
				t.Errorf("the page does not say the travel was saved: %v", err)
			}
			b.Click(t, "#travel-"+id+" summary")
			got, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector('`+field("arrival_flight")+`').value`))
			if got != "J28012" {
				t.Errorf("flight shown %q after saving, want J28012", got)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-travel-"+c.lang+".png")
			r := f.Do("GET", "/api/v1/participants/"+id+"/travel", "secretariat", nil)
			if m := r.Map(t); m["arrival_at"] != "2040-03-19T06:00:00Z" || m["hotel"] != c.hotel || m["arrival_airport"] != "GYD" ||
				m["dietary"] != c.diet {
				t.Errorf("stored travel %s", r.Body)
			}
		})
	}
	b.NoProblems(t)
}
