package visa_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestPassportFormInABrowser gives a member's passport details on the RSVP
// page as a focal point does, in English and in Arabic: first with a zero
// width space pasted into the number and an expiry before the event (the
// messages appear beside the fields, nothing stored), then as printed
// (received: the page says so and shows the details no more), with no
// console error or CSP violation and no serious accessibility problem.
func TestPassportFormInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, place, received string }{
		{"en", "Ganja", "The passport details have been received."},
		{"ar", "گنجه", "وردت بيانات جواز السفر."}} {
		t.Run(c.lang, func(t *testing.T) {
			token := f.invite()
			f.mustDo("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"}, 200)
			id := f.mustDo("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]any{"given_names": "Leyla",
				"family_name": "Aliyeva", "role": "head"}, 201)["id"].(string)
			field := func(name string) string { return "#pp-" + id + "-" + name }
			b.Navigate(t, srv.URL+"/rsvp/"+token+"?lang="+c.lang)
			b.Click(t, "#passport-"+id+" summary")
			// A number pasted with a zero-width space in it, as copied from a document.
			b.SetValue(t, field("number"), "C0300\u200b5988")
			b.Do(t, chromedp.SendKeys(chromedp.CSS(field("issuing_country")), "az"),
				chromedp.SendKeys(chromedp.CSS(field("birth_place")), c.place),
				chromedp.SendKeys(chromedp.CSS(field("consulate")), "Embassy of the Republic of Azerbaijan in Paris"))
			b.SetValue(t, field("expires_on"), "2040-03-01")
			b.SetValue(t, field("birth_date"), "1979-09-02")
			b.SetValue(t, field("letter_language"), c.lang)
			b.Submit(t, "#passport-save-"+id)
			b.Do(t, chromedp.WaitVisible(chromedp.CSS("#ppe-"+id+"-number")), chromedp.WaitVisible(chromedp.CSS("#ppe-"+id+"-expires_on")))
			kept, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector('`+field("birth_place")+`').value`))
			if kept != c.place {
				t.Errorf("the place typed is shown again as %q, want %q", kept, c.place)
			}
			var n int64
			must(t, f.DB.Table("participant_passports").Where("participant_id = ?", id).Count(&n).Error)
			if n != 0 {
				t.Errorf("a refused form stored the passport")
			}
			b.Axe(t)
			shot(t, b, "rsvp-passport-error-"+c.lang+".png")
			b.SetValue(t, field("number"), "C03005988")
			b.SetValue(t, field("expires_on"), "2044-05-01")
			b.Submit(t, "#passport-save-"+id)
			text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("body")))
			if err != nil || !strings.Contains(text, c.received) || strings.Contains(text, "C03005988") {
				t.Errorf("the page after sending: %v %.2000s", err, text)
			}
			b.Click(t, "#passport-"+id+" summary")
			b.Axe(t)
			shot(t, b, "rsvp-passport-"+c.lang+".png")
			got := f.mustDo("GET", "/api/v1/participants/"+id+"/passport", "secretariat", nil, 200)["passport"].(map[string]any)
			if got["number"] != "C03005988" || got["birth_place"] != c.place || got["letter_language"] != c.lang {
				t.Errorf("stored %v", got)
			}
		})
	}
	b.NoProblems(t)
}

// shot saves a screenshot to the test's artifacts, and to VISA_SCREENSHOTS
// when set.
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if dir := os.Getenv("VISA_SCREENSHOTS"); dir != "" {
		name = filepath.Join(dir, name)
	}
	b.Screenshot(t, name)
}
