package registration_test

import (
	"testing"

	"accreditation/internal/app/apptest"
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
	noStore := func(t *testing.T, res *apptest.Response) {
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
	}
	f.Run(t, []apptest.Scenario{
		{Name: "read", Path: base, Status: 200, Check: noStore},
		{Name: "change", Method: "PATCH", Path: base + "/participants/" + p["id"].(string),
			Body: map[string]string{"phone": "+33 1 23 45 67 89"}, Status: 200, Check: noStore},
		{Name: "nominate", Method: "POST", Path: base + "/participants", Body: person("Paul", "Durand", "delegate"), Status: 201, Check: noStore},
		{Name: "unknown link", Path: "/api/v1/rsvp/not-a-link-that-exists-anywhere-at-all", Status: 404, Check: noStore},
	})
}
