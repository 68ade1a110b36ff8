package registration_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

// A quota is places for members: it never falls below those nominated or
// approved, and the refusal says how many there are.
func TestQuotaNotBelowMembers(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 5})
	f.accept(l)
	for i := range 3 {
		if r, _ := f.nominate(l, person(fmt.Sprint("Member ", i), "Seated", "delegate")); r.Status != 201 {
			t.Fatalf("nominate: %d %s", r.Status, r.Body)
		}
	}
	path := "/api/v1/invitations/" + l.InvitationID
	before := f.rows()
	r := f.Do("PATCH", path, "secretariat", map[string]any{"quota": 2})
	if p := r.Map(t); r.Status != 409 || p["members"] != float64(3) || p["type"] != "/problems/quota-below-members" ||
		!strings.Contains(p["detail"].(string), "3 active members") {
		t.Fatalf("quota 2 under 3 members: %d %s", r.Status, r.Body)
	}
	if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused quota changed the database:\n%v\n%v", before, after)
	}
	if r := f.Do("PATCH", path, "secretariat", map[string]any{"quota": 3}); r.Status != 200 {
		t.Errorf("quota equal to the members: %d %s", r.Status, r.Body)
	}
	// A withdrawn member frees the place for a lower quota.
	var id string
	f.DB.Raw(`SELECT id FROM participants WHERE invitation_id = ? ORDER BY created_at LIMIT 1`, l.InvitationID).Scan(&id)
	if r := f.Do("DELETE", "/api/v1/rsvp/"+l.Token+"/participants/"+id, "", nil); r.Status != 204 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	if r := f.Do("PATCH", path, "secretariat", map[string]any{"quota": 2}); r.Status != 200 {
		t.Errorf("quota 2 over 2 members: %d %s", r.Status, r.Body)
	}
}

// Nominations racing a lower quota never leave more active members than
// the quota that ends up stored.
func TestQuotaChangeRacesNominations(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{Quota: 10})
		f.accept(l)
		for i := range 4 {
			if r, _ := f.nominate(l, person(fmt.Sprint("Early ", i), "Seated", "delegate")); r.Status != 201 {
				t.Fatalf("nominate: %d %s", r.Status, r.Body)
			}
		}
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var st int
				if i%4 == 0 {
					st = f.Do("PATCH", "/api/v1/invitations/"+l.InvitationID, "secretariat",
						map[string]any{"quota": 4 + i/4}).Status
				} else {
					st = f.Do("POST", "/api/v1/rsvp/"+l.Token+"/participants", "",
						person(fmt.Sprint("Racer ", i), "Late", "delegate")).Status
				}
				statuses[i] = st
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 200 && st != 201 && st != 409 {
				t.Errorf("request %d: %d", i, st)
			}
		}
		var active int64
		var quota int
		f.DB.Table("participants").Where("invitation_id = ? AND status IN ('nominated','approved')", l.InvitationID).Count(&active)
		f.DB.Raw(`SELECT quota FROM invitations WHERE id = ?`, l.InvitationID).Scan(&quota)
		if int(active) > quota {
			t.Errorf("%d active members over a quota of %d", active, quota)
		}
	})
}

// A category stays while participants are accredited in it: the refusal
// says how many.
func TestCategoryWithParticipantsStays(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	_, p := f.nominate(l, person("Amina", "Accredited", "head"))
	if r := f.Do("POST", "/api/v1/participants/"+p["id"].(string)+"/approve", "secretariat",
		map[string]string{"category_id": f.CategoryID}); r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	r := f.Do("DELETE", "/api/v1/events/"+f.EventID+"/categories/"+f.CategoryID, "secretariat", nil)
	if got := r.Map(t); r.Status != 409 || got["participants"] != float64(1) || !strings.Contains(got["detail"].(string), "1 participants") {
		t.Errorf("delete a category in use: %d %s", r.Status, r.Body)
	}
	var n int64
	f.DB.Table("categories").Where("id = ?", f.CategoryID).Count(&n)
	if n != 1 {
		t.Errorf("the category is gone")
	}
}

// Changing a member's role to head while the delegation has one is
// refused, and the head index holds.
func TestRoleChangeKeepsOneHead(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	f.nominate(l, person("Hana", "Head", "head"))
	_, d := f.nominate(l, person("Dara", "Delegate", "delegate"))
	r := f.Do("PATCH", "/api/v1/rsvp/"+l.Token+"/participants/"+d["id"].(string), "", map[string]string{"role": "head"})
	if got := r.Map(t); r.Status != 409 || got["type"] != "/problems/one-head" {
		t.Errorf("a second head by a change of role: %d %s", r.Status, r.Body)
	}
	var heads int64
	f.DB.Table("participants").Where("invitation_id = ? AND role = 'head'", l.InvitationID).Count(&heads)
	if heads != 1 {
		t.Errorf("%d heads", heads)
	}
}

// Moving the deadline later, or reopening, keeps the delegation's RSVP link
// working as long as it may answer.
func TestLaterDeadlineKeepsTheLink(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	now := testkit.Now().Truncate(time.Second)
	soon := now.Add(72 * time.Hour)
	l := f.invite(invite{Deadline: now.Add(48 * time.Hour), Expires: &soon})
	later := now.Add(20 * 24 * time.Hour)
	r := f.Do("PATCH", "/api/v1/invitations/"+l.InvitationID, "secretariat", map[string]any{"rsvp_deadline": later})
	if r.Status != 200 {
		t.Fatalf("move the deadline: %d %s", r.Status, r.Body)
	}
	if got := f.linkExpiry(l); got.Before(later) {
		t.Errorf("the link expires %s, before the new deadline %s", got, later)
	}

	l = f.invite(invite{Deadline: now.Add(-time.Hour), Expires: &soon})
	until := now.Add(10 * 24 * time.Hour)
	r = f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/reopen", "secretariat", map[string]any{"until": until})
	if r.Status != 200 {
		t.Fatalf("reopen: %d %s", r.Status, r.Body)
	}
	if got := f.linkExpiry(l); got.Before(until) {
		t.Errorf("the link expires %s, before the reopening ends %s", got, until)
	}
}

func (f *fixture) linkExpiry(l link) time.Time {
	f.t.Helper()
	var at time.Time
	must(f.t, f.DB.Raw(`SELECT rsvp_expires_at FROM invitations WHERE id = ?`, l.InvitationID).Row().Scan(&at))
	return at
}
