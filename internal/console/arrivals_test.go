package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestArrivalsScreen lists an arrival entered by the Secretariat on its day
// in Baku, with its flight and hotel, in English and Arabic, and downloads
// the same as CSV; door accounts are not let in.
func TestArrivalsScreen(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, family := s.member(ev, "Aysel", "Məmmədova")
	s.signIn("secretariat")
	page := "/console/events/" + ev + "/arrivals"
	token := s.csrf(page)
	if p := s.post(page+"/settings", url.Values{"_csrf": {token}, "fields": {"arrival", "shoe_size"}}); p.Status != http.StatusBadRequest {
		t.Errorf("an unknown field: %d", p.Status)
	}
	if p := s.post(page+"/settings", url.Values{"_csrf": {token}, "fields": {"arrival", "hotel"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", p.Status, p.Body)
	}
	if r := s.env.Do("GET", "/api/v1/events/"+ev+"/travel-settings", "secretariat", nil); !strings.Contains(string(r.Body), `["arrival","hotel"]`) {
		t.Errorf("settings saved from the console: %s", r.Body)
	}
	// 22:10 UTC on the 16th is 02:10 on the 17th in Baku.
	if r := s.env.Do("PATCH", "/api/v1/participants/"+pid+"/travel", "secretariat", map[string]any{
		"arrival_at": "2040-03-16T22:10:00Z", "arrival_flight": "TK 334", "arrival_airport": "GYD", "hotel": "Hilton Baku"}); r.Status != 200 {
		t.Fatalf("travel: %d %s", r.Status, r.Body)
	}
	for _, c := range []struct{ lang, title string }{{"en", "Arrivals by day"}, {"ar", "الوصول حسب اليوم"}} {
		lang, title := c.lang, c.title
		s.language(lang, page)
		p := s.get(page)
		if p.Status != http.StatusOK || !strings.Contains(p.Body, title) || !strings.Contains(p.Body, "2040-03-17") ||
			!strings.Contains(p.Body, "02:10") || !strings.Contains(p.Body, "TK334") || !strings.Contains(p.Body, "Hilton Baku") ||
			!strings.Contains(p.Body, family) {
			t.Errorf("%s: %d %.3000s", lang, p.Status, p.Body)
		}
	}
	staff := s.client
	s.client = newClient()
	s.signIn("door")
	if p := s.get(page); p.Status == http.StatusOK {
		t.Errorf("a door account sees the arrivals")
	}
	s.client = staff
	if p := s.get("/console/participants/" + pid); p.Status != http.StatusOK || !strings.Contains(p.Body, `id="travel-h"`) ||
		!strings.Contains(p.Body, "2040-03-17 02:10") || !strings.Contains(p.Body, "TK334") {
		t.Errorf("the participant's page: %d %.4000s", p.Status, p.Body)
	}
	p := s.get(page + "/export?format=csv")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "2040-03-17,02:10,TK334,GYD") {
		t.Errorf("export: %d %.600s", p.Status, p.Body)
	}
	if p := s.get(page + "/export?format=pdf"); p.Status != http.StatusBadRequest {
		t.Errorf("unknown format: %d", p.Status)
	}
}

// member nominates a head of delegation in a new delegation of ev through
// the API, as its focal point does, and returns the id and family name.
func (s *site) member(ev, given, family string) (string, string) {
	s.t.Helper()
	do := func(method, path, role string, body any, want int) map[string]any {
		s.t.Helper()
		r := s.env.Do(method, path, role, body)
		if r.Status != want {
			s.t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
		}
		if len(r.Body) == 0 {
			return nil
		}
		return r.Map(s.t)
	}
	del := do("POST", "/api/v1/events/"+ev+"/delegations", "secretariat", map[string]any{
		"kind": "member_state", "country": "AZ", "name": map[string]string{"en": "Azerbaijan"}}, 201)
	inv := do("POST", "/api/v1/events/"+ev+"/invitations", "secretariat", map[string]any{
		"delegation_id": del["id"], "language": "en", "rsvp_deadline": s.env.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"invitee": map[string]string{"given_names": given, "family_name": family, "office": "Minister", "email": "m@example.az"}}, 201)
	do("POST", "/api/v1/invitations/"+inv["id"].(string)+"/issue", "secretariat", nil, 200)
	link := do("POST", "/api/v1/invitations/"+inv["id"].(string)+"/rsvp-link", "secretariat", nil, 201)["url"].(string)
	rsvp := "/api/v1/rsvp/" + link[strings.LastIndex(link, "/")+1:]
	do("POST", rsvp+"/response", "", map[string]string{"answer": "accept"}, 200)
	p := do("POST", rsvp+"/participants", "", map[string]any{"given_names": given, "family_name": family, "role": "head"}, 201)
	return p["id"].(string), family
}

// TestParticipantPageChangesTravel: the Secretariat enters a participant's
// arrival and hotel from their page; a departure before the arrival is shown
// again with the message beside the field, in Arabic, and nothing stored.
func TestParticipantPageChangesTravel(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, _ := s.member(ev, "Aysel", "Məmmədova")
	s.signIn("secretariat")
	if r := s.env.Do("PUT", "/api/v1/events/"+ev+"/travel-settings", "secretariat", map[string]any{
		"fields": []string{"arrival", "departure", "hotel"}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	page := "/console/participants/" + pid
	if p := s.get(page); !strings.Contains(p.Body, `action="/console/participants/`+pid+`/travel"`) || !strings.Contains(p.Body, `id="tf-hotel"`) ||
		strings.Contains(p.Body, `id="tf-visa_needed"`) {
		t.Fatalf("the page has no travel form with the fields asked (and only those)")
	}
	token := s.csrf(page)
	done := s.post(page+"/travel", url.Values{"_csrf": {token}, "arrival_at": {"2040-03-17T14:30"}, "arrival_flight": {"J2 8012"},
		"arrival_airport": {"gyd"}, "hotel": {"Hilton Baku"}})
	if done.Status != http.StatusSeeOther || !strings.Contains(done.Location, "done=travel") {
		t.Fatalf("save: %d %.500s", done.Status, done.Body)
	}
	stored := func() string {
		return string(s.env.Do("GET", "/api/v1/participants/"+pid+"/travel", "secretariat", nil).Body)
	}
	before := stored()
	if !strings.Contains(before, `"arrival_at":"2040-03-17T10:30:00Z"`) || !strings.Contains(before, "Hilton Baku") {
		t.Errorf("stored travel: %s", before)
	}
	s.language("ar", page)
	bad := s.post(page+"/travel", url.Values{"_csrf": {token}, "departure_at": {"2040-03-16T10:00"}})
	if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, `id="e-tf-departure_at"`) || !strings.Contains(bad.Body, `value="2040-03-16T10:00"`) ||
		!strings.Contains(bad.Body, `dir="rtl"`) {
		t.Errorf("a departure before the arrival: %d %.800s", bad.Status, bad.Body)
	}
	if after := stored(); after != before {
		t.Errorf("the refused form changed the travel: %s", after)
	}
}
