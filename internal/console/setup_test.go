package console_test

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"accreditation/internal/event"
)

// setupPaths are the setup screens of an event.
func setupPaths(ev string) []string {
	base := "/console/events/" + ev + "/setup"
	return []string{base, base + "/sessions", base + "/zones", base + "/categories", base + "/checkpoints",
		base + "/signatories", base + "/letters", base + "/visa"}
}

// signedIn is a site with a member of staff of role signed in, in lang.
func signedIn(s *site, role, lang string) {
	s.t.Helper()
	s.client = newClient()
	s.signIn(role)
	token := s.csrf("/console/?all=1")
	s.post("/console/language", url.Values{"_csrf": {token}, "lang": {lang}, "next": {"/console/"}})
}

// mustSee fails unless the page's text, unescaped, contains each of want.
func mustSee(t *testing.T, p page, want ...string) {
	t.Helper()
	body := html.UnescapeString(p.Body)
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the page (%d) lacks %q", p.Status, w)
		}
	}
}

// refused checks that a form came back with the message beside field.
func refused(t *testing.T, p page, status int, field string) {
	t.Helper()
	if p.Status != status || !strings.Contains(p.Body, `id="e-`+field+`"`) || !strings.Contains(p.Body, `aria-invalid="true"`) {
		t.Errorf("want %d with a message beside %s, got %d: %.400s", status, field, p.Status, p.Body)
	}
}

func (s *site) audits() int64 { return s.count("audit_log") }

func TestSetupPagesRenderForEveryStaffRole(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	for _, role := range []string{"admin", "secretariat"} {
		for _, lang := range []string{"en", "ar", "fr", "ru", "az"} {
			signedIn(s, role, lang)
			for _, path := range setupPaths(ev) {
				p := s.get(path)
				if p.Status != http.StatusOK || !strings.Contains(p.Body, `lang="`+lang+`"`) {
					t.Errorf("%s %s %s: %d", role, lang, path, p.Status)
				}
				if strings.Contains(p.Body, "console.setup.") {
					t.Errorf("%s %s: a catalogue key shows instead of its text", lang, path)
				}
				for _, sub := range setupPaths(ev) {
					if !strings.Contains(p.Body, `href="`+sub+`"`) {
						t.Errorf("%s: the sub-menu lacks %s", path, sub)
					}
				}
			}
		}
	}
	s.client = newClient()
	if p := s.get(setupPaths(ev)[0]); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/console/signin") {
		t.Errorf("signed out: %d %s, want the sign-in page", p.Status, p.Location)
	}
	signedIn(s, "admin", "en")
	for _, bad := range []string{"/console/events/x/setup", "/console/events/00000000-0000-4000-8000-000000000000/setup/zones",
		setupPaths(ev)[1] + "/nope", setupPaths(ev)[2] + "/00000000-0000-4000-8000-000000000000"} {
		if p := s.get(bad); p.Status != http.StatusNotFound && p.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 404 or 400", bad, p.Status)
		}
	}
}

// eventForm is the details form of the test event, as the page shows it.
func eventForm(token string) url.Values {
	f := url.Values{"_csrf": {token}, "name": {"Console test conference"}, "venue": {"Gulustan Palace"},
		"city": {"Baku"}, "country": {"AZ"}, "timezone": {"Asia/Baku"}, "starts_on": {"2013-03-18"},
		"ends_on": {"2013-03-19"}, "languages": {"ar", "en", "fr"}, "reference_format": {"BAKU/2013/{seq:03}"},
		"rsvp_grace_days": {"5"}, "reminder_days": {"10"}, "names_en": {"Console test conference"},
		"names_ar": {"المؤتمر الدولي لتعزيز التعاون في منع الإرهاب"}, "names_ru": {"Международная конференция"}}
	for _, k := range event.DelegationKinds {
		f.Set("quota_"+k, "4")
	}
	return f
}

