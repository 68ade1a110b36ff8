package event_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/fixtures"
)

func TestSessionsCRUD(t *testing.T) {
	env := apptest.New(t)
	id := createEvent(t, env, "Programme")["id"].(string)
	base := "/api/v1/events/" + id
	zone := create(t, env, base+"/zones", map[string]any{"code": "plenary", "names": map[string]string{"en": "Plenary hall"}})
	names := fixtures.Names()
	res := env.Do("POST", base+"/sessions", "admin", map[string]any{"kind": "opening",
		"titles":    map[string]string{"en": "Opening", "ar": "الجلسة الافتتاحية"},
		"subtopics": []string{"one", "two"}, "moderator": names[0].Native, "zone_id": zone,
		"starts_at": "2013-03-18T06:00:00Z", "ends_at": "2013-03-18T12:00:00+04:00"})
	mustStatus(t, res, http.StatusCreated)
	s := res.Map(t)
	sid := s["id"].(string)
	// Stored in UTC, shown in the event's zone (Asia/Baku, +04:00).
	var stored struct{ StartsAt time.Time }
	env.DB.Table("programme_sessions").Select("starts_at").Where("id = ?", sid).Scan(&stored)
	if want := time.Date(2013, 3, 18, 6, 0, 0, 0, time.UTC); !stored.StartsAt.Equal(want) || stored.StartsAt.Location() != time.UTC {
		t.Errorf("stored starts_at %v, want %v", stored.StartsAt, want)
	}
	if s["starts_at"] != "2013-03-18T10:00:00+04:00" || s["ends_at"] != "2013-03-18T12:00:00+04:00" || s["moderator"] != names[0].Native || s["position"].(float64) != 1 {
		t.Errorf("created %s", res.Body)
	}
	second := create(t, env, base+"/sessions", map[string]any{"kind": "plenary", "titles": map[string]string{"en": "Theme 1"}})
	if got := env.Do("GET", base+"/sessions/"+second, "secretariat", nil).Map(t); got["position"].(float64) != 2 || got["zone_id"] != nil {
		t.Errorf("second session %v", got)
	}
	res = env.Do("PATCH", base+"/sessions/"+sid, "secretariat", map[string]any{"zone_id": nil, "moderator": names[1].Full()})
	mustStatus(t, res, http.StatusOK)
	if p := res.Map(t); p["zone_id"] != nil || p["moderator"] != names[1].Full() || p["starts_at"] != "2013-03-18T10:00:00+04:00" {
		t.Errorf("patched %s", res.Body)
	}
	if l := items(t, env, base+"/sessions", "secretariat"); len(l) != 2 || l[0]["id"] != sid {
		t.Errorf("listed %v", l)
	}
	for name, body := range map[string]map[string]any{
		"before the event":    {"starts_at": "2013-03-17T19:59:00Z"}, // 23:59 in Baku, the day before
		"after the event":     {"starts_at": "2013-03-19T20:00:00Z"}, // midnight in Baku after the last day
		"ends before start":   {"starts_at": "2013-03-18T08:00:00Z", "ends_at": "2013-03-18T07:00:00Z"},
		"unknown kind":        {"kind": "banquet"},
		"unknown language":    {"titles": map[string]string{"de": "Eröffnung"}},
		"zone of other event": {"zone_id": uuid.NewString()},
	} {
		res := env.Do("PATCH", base+"/sessions/"+sid, "secretariat", body)
		if res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %s", name, res.Status, res.Body)
		}
	}
	mustStatus(t, env.Do("PATCH", base+"/sessions/"+sid, "secretariat",
		map[string]any{"starts_at": "2013-03-17T20:00:00Z", "ends_at": "2013-03-17T21:00:00Z"}), http.StatusOK) // midnight in Baku
	mustStatus(t, env.Do("DELETE", base+"/sessions/"+sid, "secretariat", nil), http.StatusNoContent)
	mustStatus(t, env.Do("GET", base+"/sessions/"+sid, "secretariat", nil), http.StatusNotFound)
	for _, action := range []string{"create", "update", "delete"} {
		if n := auditCount(t, env, "session", sid, action); n < 1 {
			t.Errorf("no %s entry for the session", action)
		}
	}
}

