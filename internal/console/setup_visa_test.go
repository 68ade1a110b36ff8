package console_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The visa settings' page asks whether the RSVP page wants passport
// details and after how many days they go; a number of days out of 0..365
// or not a number is refused beside its field, in the viewer's language,
// and nothing is stored.
func TestSetupVisa(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	signedIn(s, "secretariat", "ar")
	base := setupPaths(ev)[7]
	settings := "/api/v1/events/" + ev + "/visa-settings"
	before := s.env.Do(http.MethodGet, settings, "secretariat", nil).Map(t)
	p := s.get(base)
	mustSee(t, p, "التأشيرات", `name="erase_after_days"`, `name="ask_passport" value="yes"`)
	token := s.csrf(base)
	audits := s.audits()
	for _, days := range []string{"366", "-1", "thirty", "", "3.5"} {
		p := s.post(base, url.Values{"_csrf": {token}, "ask_passport": {"yes"}, "erase_after_days": {days}})
		refused(t, p, http.StatusBadRequest, "erase_after_days")
		if !strings.Contains(html.UnescapeString(p.Body), "أدخل عددا صحيحا من الأيام من 0 إلى 365") {
			t.Errorf("%q: the message beside the field is not the Arabic one: %.600s", days, p.Body)
		}
	}
	if got := s.env.Do(http.MethodGet, settings, "secretariat", nil).Map(t); got["ask_passport"] != before["ask_passport"] ||
		got["erase_after_days"] != before["erase_after_days"] || s.audits() != audits {
		t.Errorf("a refused form changed the settings: %v, was %v", got, before)
	}
	p = s.post(base, url.Values{"_csrf": {token}, "ask_passport": {"yes"}, "erase_after_days": {" 30 "}})
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "/setup/visa?done=saved") {
		t.Fatalf("save: %d %s %.300s", p.Status, p.Location, p.Body)
	}
	got := s.env.Do(http.MethodGet, settings, "secretariat", nil).Map(t)
	if got["ask_passport"] != true || got["erase_after_days"] != float64(30) {
		t.Errorf("stored settings: %v", got)
	}
	mustSee(t, s.get(base), `value="yes" checked`, `value="30"`)
	p = s.post(base, url.Values{"_csrf": {token}, "ask_passport": {"no"}, "erase_after_days": {"0"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", p.Status, p.Body)
	}
	if got := s.env.Do(http.MethodGet, settings, "secretariat", nil).Map(t); got["ask_passport"] != false || got["erase_after_days"] != float64(0) {
		t.Errorf("stored settings: %v", got)
	}
}
