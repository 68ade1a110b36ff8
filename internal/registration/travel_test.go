package registration_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
)

// travelFixture is an event asking every travel field, with one accepted
// delegation and one member of it named from names.tsv.
func travelFixture(t *testing.T, db *database.DB) (*fixture, link, string, fixtures.Name) {
	t.Helper()
	f := newFixture(t, db)
	r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat",
		map[string]any{"fields": []string{"visa", "arrival", "departure", "hotel"}})
	if r.Status != 200 || !strings.Contains(string(string(r.Body)), `"fields":["arrival","departure","hotel","visa"]`) {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	l := f.invite(invite{})
	f.accept(l)
	n, ok := fixtures.Find("ar-1")
	if !ok {
		n = fixtures.Names()[0]
	}
	_, p := f.nominate(l, map[string]string{"given_names": n.Given, "family_name": n.Family, "native_name": n.Native, "role": "head"})
	if p == nil {
		t.Fatal("nominate failed")
	}
	return f, l, p["id"].(string), n
}

func travelRows(f *fixture) [2]int64 {
	var n, a int64
	must(f.t, f.DB.Table("participant_travel").Count(&n).Error)
	must(f.t, f.DB.Table("audit_log").Count(&a).Error)
	return [2]int64{n, a}
}

func TestTravelThroughTheLinkAndArrivalsByDay(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f, l, id, n := travelFixture(t, db)
		path := "/api/v1/rsvp/" + l.Token + "/participants/" + id + "/travel"
		if r := f.Do("GET", "/api/v1/rsvp/"+l.Token+"/travel-settings", "", nil); r.Status != 200 ||
			!strings.Contains(string(r.Body), `"fields":["arrival","departure","hotel","visa"]`) {
			t.Errorf("settings through the link: %d %s", r.Status, r.Body)
		}
		// 23:30 in Baku on the 17th is 19:30 UTC: the day is Baku's.
		r := f.Do("PATCH", path, "", map[string]any{"arrival_at": "2040-03-17T23:30", "arrival_flight": "j2 8012",
			"arrival_airport": "gyd", "departure_at": "2040-03-20T10:00:00+04:00", "hotel": "Fairmont Baku", "visa_needed": true})
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, string(r.Body))
		}
		got := r.Map(t)
		if got["arrival_at"] != "2040-03-17T19:30:00Z" || got["arrival_flight"] != "J28012" || got["arrival_airport"] != "GYD" ||
			got["visa_needed"] != true || got["hotel"] != "Fairmont Baku" {
			t.Errorf("travel %v", got)
		}
		// A partial change keeps the rest.
		if r := f.Do("PATCH", path, "", map[string]any{"hotel": ""}); r.Status != 200 || r.Map(t)["arrival_flight"] != "J28012" ||
			r.Map(t)["hotel"] != "" {
			t.Errorf("partial: %d %s", r.Status, string(r.Body))
		}
		if r := f.Do("PATCH", path, "", map[string]any{"visa_needed": nil}); r.Status != 200 || r.Map(t)["visa_needed"] != nil {
			t.Errorf("visa back to not stated: %d %s", r.Status, r.Body)
		}
		if r := f.Do("GET", path, "", nil); r.Status != 200 || r.Map(t)["arrival_airport"] != "GYD" {
			t.Errorf("get: %d %s", r.Status, string(r.Body))
		}
		// The Secretariat changes the same through its own route.
		staff := "/api/v1/participants/" + id + "/travel"
		if r := f.Do("PATCH", staff, "secretariat", map[string]any{"arrival_at": "2040-03-18T08:15"}); r.Status != 200 {
			t.Fatalf("staff patch: %d %s", r.Status, string(r.Body))
		}
		if r := f.Do("PATCH", staff, "door", map[string]any{"hotel": "x"}); r.Status != 403 {
			t.Errorf("door patch: %d", r.Status)
		}
		r = f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals", "secretariat", nil)
		if r.Status != 200 {
			t.Fatalf("arrivals: %d %s", r.Status, string(r.Body))
		}
		var out struct {
			Days []struct {
				Date     string
				Arrivals []map[string]any
			}
		}
		r.JSON(t, &out)
		if len(out.Days) != 1 || out.Days[0].Date != "2040-03-18" || len(out.Days[0].Arrivals) != 1 ||
			out.Days[0].Arrivals[0]["local_time"] != "08:15" || out.Days[0].Arrivals[0]["family_name"] != n.Family {
			t.Errorf("arrivals %s", string(r.Body))
		}
		r = f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals/export", "secretariat", nil)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(string(string(r.Body)), "2040-03-18,08:15,J28012,GYD,France") || !strings.Contains(string(string(r.Body)), n.Given) {
			t.Errorf("export: %d %s", r.Status, string(r.Body))
		}
		r = f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals/export?language=ar", "secretariat", nil)
		if r.Status != 200 || !strings.HasPrefix(string(r.Body), "\uFEFFالتاريخ,الوقت المحلي,الرحلة,المطار,الوفد") {
			t.Errorf("export in Arabic: %d %.300s", r.Status, r.Body)
		}
		if r := f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals/export?language=de", "secretariat", nil); r.Status != 400 {
			t.Errorf("export in an unknown language: %d", r.Status)
		}
		if r := f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals/export?format=xlsx", "secretariat", nil); r.Status != 200 {
			t.Errorf("xlsx: %d", r.Status)
		}
	})
}