func TestZonesCategoriesCheckpoints(t *testing.T) {
	env := apptest.New(t)
	id := createEvent(t, env, "Venue")["id"].(string)
	base := "/api/v1/events/" + id
	plenary := create(t, env, base+"/zones", map[string]any{"code": "plenary", "names": map[string]string{"en": "Plenary hall", "ru": "Зал пленарных заседаний"}})
	vip := create(t, env, base+"/zones", map[string]any{"code": "vip", "names": map[string]string{"en": "VIP lounge"}})
	mustStatus(t, env.Do("POST", base+"/zones", "secretariat", map[string]any{"code": "vip", "names": map[string]string{"en": "Again"}}), http.StatusConflict)
	mustStatus(t, env.Do("POST", base+"/zones", "secretariat", map[string]any{"code": "VIP lounge", "names": map[string]string{"en": "x"}}), http.StatusBadRequest)
	res := env.Do("PATCH", base+"/zones/"+vip, "secretariat", map[string]any{"names": map[string]string{"en": "VIP lounge", "fr": "Salon VIP"}})
	mustStatus(t, res, http.StatusOK)
	if zones := items(t, env, base+"/zones", "door"); len(zones) != 2 {
		t.Errorf("a door account sees %d zones, want 2", len(zones))
	}

	res = env.Do("POST", base+"/categories", "secretariat", map[string]any{"code": "minister",
		"names": map[string]string{"en": "Minister / Head of Delegation"}, "colour": "#b71c1c", "zone_ids": []string{plenary, vip, vip}})
	mustStatus(t, res, http.StatusCreated)
	cat := res.Map(t)
	catID := cat["id"].(string)
	if cat["colour"] != "#B71C1C" || len(cat["zone_ids"].([]any)) != 2 {
		t.Errorf("created %s", res.Body)
	}
	res = env.Do("PATCH", base+"/categories/"+catID, "secretariat", map[string]any{"zone_ids": []string{vip}})
	mustStatus(t, res, http.StatusOK)
	if z := res.Map(t)["zone_ids"].([]any); len(z) != 1 || z[0] != vip {
		t.Errorf("zones after patch %v", z)
	}
	cats, err := env.App.Services.Event.Store().FindCategories(t.Context(), id)
	if err != nil || len(cats) != 1 || len(cats[0].ZoneIDs) != 1 || cats[0].ZoneIDs[0] != vip {
		t.Errorf("FindCategories = %+v, %v", cats, err)
	}
	for name, body := range map[string]map[string]any{
		"bad colour":       {"colour": "red"},
		"short colour":     {"colour": "#FFF"},
		"unknown zone":     {"zone_ids": []string{uuid.NewString()}},
		"zone not an id":   {"zone_ids": []string{"plenary"}},
		"names empty":      {"names": map[string]string{}},
		"unknown language": {"names": map[string]string{"xx": "x"}},
	} {
		if res := env.Do("PATCH", base+"/categories/"+catID, "secretariat", body); res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, res.Status)
		}
	}

	door := create(t, env, base+"/checkpoints", map[string]any{"name": "Main door", "zone_id": plenary})
	res = env.Do("PATCH", base+"/checkpoints/"+door, "secretariat", map[string]any{"name": "Plenary hall main door"})
	mustStatus(t, res, http.StatusOK)
	device := env.Device(id, door)
	if cps := items(t, env, base+"/checkpoints", "device"); len(cps) != 1 || cps[0]["name"] != "Plenary hall main door" {
		t.Errorf("a door device sees %v", cps)
	}
	if zones := items(t, env, base+"/zones", "device"); len(zones) != 2 {
		t.Errorf("a door device sees %d zones, want 2", len(zones))
	}
	// A checkpoint with a scanner placed is kept; revoked, the scanner goes with it.
	mustStatus(t, env.Do("DELETE", "/api/v1/devices/"+device, "secretariat", nil), http.StatusNoContent)
	mustStatus(t, env.Do("POST", base+"/checkpoints", "secretariat", map[string]any{"name": "Nowhere", "zone_id": uuid.NewString()}), http.StatusBadRequest)
	res = env.Do("DELETE", base+"/zones/"+plenary, "secretariat", nil)
	mustStatus(t, res, http.StatusConflict)
	mustStatus(t, env.Do("DELETE", base+"/checkpoints/"+door, "secretariat", nil), http.StatusNoContent)
	mustStatus(t, env.Do("DELETE", base+"/zones/"+plenary, "secretariat", nil), http.StatusNoContent)
	mustStatus(t, env.Do("DELETE", base+"/categories/"+catID, "secretariat", nil), http.StatusNoContent)
	if l := items(t, env, base+"/categories", "admin"); len(l) != 0 {
		t.Errorf("categories left %v", l)
	}
	for entity, eid := range map[string]string{"zone": plenary, "category": catID, "checkpoint": door} {
		for _, action := range []string{"create", "update", "delete"} {
			if entity == "zone" && action == "update" {
				continue
			}
			if auditCount(t, env, entity, eid, action) != 1 {
				t.Errorf("no %s entry for the %s", action, entity)
			}
		}
	}
}