func TestSetupEventDetails(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	signedIn(s, "secretariat", "ar")
	path := setupPaths(ev)[0]
	token := s.csrf(path)
	if p := s.post(path, eventForm(token)); p.Status != http.StatusSeeOther || p.Location != path+"?done=saved" {
		t.Fatalf("save: %d %s %.300s", p.Status, p.Location, p.Body)
	}
	got := s.env.Do(http.MethodGet, "/api/v1/events/"+ev, "admin", nil).Map(t)
	if got["venue"] != "Gulustan Palace" || got["reference_format"] != "BAKU/2013/{seq:03}" || got["reminder_days"] != 10.0 ||
		got["names"].(map[string]any)["ar"] != "المؤتمر الدولي لتعزيز التعاون في منع الإرهاب" || len(got["languages"].([]any)) != 3 ||
		got["default_quotas"].(map[string]any)["ngo"] != 4.0 {
		t.Errorf("stored: %v", got)
	}
	p := s.get(path + "?done=saved")
	mustSee(t, p, "المؤتمر الدولي لتعزيز التعاون في منع الإرهاب", "تم الحفظ.", `value="BAKU/2013/{seq:03}"`)
	before := s.audits()
	for field, value := range map[string]string{"country": "Azerbaijan", "timezone": "Mars/Olympus", "ends_on": "2013-03-10",
		"starts_on": "18/03/2013", "reference_format": "BAKU/2013", "rsvp_grace_days": "a week", "reminder_days": "400",
		"name": " ", "languages": "xx"} {
		f := eventForm(token)
		f.Set(field, value)
		p := s.post(path, f)
		refused(t, p, http.StatusBadRequest, field)
		if field != "languages" && field != "name" && !strings.Contains(p.Body, html.EscapeString(value)) {
			t.Errorf("%s: the form lost what was typed (%q)", field, value)
		}
	}
	f := eventForm(token)
	f.Set("quota_ngo", "0")
	refused(t, s.post(path, f), http.StatusBadRequest, "default_quotas")
	f.Set("quota_ngo", "many")
	refused(t, s.post(path, f), http.StatusBadRequest, "default_quotas")
	if after := s.audits(); after != before {
		t.Errorf("refused forms changed something: %d audit entries, want %d", after, before)
	}
	if got := s.env.Do(http.MethodGet, "/api/v1/events/"+ev, "admin", nil).Map(t); got["country"] != "AZ" || got["ends_on"] != "2013-03-19" {
		t.Errorf("a refused form was stored: %v", got)
	}
	if p := s.post(path, url.Values{"name": {"x"}}); p.Status != http.StatusForbidden {
		t.Errorf("without the form token: %d, want 403", p.Status)
	}
}

