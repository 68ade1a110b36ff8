package registration_test

import (
	"testing"

	"accreditation/internal/database"
)

// TestRSVPAnswersAreNotCached: what the API answers on a link — the
// delegation's members with their contact details, or that the link is
// unknown — carries Cache-Control: no-store, as the RSVP page does.
func TestRSVPAnswersAreNotCached(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 3, Language: "en"})
	f.accept(l)
	r, p := f.nominate(l, person("Anne", "Martin", "head"))
	if r.Status != 201 {
		t.Fatalf("nominate: %d %s", r.Status, r.Body)
	}
	base := "/api/v1/rsvp/" + l.Token
	for _, c := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"GET", base, nil, 200},
		{"PATCH", base + "/participants/" + p["id"].(string), map[string]string{"phone": "+33 1 23 45 67 89"}, 200},
		{"POST", base + "/participants", person("Paul", "Durand", "delegate"), 201},
		{"GET", "/api/v1/rsvp/not-a-link-that-exists-anywhere-at-all", nil, 404},
	} {
		res := f.Do(c.method, c.path, "", c.body)
		if res.Status != c.want || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: %d, Cache-Control %q; want %d, no-store", c.method, c.path, res.Status, res.Header.Get("Cache-Control"), c.want)
		}
	}
}