// TestPartsOfAnotherEvent: an object of event B under event A's path is not
// found, and event A's objects cannot point at event B's zones.
func TestPartsOfAnotherEvent(t *testing.T) {
	env := apptest.New(t)
	a := "/api/v1/events/" + createEvent(t, env, "A")["id"].(string)
	b := "/api/v1/events/" + createEvent(t, env, "B")["id"].(string)
	zoneB := create(t, env, b+"/zones", map[string]any{"code": "press", "names": map[string]string{"en": "Press"}})
	catB := create(t, env, b+"/categories", map[string]any{"code": "media", "names": map[string]string{"en": "Media"}, "colour": "#FDD835"})
	cpB := create(t, env, b+"/checkpoints", map[string]any{"name": "Press door", "zone_id": zoneB})
	sessB := create(t, env, b+"/sessions", map[string]any{"kind": "cultural", "titles": map[string]string{"en": "Concert"}})
	sigB := create(t, env, b+"/signatories", map[string]any{"name": "X", "title": "Y", "organisation": "Z"})
	before := totalAudit(t, env)
	for _, tc := range []struct{ method, path string }{
		{"PATCH", a + "/zones/" + zoneB}, {"DELETE", a + "/zones/" + zoneB},
		{"PATCH", a + "/categories/" + catB}, {"DELETE", a + "/categories/" + catB},
		{"PATCH", a + "/checkpoints/" + cpB}, {"DELETE", a + "/checkpoints/" + cpB},
		{"GET", a + "/sessions/" + sessB}, {"PATCH", a + "/sessions/" + sessB}, {"DELETE", a + "/sessions/" + sessB},
		{"GET", a + "/signatories/" + sigB}, {"PATCH", a + "/signatories/" + sigB}, {"DELETE", a + "/signatories/" + sigB},
		{"GET", a + "/signatories/" + sigB + "/signature"},
		{"GET", "/api/v1/events/" + uuid.NewString() + "/zones"},
	} {
		var body any
		if tc.method == "PATCH" {
			body = map[string]any{}
		}
		if res := env.Do(tc.method, tc.path, "admin", body); res.Status != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", tc.method, tc.path, res.Status)
		}
	}
	for path, body := range map[string]any{
		a + "/checkpoints": map[string]any{"name": "Wrong", "zone_id": zoneB},
		a + "/categories":  map[string]any{"code": "x", "names": map[string]string{"en": "X"}, "colour": "#000000", "zone_ids": []string{zoneB}},
		a + "/sessions":    map[string]any{"kind": "plenary", "titles": map[string]string{"en": "X"}, "zone_id": zoneB},
	} {
		if res := env.Do("POST", path, "admin", body); res.Status != http.StatusBadRequest {
			t.Errorf("POST %s with a zone of another event: status %d, want 400", path, res.Status)
		}
	}
	if totalAudit(t, env) != before {
		t.Error("refused requests wrote to the audit log")
	}
	if l := items(t, env, a+"/checkpoints", "admin"); len(l) != 0 {
		t.Errorf("event A has checkpoints %v", l)
	}
}

