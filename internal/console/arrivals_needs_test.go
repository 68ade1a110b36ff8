package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTravelNeedsFromTheConsole: the travel settings screen offers the
// accessibility and dietary needs; asked, the participant's page lets the
// Secretariat change them, a control character is refused beside the field
// in Arabic with nothing stored, and the arrivals export carries them.
func TestTravelNeedsFromTheConsole(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	pid, _ := s.member(ev, "Aysel", "Məmmədova")
	s.signIn("secretariat")
	screen := "/console/events/" + ev + "/arrivals"
	if p := s.get(screen); !strings.Contains(p.Body, `value="accessibility"`) || !strings.Contains(p.Body, `value="dietary"`) ||
		!strings.Contains(p.Body, "Accessibility needs (such as a wheelchair)") {
		t.Fatalf("the settings do not offer the needs: %.3000s", p.Body)
	}
	token := s.csrf(screen)
	if p := s.post(screen+"/settings", url.Values{"_csrf": {token}, "fields": {"arrival", "accessibility", "dietary"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", p.Status, p.Body)
	}
	page := "/console/participants/" + pid
	if p := s.get(page); !strings.Contains(p.Body, `id="tf-dietary"`) || !strings.Contains(p.Body, `id="tf-accessibility"`) {
		t.Fatalf("the travel form lacks the needs: %.4000s", p.Body)
	}
	done := s.post(page+"/travel", url.Values{"_csrf": {token}, "arrival_at": {"2040-03-17T14:30"},
		"accessibility": {"Wheelchair at the aircraft door"}, "dietary": {"Halal"}})
	if done.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.500s", done.Status, done.Body)
	}
	stored := func() string {
		return string(s.env.Do("GET", "/api/v1/participants/"+pid+"/travel", "secretariat", nil).Body)
	}
	before := stored()
	if !strings.Contains(before, `"dietary":"Halal"`) || !strings.Contains(before, `"accessibility":"Wheelchair at the aircraft door"`) {
		t.Errorf("stored: %s", before)
	}
	s.language("ar", page)
	bad := s.post(page+"/travel", url.Values{"_csrf": {token}, "dietary": {"Halal\x1b[31m"}})
	if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, `id="e-tf-dietary"`) ||
		!strings.Contains(bad.Body, "يرجى حذف الرموز الخاصة") {
		t.Errorf("a control character: %d %.3000s", bad.Status, bad.Body)
	}
	if after := stored(); after != before {
		t.Errorf("the refused form changed the travel: %s", after)
	}
	if p := s.get(screen); !strings.Contains(p.Body, "Wheelchair at the aircraft door") {
		t.Errorf("the arrivals list does not say who needs a wheelchair: %.3000s", p.Body)
	}
	p := s.get(screen + "/export?format=csv&language=en")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "Wheelchair at the aircraft door,Halal,") {
		t.Errorf("export: %d %.600s", p.Status, p.Body)
	}
}

// TestConsoleExportsSpeakTheConsolesLanguage: a file downloaded from the
// console without ?language= has its header row in the language its user
// reads the console in; language=keys gives the machine keys.
func TestConsoleExportsSpeakTheConsolesLanguage(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	signedIn(s, "secretariat", "ru")
	for _, c := range []struct{ path, ru, key string }{
		{"/console/events/" + ev + "/arrivals/export", "\uFEFFДата,", "\uFEFFdate,"},
		{"/console/events/" + ev + "/attendance/export", "\uFEFFДелегация,", "\uFEFFdelegation,"},
		{"/console/events/" + ev + "/invitations/export", "\uFEFFТип делегации,", "\uFEFFkind,"},
	} {
		p := s.get(c.path)
		if p.Status != http.StatusOK || !strings.HasPrefix(p.Body, c.ru) || strings.HasPrefix(p.Body, c.key) {
			t.Errorf("%s in the console's Russian: %d %.200q", c.path, p.Status, p.Body)
		}
		if p := s.get(c.path + "?language=keys"); !strings.HasPrefix(p.Body, c.key) {
			t.Errorf("%s with keys: %.200q", c.path, p.Body)
		}
	}
}
