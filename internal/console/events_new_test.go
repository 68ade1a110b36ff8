package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/event"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

func TestNewEventFromTheConsole(t *testing.T) {
	s := newSite(t)
	s.signIn("secretariat")
	form := func(v url.Values) url.Values {
		v.Set("_csrf", s.csrf("/console/events/new"))
		return v
	}
	good := func() url.Values {
		return url.Values{"name": {"Regional Conference"}, "starts_on": {"2027-05-10"}, "ends_on": {"2027-05-11"},
			"timezone": {"Europe/Vienna"}, "venue": {"Vienna International Centre"}, "city": {"Vienna"},
			"country": {"at"}, "reference_format": {"VIC/{seq:03}"}, "languages": {"en", "fr", "ar"}}
	}
	for _, tc := range []struct {
		name, field string
		change      func(url.Values)
	}{
		{"dates reversed", "ends_on", func(v url.Values) { v.Set("ends_on", "2027-05-09") }},
		{"unknown time zone", "timezone", func(v url.Values) { v.Set("timezone", "Mars/Olympus") }},
		{"no language", "languages", func(v url.Values) { v.Del("languages") }},
		{"unknown language", "languages", func(v url.Values) { v["languages"] = []string{"en", "xx"} }},
		{"no name", "name", func(v url.Values) { v.Set("name", " ") }},
		{"no placeholder", "reference_format", func(v url.Values) { v.Set("reference_format", "VIC") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := good()
			tc.change(v)
			p := s.post("/console/events/new", form(v))
			if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="e-`+tc.field+`"`) {
				t.Errorf("%d, no message beside %s:\n%.2000s", p.Status, tc.field, p.Body)
			}
			if n := s.count("events"); n != 0 {
				t.Errorf("%d events stored after a refusal", n)
			}
		})
	}
	ar, _ := fixtures.Find("ar-1")
	v := good()
	v.Set("venue", ar.Native)
	p := s.post("/console/events/new", form(v))
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "/setup?done=event_created") {
		t.Fatalf("create: %d %s %.500s", p.Status, p.Location, p.Body)
	}
	evs, _, err := s.env.App.Services.Event.Store().FindEvents(context.Background(), httpx.Page{Limit: 10})
	if err != nil || len(evs) != 1 {
		t.Fatalf("events %v %v", evs, err)
	}
	ev := evs[0]
	if ev.Venue != ar.Native || ev.Country != "AT" || ev.Timezone != "Europe/Vienna" || ev.ReferenceFormat != "VIC/{seq:03}" ||
		strings.Join(ev.Languages, ",") != "fr,en,ar" && strings.Join(ev.Languages, ",") != "en,fr,ar" {
		t.Errorf("stored %+v", ev)
	}
	tpl, err := invitations.NewStore(s.env.DB.DB).FindTemplate(context.Background(), ev.ID, "en")
	if err != nil || !tpl.IsDefault || strings.Contains(tpl.Body, "UNODC") {
		t.Errorf("a new event's letter: %v %+v", err, tpl)
	}
	if list := s.get("/console/?all=1"); !strings.Contains(html.UnescapeString(list.Body), ar.Native) {
		t.Error("the events list does not show the venue as typed")
	}
	s.client = newClient() // a stranger, then a door account: neither reaches the form
	if p := s.get("/console/events/new"); p.Status != http.StatusSeeOther && p.Status != http.StatusUnauthorized {
		t.Errorf("signed out, the new event form answers %d", p.Status)
	}
	if s.signIn("door"); s.get("/console/events/new").Status == http.StatusOK {
		t.Error("a door account reaches the new event form")
	}
}

func TestCopyAnEventFromTheConsole(t *testing.T) {
	s := newSite(t)
	if _, err := event.NewService(s.env.DB.DB).LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	src := s.env.Do("GET", "/api/v1/events", "admin", nil).Map(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	s.signIn("admin")
	path := "/console/events/" + src + "/copy"
	shown := s.get(path)
	if shown.Status != http.StatusOK || !strings.Contains(shown.Body, "Zones: 3") || !strings.Contains(shown.Body, "Programme sessions, moved to the new dates: 4") {
		t.Fatalf("copy page %d:\n%.3000s", shown.Status, shown.Body)
	}
	post := func(v url.Values) page {
		v.Set("_csrf", s.csrf(path))
		return s.post(path, v)
	}
	for _, tc := range []struct {
		name  string
		v     url.Values
		field string
	}{
		{"no name", url.Values{"starts_on": {"2027-03-16"}}, "name"},
		{"no start", url.Values{"name": {"X"}}, "starts_on"},
		{"reversed", url.Values{"name": {"X"}, "starts_on": {"2027-03-16"}, "ends_on": {"2027-03-01"}}, "ends_on"},
		{"programme does not fit", url.Values{"name": {"X"}, "starts_on": {"2027-03-16"}, "ends_on": {"2027-03-16"}}, "ends_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := post(tc.v)
			if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="e-`+tc.field+`"`) {
				t.Errorf("%d, no message beside %s:\n%.2000s", p.Status, tc.field, p.Body)
			}
			if n := s.count("events"); n != 1 {
				t.Errorf("%d events after a refused copy", n)
			}
		})
	}
	if !strings.Contains(shown.Body, `value="UNODC-ISESCO/BAKU/2013/{seq:03}"`) {
		t.Error("the copy form does not offer the source's reference format to change")
	}
	if p := post(url.Values{"name": {"X"}, "starts_on": {"2027-03-16"}, "reference_format": {"NO-PLACEHOLDER"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Body, `id="e-reference_format"`) {
		t.Errorf("a reference format without {seq}: %d", p.Status)
	}
	p := post(url.Values{"name": {"Second Conference"}, "starts_on": {"2027-03-16"}, "reference_format": {"UNODC-ISESCO/2027/{seq:03}"}})
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "/setup?done=event_copied") {
		t.Fatalf("copy: %d %s %.500s", p.Status, p.Location, p.Body)
	}
	if next := s.get(p.Location); next.Status != http.StatusOK || !strings.Contains(next.Body, "The event is copied with its setup") {
		t.Errorf("after the copy: %d %.1500s", next.Status, next.Body)
	}
	var ref string
	s.env.DB.Raw(`SELECT reference_format FROM events WHERE NOT is_demo`).Scan(&ref)
	if ref != "UNODC-ISESCO/2027/{seq:03}" {
		t.Errorf("the copy's reference format is %q", ref)
	}
	if n, z := s.count("events"), s.count("zones"); n != 2 || z != 6 {
		t.Errorf("%d events, %d zones after the copy; want 2 and 6", n, z)
	}
}