func TestSignatoriesCRUD(t *testing.T) {
	env := apptest.New(t)
	base := "/api/v1/events/" + createEvent(t, env, "Letters")["id"].(string)
	names := fixtures.Names()
	// Names are trimmed, so a name without a native part has no space at its end.
	full := func(n fixtures.Name) string { return strings.TrimSpace(n.Full() + " " + n.Native) }
	var ids []string
	for _, n := range names {
		ids = append(ids, create(t, env, base+"/signatories", map[string]any{"name": full(n),
			"title": "Director-General", "organisation": "Organisation " + n.Key, "organisation_short": n.Key}))
	}
	list := items(t, env, base+"/signatories?limit=500", "secretariat")
	if len(list) != len(names) {
		t.Fatalf("%d signatories, want %d", len(list), len(names))
	}
	for i, s := range list {
		if s["name"] != full(names[i]) || s["position"].(float64) != float64(i+1) || s["has_signature"] != false {
			t.Errorf("signatory %d = %v, want %q in position %d", i, s, names[i].Full(), i+1)
		}
	}
	res := env.Do("PATCH", base+"/signatories/"+ids[1], "secretariat", map[string]any{"position": 0, "title": "Executive Director"})
	mustStatus(t, res, http.StatusOK)
	sigs, err := env.App.Services.Event.Store().FindSignatories(t.Context(), list[0]["event_id"].(string))
	if err != nil || sigs[0].ID != ids[1] || sigs[0].Title != "Executive Director" {
		t.Errorf("FindSignatories after moving the second first: %+v, %v", sigs[0], err)
	}
	mustStatus(t, env.Do("PATCH", base+"/signatories/"+ids[1], "secretariat", map[string]any{"name": ""}), http.StatusBadRequest)
	mustStatus(t, env.Do("POST", base+"/signatories", "secretariat", map[string]any{"name": "No title"}), http.StatusBadRequest)
	mustStatus(t, env.Do("DELETE", base+"/signatories/"+ids[0], "secretariat", nil), http.StatusNoContent)
	mustStatus(t, env.Do("GET", base+"/signatories/"+ids[0], "secretariat", nil), http.StatusNotFound)
	if auditCount(t, env, "signatory", ids[0], "delete") != 1 || auditCount(t, env, "signatory", ids[1], "update") != 1 {
		t.Error("signatory changes are missing from the audit log")
	}
}

func TestNamesAreCleaned(t *testing.T) {
	env := apptest.New(t)
	base := "/api/v1/events/" + createEvent(t, env, "Names")["id"].(string)
	id := create(t, env, base+"/signatories", map[string]any{"name": " Lefe\u0300vre ", "title": "Director-General",
		"organisation": "ISESCO"})
	res := env.Do("GET", base+"/signatories/"+id, "admin", nil)
	mustStatus(t, res, http.StatusOK)
	if !strings.Contains(string(res.Body), `"name":"Lefèvre"`) {
		t.Errorf("signatory name not trimmed and composed: %s", res.Body)
	}
	for path, body := range map[string]any{
		base + "/signatories": map[string]any{"name": "Evil\u202Eman", "title": "T", "organisation": "O"},
		base + "/zones":       map[string]any{"code": "hall", "names": map[string]string{"en": "Hall\u200B"}},
		base + "/categories":  map[string]any{"code": "x", "names": map[string]string{"en": "   "}, "colour": "#000000"},
		base + "/checkpoints": map[string]any{"name": "Door\u2066", "zone_id": id},
	} {
		res := env.Do("POST", path, "admin", body)
		if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "must not") {
			t.Errorf("POST %s %v: %d %s, want 400 naming the problem", path, body, res.Status, res.Body)
		}
	}
}
