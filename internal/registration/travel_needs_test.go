package registration_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/database"
)

// needsFixture is travelFixture with the event asking the members'
// accessibility and dietary needs too.
func needsFixture(t *testing.T, db *database.DB) (*fixture, link, string) {
	t.Helper()
	f, l, id, _ := travelFixture(t, db)
	r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat",
		map[string]any{"fields": []string{"dietary", "arrival", "accessibility"}})
	if r.Status != 200 || !strings.Contains(string(r.Body), `"fields":["arrival","accessibility","dietary"]`) {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	return f, l, id
}

// participantNeeds reads the needs from the participant's own record.
func participantNeeds(t *testing.T, f *fixture, id string) (string, string) {
	t.Helper()
	var got struct{ Accessibility, Dietary string }
	must(t, f.DB.Table("participants").Select("accessibility", "dietary").Where("id = ?", id).Take(&got).Error)
	return got.Accessibility, got.Dietary
}

func TestTravelNeedsAreTheParticipantsOwnAndReachTheArrivals(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f, l, id := needsFixture(t, db)
		const access, diet = "Fauteuil roulant : accès sans marche", "حلال، بدون مكسرات"
		path := "/api/v1/rsvp/" + l.Token + "/participants/" + id + "/travel"
		r := f.Do("PATCH", path, "", map[string]any{"arrival_at": "2040-03-17T09:00", "accessibility": access, "dietary": diet})
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		if got := r.Map(t); got["accessibility"] != access || got["dietary"] != diet {
			t.Errorf("answer %v", got)
		}
		if a, d := participantNeeds(t, f, id); a != access || d != diet {
			t.Errorf("participant has %q, %q; want the travel's", a, d)
		}
		// One stored value: the participant's record and the travel agree.
		p := f.Do("GET", "/api/v1/participants/"+id, "secretariat", nil).Map(t)
		if p["dietary"] != diet || p["accessibility"] != access {
			t.Errorf("participant %v", p)
		}
		staff := "/api/v1/participants/" + id + "/travel"
		if r := f.Do("PATCH", staff, "secretariat", map[string]any{"dietary": ""}); r.Status != 200 ||
			r.Map(t)["dietary"] != "" || r.Map(t)["accessibility"] != access {
			t.Errorf("staff clears dietary: %d %s", r.Status, r.Body)
		}
		f.Do("PATCH", staff, "secretariat", map[string]any{"dietary": diet})
		if r := f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals", "secretariat", nil); !strings.Contains(string(r.Body), `"dietary":"`+diet+`"`) {
			t.Errorf("arrivals: %s", r.Body)
		}
		r = f.Do("GET", "/api/v1/events/"+f.EventID+"/arrivals/export?language=en", "secretariat", nil)
		if body := string(r.Body); r.Status != 200 || !strings.Contains(body, "Accessibility needs,Dietary requirements,") ||
			!strings.Contains(body, access+","+diet+",") {
			t.Errorf("export: %d %s", r.Status, body)
		}
	})
}

func TestTravelNeedsBadInputIsRefusedAndNothingStored(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f, l, id := needsFixture(t, db)
		path := "/api/v1/rsvp/" + l.Token + "/participants/" + id + "/travel"
		f.Do("PATCH", path, "", map[string]any{"dietary": "Halal", "accessibility": "Ramp"})
		before := travelRows(f)
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"dietary with a control character", map[string]any{"dietary": "Halal\x07"}, "dietary"},
			{"accessibility with a control character", map[string]any{"accessibility": "Ramp\x00"}, "accessibility"},
			{"dietary too long", map[string]any{"dietary": strings.Repeat("é", 301)}, "dietary"},
			{"good dietary beside a bad flight", map[string]any{"dietary": "Vegan", "arrival_flight": "AZ\x07123"}, "arrival_flight"},
		} {
			r := f.Do("PATCH", path, "", c.body)
			if r.Status != 400 || r.Header.Get("Content-Type") != "application/problem+json" ||
				!strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", c.name, r.Status, r.Body, c.field)
			}
		}
		if a, d := participantNeeds(t, f, id); a != "Ramp" || d != "Halal" {
			t.Errorf("participant has %q, %q after refusals", a, d)
		}
		if after := travelRows(f); after != before {
			t.Errorf("rows %v, were %v", after, before)
		}
		// Not asked, not taken.
		f.Do("PUT", "/api/v1/events/"+f.EventID+"/travel-settings", "secretariat", map[string]any{"fields": []string{"arrival"}})
		if r := f.Do("PATCH", path, "", map[string]any{"dietary": "Vegan"}); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"dietary"`) {
			t.Errorf("dietary not asked: %d %s", r.Status, r.Body)
		}
	})
}

func TestTravelNeedsOnThePage(t *testing.T) {
	f, l, id := needsFixture(t, database.OpenTest(t))
	page := string(f.Do("GET", "/rsvp/"+l.Token+"?lang=fr", "", nil).Body)
	// Asked with the travel, the needs leave the member forms: one place each.
	if !strings.Contains(page, `id="t-`+id+`-dietary"`) || !strings.Contains(page, `id="t-`+id+`-accessibility"`) {
		t.Errorf("the travel form lacks the needs: %.3000s", page)
	}
	if strings.Contains(page, `name="dietary" id="f-dietary"`) || strings.Contains(page, `id="m-`+id+`-dietary"`) ||
		strings.Count(page, `name="dietary"`) != 1 {
		t.Errorf("dietary is asked %d times on the page", strings.Count(page, `name="dietary"`))
	}
	before := travelRows(f)
	post := func(form url.Values) (int, string, string) {
		req := httptest.NewRequest("POST", "/rsvp/"+l.Token+"/participants/"+id+"/travel?lang=fr", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := f.Send(req)
		return r.Status, string(r.Body), r.Header.Get("Location")
	}
	status, body, _ := post(url.Values{"dietary": {"Sans\x01gluten"}, "accessibility": {"Rampe"}})
	if status != 400 || !strings.Contains(body, `id="te-`+id+`-dietary"`) || !strings.Contains(body, "Veuillez retirer les caractères spéciaux") ||
		!strings.Contains(body, `value="Rampe"`) {
		t.Errorf("bad dietary: %d %.3000s", status, body)
	}
	if after := travelRows(f); after != before {
		t.Errorf("rows %v, were %v", after, before)
	}
	if a, d := participantNeeds(t, f, id); a != "" || d != "" {
		t.Errorf("stored %q, %q after a refusal", a, d)
	}
	if status, _, loc := post(url.Values{"dietary": {"Sans gluten"}, "accessibility": {"Rampe"}}); status != 303 || !strings.Contains(loc, "done=travel") {
		t.Fatalf("good form: %d %s", status, loc)
	}
	if a, d := participantNeeds(t, f, id); a != "Rampe" || d != "Sans gluten" {
		t.Errorf("stored %q, %q", a, d)
	}
}