func TestTravelBadInputIsRefusedAndNothingStored(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f, l, id, _ := travelFixture(t, db)
		path := "/api/v1/rsvp/" + l.Token + "/participants/" + id + "/travel"
		before := travelRows(f)
		cases := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"arrival after departure", map[string]any{"arrival_at": "2040-03-19T10:00", "departure_at": "2040-03-18T10:00"}, "departure_at"},
			{"flight with a control character", map[string]any{"arrival_flight": "AZ\x07123"}, "arrival_flight"},
			{"flight of nonsense", map[string]any{"arrival_flight": "hello world"}, "arrival_flight"},
			{"flight of digits only", map[string]any{"departure_flight": "12345"}, "departure_flight"},
			{"airport not a code", map[string]any{"arrival_airport": "Heydar Aliyev"}, "arrival_airport"},
			{"time not a time", map[string]any{"arrival_at": "next tuesday"}, "arrival_at"},
			{"arrival a year early", map[string]any{"arrival_at": "2012-03-17T10:00"}, "arrival_at"},
			{"hotel with a control character", map[string]any{"hotel": "Hotel\x00Baku"}, "hotel"},
		}
		for _, c := range cases {
			r := f.Do("PATCH", path, "", c.body)
			if r.Status != 400 || r.Header.Get("Content-Type") != "application/problem+json" ||
				!strings.Contains(string(string(r.Body)), `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", c.name, r.Status, string(string(r.Body)), c.field)
			}
		}
		if after := travelRows(f); after != before {
			t.Errorf("rows %v, were %v", after, before)
		}
		// A field the event does not ask is refused.
		f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat", map[string]any{"fields": []string{"arrival"}})
		if r := f.Do("PATCH", path, "", map[string]any{"hotel": "Fairmont"}); r.Status != 400 || !strings.Contains(string(string(r.Body)), `"field":"hotel"`) {
			t.Errorf("hotel not asked: %d %s", r.Status, string(r.Body))
		}
		if r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat", map[string]any{"fields": []string{"shoe_size"}}); r.Status != 400 {
			t.Errorf("unknown setting: %d %s", r.Status, string(r.Body))
		}
		// Another delegation's link cannot reach this member.
		other := f.invite(invite{})
		if r := f.Do("PATCH", "/api/v1/rsvp/"+other.Token+"/participants/"+id+"/travel", "", map[string]any{"arrival_flight": "AZ1"}); r.Status != 404 {
			t.Errorf("other delegation: %d", r.Status)
		}
	})
}

func TestTravelFormOnThePageRefusesBadInputBesideTheField(t *testing.T) {
	f, l, id, _ := travelFixture(t, database.OpenTest(t))
	before := travelRows(f)
	post := func(form url.Values) *apptest.Response {
		req := httptest.NewRequest("POST", "/rsvp/"+l.Token+"/participants/"+id+"/travel?lang=fr", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return f.Send(req)
	}
	r := post(url.Values{"arrival_flight": {"AZ\x01123"}, "arrival_airport": {"Bakou"}, "hotel": {"Hôtel Fairmont"}})
	body := string(r.Body)
	if r.Status != 400 || !strings.Contains(body, `id="te-`+id+`-arrival_flight"`) || !strings.Contains(body, "Indiquez un numéro de vol") ||
		!strings.Contains(body, "Indiquez le code à trois lettres") || !strings.Contains(body, `value="Hôtel Fairmont"`) {
		t.Errorf("bad flight: %d %.2000s", r.Status, body)
	}
	if after := travelRows(f); after != before {
		t.Errorf("rows %v, were %v", after, before)
	}
	r = post(url.Values{"arrival_at": {"2040-03-17T14:30"}, "arrival_flight": {"AZ 123"}, "visa_needed": {"no"}})
	if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "done=travel") {
		t.Fatalf("good form: %d %s", r.Status, r.Body)
	}
	got := f.Do("GET", "/api/v1/participants/"+id+"/travel", "secretariat", nil).Map(t)
	if got["arrival_at"] != "2040-03-17T10:30:00Z" || got["arrival_flight"] != "AZ123" || got["visa_needed"] != false {
		t.Errorf("stored %v", got)
	}
	page := f.Do("GET", "/rsvp/"+l.Token+"?lang=fr&done=travel", "", nil)
	if !strings.Contains(string(page.Body), "Les informations de voyage ont été enregistrées.") ||
		!strings.Contains(string(page.Body), `value="2040-03-17T14:30"`) {
		t.Errorf("the page after saving: %.3000s", page.Body)
	}
}

// TestTravelOrderHoldsUnderConcurrency races a later arrival through the
// link against an earlier departure from the Secretariat: each is valid
// alone, together they are not, so one wins and the other is refused, and
// the stored travel never has the departure before the arrival.
func TestTravelOrderHoldsUnderConcurrency(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f, l, id, _ := travelFixture(t, db)
		link := "/api/v1/rsvp/" + l.Token + "/participants/" + id + "/travel"
		staff := "/api/v1/participants/" + id + "/travel"
		for round := 0; round < 5; round++ {
			if r := f.Do("PATCH", staff, "secretariat", map[string]any{"arrival_at": "2040-03-17T10:00", "departure_at": "2040-03-20T10:00"}); r.Status != 200 {
				t.Fatalf("reset: %d %s", r.Status, r.Body)
			}
			var wg sync.WaitGroup
			status := make([]int, 2)
			wg.Add(2)
			go func() {
				defer wg.Done()
				status[0] = f.Do("PATCH", link, "", map[string]any{"arrival_at": "2040-03-19T10:00"}).Status
			}()
			go func() {
				defer wg.Done()
				status[1] = f.Do("PATCH", staff, "secretariat", map[string]any{"departure_at": "2040-03-18T10:00"}).Status
			}()
			wg.Wait()
			if !(status[0] == 200 && status[1] == 400 || status[0] == 400 && status[1] == 200) {
				t.Errorf("round %d: statuses %v, want one 200 and one 400", round, status)
			}
			got := f.Do("GET", staff, "secretariat", nil).Map(t)
			if got["departure_at"].(string) <= got["arrival_at"].(string) {
				t.Errorf("round %d: departure %v is not after arrival %v", round, got["departure_at"], got["arrival_at"])
			}
		}
	})
}
