package registration_test

import (
	"maps"
	"testing"

	"accreditation/internal/database"
)

// TestNoBadgeWithoutAFace: a category made through the API needs its
// holders' photos unless told otherwise; approving a participant without a
// photo in it is a 409 of type photo-required that changes nothing, and
// succeeds once the photo is there; a category that needs none (set when
// made, or changed later) approves without one.
func TestNoBadgeWithoutAFace(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		cats := "/api/v1/events/" + f.EventID + "/categories"
		r := f.Do("POST", cats, "secretariat", map[string]any{"code": "minister", "colour": "#B71C1C",
			"names": map[string]string{"en": "Minister", "ar": "وزير"}})
		if r.Status != 201 || r.Map(t)["photo_required"] != true {
			t.Fatalf("create a category: %d %s; want photo_required true by default", r.Status, r.Body)
		}
		withPhoto := r.Map(t)["id"].(string)
		r = f.Do("POST", cats, "secretariat", map[string]any{"code": "head_of_state", "colour": "#000000",
			"names": map[string]string{"en": "Head of State"}, "photo_required": false})
		if r.Status != 201 || r.Map(t)["photo_required"] != false {
			t.Fatalf("create an exempt category: %d %s", r.Status, r.Body)
		}
		exempt := r.Map(t)["id"].(string)

		l := f.invite(invite{})
		f.accept(l)
		_, a := f.nominate(l, person("Gülşən", "Şəfiyeva", "head"))
		_, b := f.nominate(l, person("Ilham", "Aliyev", "delegate"))
		idA, idB := a["id"].(string), b["id"].(string)
		approve := func(id, cat string) (int, map[string]any) {
			r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "secretariat", map[string]string{"category_id": cat})
			return r.Status, r.Map(t)
		}
		before := f.rows()
		if st, p := approve(idA, withPhoto); st != 409 || p["type"] != "/problems/photo-required" {
			t.Fatalf("approve without a photo: %d %v; want 409 photo-required", st, p)
		}
		if after := f.rows(); !maps.Equal(before, after) {
			t.Errorf("a refused approval changed what is stored:\nbefore %v\nafter  %v", before, after)
		}
		if r := f.put("/api/v1/rsvp/"+l.Token+"/participants/"+idA+"/photo", "image/jpeg", photoJPEG(t, 600, 800)); r.Status != 200 {
			t.Fatalf("photo: %d %s", r.Status, r.Body)
		}
		if st, p := approve(idA, withPhoto); st != 200 || p["status"] != "approved" {
			t.Errorf("approve with a photo: %d %v", st, p)
		}
		if st, p := approve(idB, exempt); st != 200 || p["status"] != "approved" {
			t.Errorf("approve without a photo in an exempt category: %d %v", st, p)
		}
		// Exempting a category later lets its photo-less nominees through.
		_, c := f.nominate(l, person("Anne", "Martin", "adviser"))
		if st, _ := approve(c["id"].(string), withPhoto); st != 409 {
			t.Errorf("second photo-less approval: %d, want 409", st)
		}
		if r := f.Do("PATCH", cats+"/"+withPhoto, "secretariat", map[string]any{"photo_required": false}); r.Status != 200 || r.Map(t)["photo_required"] != false {
			t.Fatalf("exempt the category: %d %s", r.Status, r.Body)
		}
		if st, _ := approve(c["id"].(string), withPhoto); st != 200 {
			t.Errorf("approval once exempt: %d, want 200", st)
		}
	})
}
