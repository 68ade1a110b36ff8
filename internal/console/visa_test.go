package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestParticipantPageShowsPassportAndDrawsTheVisaLetter: the Secretariat
// reads a participant's passport details on their page, in English and
// Arabic, and draws the visa letter with its button; before approval the
// page says why not; a door account sees none of it.
func TestParticipantPageShowsPassportAndDrawsTheVisaLetter(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, _ := s.member(ev, "Aysel", "Məmmədova")
	for _, c := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"PUT", "/api/v1/events/" + ev + "/visa-settings", map[string]any{"ask_passport": true}, 200},
		{"POST", "/api/v1/events/" + ev + "/signatories", map[string]any{"name": "Yury Fedotov", "title": "Executive Director",
			"organisation": "United Nations Office on Drugs and Crime", "organisation_short": "UNODC"}, 201},
		{"PUT", "/api/v1/participants/" + pid + "/passport", map[string]any{"number": "C03005988", "issuing_country": "AZ",
			"expires_on": "2044-05-01", "birth_date": "1979-09-02", "birth_place": "Şəki",
			"consulate": "Embassy of the Republic of Azerbaijan in Paris", "letter_language": "fr"}, 200},
	} {
		if r := s.env.Do(c.method, c.path, "secretariat", c.body); r.Status != c.want {
			t.Fatalf("%s %s: %d %s", c.method, c.path, r.Status, r.Body)
		}
	}
	s.signIn("secretariat")
	page := "/console/participants/" + pid
	for _, c := range []struct{ lang, title string }{{"en", "Passport and visa support letter"}, {"ar", "جواز السفر ورسالة دعم التأشيرة"}} {
		s.language(c.lang, page)
		p := s.get(page)
		for _, want := range []string{c.title, "C03005988", "Şəki", "Embassy of the Republic of Azerbaijan in Paris", "Français",
			`action="/console/participants/` + pid + `/visa-letter"`, `id="passport-details"`} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("%s: the page lacks %q", c.lang, want)
			}
		}
	}
	s.language("en", page)
	token := s.csrf(page)
	if p := s.post(page+"/visa-letter", url.Values{"_csrf": {token}}); p.Status != http.StatusConflict ||
		!strings.Contains(p.Body, "given to approved participants only") {
		t.Errorf("before approval: %d %.2000s", p.Status, p.Body)
	}
	r := s.env.Do("POST", "/api/v1/events/"+ev+"/categories", "secretariat", map[string]any{"code": "delegate",
		"names": map[string]string{"en": "Delegate"}, "colour": "#0055aa", "photo_required": false})
	if r.Status != 201 {
		t.Fatalf("category: %d %s", r.Status, r.Body)
	}
	category := r.Map(t)["id"].(string)
	if r := s.env.Do("POST", "/api/v1/participants/"+pid+"/approve", "secretariat", map[string]string{"category_id": category}); r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	p := s.post(page+"/visa-letter", url.Values{"_csrf": {token}})
	if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(p.Body, "%PDF") ||
		p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the letter: %d %s %.200s", p.Status, p.Header.Get("Content-Type"), p.Body)
	}
	if p := s.post(page+"/visa-letter", url.Values{}); p.Status == http.StatusOK {
		t.Error("a letter drawn without the form token")
	}
	s.client = newClient()
	s.signIn("door")
	for _, path := range []string{page} {
		if p := s.get(path); p.Status == http.StatusOK || strings.Contains(p.Body, "C03005988") {
			t.Errorf("a door account on %s: %d", path, p.Status)
		}
	}
}
