package speakers_test

import (
	"strings"
	"testing"

	"accreditation/internal/database"
)

// TestPublicViewShowsNamesOnlyAndItsVersionMoves: the public view, open to
// anyone, names the waiting speakers (honorific, names, delegation) and no
// id or contact; its version changes with the list, and starting the time
// sets when the current turn began.
func TestPublicViewShowsNamesOnlyAndItsVersionMoves(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		d := f.delegation(f.EventID, "Jordan")
		p := f.member(d, "H.E.", "Nasser", "Judeh", "ناصر جودة")
		must(t, db.Exec(`UPDATE participants SET email = 'nasser@example.jo', phone = '+962 6 000' WHERE id = ?`, p).Error)
		version := func() float64 {
			t.Helper()
			r := f.Do("GET", "/api/v1/public/sessions/"+f.SessionID+"/speakers/version", "", nil)
			if r.Status != 200 {
				t.Fatalf("version: %d %s", r.Status, r.Body)
			}
			return r.Map(t)["version"].(float64)
		}
		v0 := version()
		r := f.inscribe(d, p)
		if r.Status != 201 {
			t.Fatalf("inscribe: %d %s", r.Status, r.Body)
		}
		if v1 := version(); v1 <= v0 {
			t.Errorf("version %v after an inscription, was %v", v1, v0)
		}
		r = f.Do("GET", "/api/v1/public/sessions/"+f.SessionID+"/speakers?language=ar", "", nil)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, "ناصر جودة") || !strings.Contains(body, "Nasser Judeh") {
			t.Errorf("public view %d %s", r.Status, body)
		}
		for _, secret := range []string{p, d.ID, "nasser@example.jo", "+962"} {
			if strings.Contains(body, secret) {
				t.Errorf("the public view shows %q", secret)
			}
		}
		if r := f.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers/turn", "secretariat", nil); r.Status != 200 || r.Map(t)["turn_started_at"] == nil {
			t.Errorf("start the time: %d %s", r.Status, r.Body)
		}
		if r := f.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers/turn", "door", nil); r.Status != 403 {
			t.Errorf("door staff start the time: %d", r.Status)
		}
	})
}