func TestSetupSessions(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	zone := s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/zones", "admin",
		map[string]any{"code": "plenary", "names": map[string]string{"en": "Plenary hall", "ar": "القاعة العامة"}}).Map(t)["id"].(string)
	signedIn(s, "secretariat", "en")
	base := setupPaths(ev)[1]
	token := s.csrf(base)
	form := func() url.Values {
		return url.Values{"_csrf": {token}, "kind": {"plenary"}, "titles_en": {"Plenary session 1"},
			"titles_ar": {"الجلسة العامة الأولى"}, "subtopics": {"dialogue among cultures\n\nsupporting victims"},
			"moderator": {"Leyla Məmmədova"}, "zone_id": {zone}, "starts_at": {"2013-03-18T14:30"}, "ends_at": {"2013-03-18T18:00"}}
	}
	if p := s.post(base, form()); p.Status != http.StatusSeeOther || p.Location != base+"?done=created" {
		t.Fatalf("add: %d %s %.400s", p.Status, p.Location, p.Body)
	}
	var ss event.Session
	if err := s.env.DB.DB.Where("event_id = ?", ev).First(&ss).Error; err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2013, 3, 18, 10, 30, 0, 0, time.UTC); !ss.StartsAt.Equal(want) || len(ss.Subtopics) != 2 ||
		ss.Titles["ar"] != "الجلسة العامة الأولى" || ss.Moderator != "Leyla Məmmədova" || *ss.ZoneID != zone {
		t.Errorf("stored: %+v (starts %v, want %v: entered in Asia/Baku)", ss, ss.StartsAt, want)
	}
	mustSee(t, s.get(base), "Plenary session 1", "2013-03-18 14:30", "18:00", "Plenary hall", "Leyla Məmmədova")
	mustSee(t, s.get(base+"/"+ss.ID), `value="2013-03-18T14:30"`, "dialogue among cultures\nsupporting victims")
	before := s.audits()
	for field, change := range map[string][2]string{"ends_at": {"ends_at", "2013-03-18T12:00"},
		"starts_at": {"starts_at", "2013-03-25T09:00"}, "kind": {"kind", "banquet"}, "titles": {"titles_en", ""},
		"zone_id": {"zone_id", "00000000-0000-4000-8000-000000000000"}, "position": {"position", "-1"}} {
		f := form()
		f.Set(change[0], change[1])
		if field == "titles" {
			f.Del("titles_ar")
		}
		refused(t, s.post(base+"/"+ss.ID, f), http.StatusBadRequest, field)
	}
	f := form()
	f.Set("starts_at", "tomorrow")
	refused(t, s.post(base, f), http.StatusBadRequest, "starts_at")
	if s.audits() != before || s.count("programme_sessions") != 1 {
		t.Errorf("refused forms changed the programme")
	}
	f = form()
	f.Set("titles_en", "Opening plenary")
	f.Set("kind", "opening")
	if p := s.post(base+"/"+ss.ID, f); p.Status != http.StatusSeeOther || p.Location != base+"?done=saved" {
		t.Fatalf("change: %d %.300s", p.Status, p.Body)
	}
	mustSee(t, s.get(base), "Opening plenary", "Opening")
	ask := s.post(base+"/"+ss.ID+"/delete", url.Values{"_csrf": {token}})
	mustSee(t, ask, "Opening plenary", `name="confirmed" value="1"`)
	if s.count("programme_sessions") != 1 {
		t.Fatal("deleted before it was confirmed")
	}
	if p := s.post(base+"/"+ss.ID+"/delete", url.Values{"_csrf": {token}, "confirmed": {"1"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Status)
	}
	if s.count("programme_sessions") != 0 {
		t.Error("the session is still there")
	}
	if p := s.post(base+"/"+ss.ID+"/delete", url.Values{"_csrf": {token}, "confirmed": {"1"}}); p.Status != http.StatusNotFound {
		t.Errorf("delete again: %d, want 404", p.Status)
	}
}

// signaturePNG is a small signature image.
func signaturePNG(t *testing.T) []byte {
	t.Helper()
	return pngOf(t, 240, 80)
}

// postFile sends a multipart form with one file, as the browser would.
func (s *site) postFile(path string, fields url.Values, field, name, contentType string, data []byte) page {
	s.t.Helper()
	body, ctype := multipartBody(s.t, fields, field, name, contentType, data)
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(req)
}

// TestSetupEventMovesTheProgramme moves the event's days through the form:
// both dates by the same number of days move the sessions with them; a
// change that would strand a session is shown beside the dates, and
// nothing moves.
func TestSetupEventMovesTheProgramme(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	res := s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/sessions", "admin", map[string]any{"kind": "opening",
		"titles": map[string]string{"en": "Opening"}, "starts_at": "2013-03-18T10:00:00+04:00", "ends_at": "2013-03-18T12:00:00+04:00"})
	if res.Status != http.StatusCreated {
		t.Fatalf("session: %d %s", res.Status, res.Body)
	}
	signedIn(s, "secretariat", "en")
	path := setupPaths(ev)[0]
	f := eventForm(s.csrf(path))
	f.Set("starts_on", "2013-04-01")
	f.Set("ends_on", "2013-04-02")
	if p := s.post(path, f); p.Status != http.StatusSeeOther {
		t.Fatalf("move: %d %.400s", p.Status, p.Body)
	}
	mustSee(t, s.get(setupPaths(ev)[1]), "2013-04-01 10:00")
	f.Set("starts_on", "2013-04-02")
	p := s.post(path, f)
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `class="field-error"`) {
		t.Errorf("stranding a session: %d, want 400 with the message beside a date", p.Status)
	}
	mustSee(t, s.get(setupPaths(ev)[1]), "2013-04-01 10:00")
}
