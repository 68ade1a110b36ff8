package registration_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/fixtures"
	"accreditation/internal/registration"
)

func TestDelegationRolesAreTheRoles(t *testing.T) {
	if !slices.Equal(event.DelegationRoles, registration.Roles) {
		t.Fatalf("event.DelegationRoles %v, registration.Roles %v", event.DelegationRoles, registration.Roles)
	}
}

// session makes a session of the fixture's event through the API.
func (f *fixture) session(body map[string]any) string {
	f.t.Helper()
	r := f.Do("POST", "/api/v1/events/"+f.EventID+"/sessions", "admin", body)
	if r.Status != 201 {
		f.t.Fatalf("create session: %d %s", r.Status, r.Body)
	}
	return r.Map(f.t)["id"].(string)
}

// nominateFixture nominates one person of names.tsv in l's delegation and returns its id.
func (f *fixture) nominateFixture(l link, key, role string) string {
	f.t.Helper()
	n, ok := fixtures.Find(key)
	if !ok {
		f.t.Fatalf("no name %s in names.tsv", key)
	}
	r, m := f.nominate(l, map[string]string{"given_names": n.Given, "family_name": n.Family, "native_name": n.Native, "role": role})
	if m == nil {
		f.t.Fatalf("nominate %s: %d %s", key, r.Status, r.Body)
	}
	return m["id"].(string)
}

func (f *fixture) registrations() int64 {
	var n int64
	must(f.t, f.DB.Table("session_registrations").Count(&n).Error)
	return n
}

func TestProtocolEventRegistration(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		titles := func(en string) map[string]string { return map[string]string{"en": en, "ar": "عشاء رسمي"} }
		dinner := f.session(map[string]any{"kind": "protocol", "titles": titles("Official dinner"), "capacity": 1,
			"invite_roles": []string{"head"}})
		concert := f.session(map[string]any{"kind": "cultural", "titles": titles("Concert of mugham"), "capacity": 2})
		plenary := f.session(map[string]any{"kind": "plenary", "titles": titles("Plenary")})
		a, b := f.invite(invite{}), f.invite(invite{})
		f.accept(a)
		f.accept(b)
		headA, delegateA := f.nominateFixture(a, "ar-1", "head"), f.nominateFixture(a, "ru-1", "delegate")
		headB := f.nominateFixture(b, "fa-1", "head")
		ev := "/api/v1/events/" + f.EventID + "/sessions/"
		rsvp := func(l link, s string) string { return "/api/v1/rsvp/" + l.Token + "/sessions/" + s + "/registrations" }
		body := func(id string) map[string]string { return map[string]string{"participant_id": id} }
		before := f.registrations()
		f.Run(t, []apptest.Scenario{
			{Name: "capacity on a plenary", Role: "admin", Method: "PATCH", Path: ev + plenary,
				Body: map[string]any{"capacity": 10}, Status: 400, Field: "capacity"},
			{Name: "capacity of no place", Role: "admin", Method: "PATCH", Path: ev + dinner,
				Body: map[string]any{"capacity": 0}, Status: 400, Field: "capacity"},
			{Name: "unknown role invited", Role: "admin", Method: "PATCH", Path: ev + dinner,
				Body: map[string]any{"invite_roles": []string{"king"}}, Status: 400, Field: "invite_roles"},
			{Name: "category of no event invited", Role: "admin", Method: "PATCH", Path: ev + dinner,
				Body: map[string]any{"invite_category_ids": []string{f.EventID}}, Status: 400, Field: "invite_category_ids"},
			{Name: "a delegate to a dinner for heads", Method: "POST", Path: rsvp(a, dinner), Body: body(delegateA),
				Status: 403, Problem: "/problems/not-invited"},
			{Name: "a plenary is not registered for", Method: "POST", Path: rsvp(a, plenary), Body: body(headA), Status: 404},
			{Name: "another delegation's member", Method: "POST", Path: rsvp(a, dinner), Body: body(headB), Status: 404},
			{Name: "no participant", Method: "POST", Path: rsvp(a, dinner), Body: map[string]string{}, Status: 400,
				Field: "participant_id"},
			{Name: "a session that is not one", Method: "POST", Path: rsvp(a, "nonsense"), Body: body(headA), Status: 404},
		})
		if n := f.registrations(); n != before {
			t.Fatalf("bad input stored registrations: %d, want %d", n, before)
		}
		f.Run(t, []apptest.Scenario{
			{Name: "the head takes the last place", Method: "POST", Path: rsvp(a, dinner), Body: body(headA), Status: 201},
			{Name: "again", Method: "POST", Path: rsvp(a, dinner), Body: body(headA), Status: 409,
				Problem: "/problems/already-registered"},
			{Name: "the other delegation finds it full", Method: "POST", Path: rsvp(b, dinner), Body: body(headB), Status: 409,
				Problem: "/problems/session-full", Contains: "all 1 places"},
			{Name: "concert open to all", Method: "POST", Path: rsvp(a, concert), Body: body(delegateA), Status: 201},
			{Name: "concert, second place", Method: "POST", Path: rsvp(b, concert), Body: body(headB), Status: 201},
			{Name: "capacity below those registered", Role: "admin", Method: "PATCH", Path: ev + concert,
				Body: map[string]any{"capacity": 1}, Status: 400, Field: "capacity", Contains: "at least 2"},
			{Name: "the delegation sees its places", Path: "/api/v1/rsvp/" + a.Token + "/sessions", Status: 200,
				Check: func(t *testing.T, r *apptest.Response) {
					var got struct{ Items []registration.SessionPlaces }
					r.JSON(t, &got)
					if len(got.Items) != 2 || got.Items[0].Session.ID != dinner {
						t.Fatalf("sessions %s", r.Body)
					}
					d := got.Items[0]
					if !slices.Equal(d.Invited, []string{headA}) || !slices.Equal(d.Members, []string{headA}) ||
						d.PlacesLeft == nil || *d.PlacesLeft != 0 {
						t.Fatalf("dinner: %+v", d)
					}
				}},
			{Name: "who comes", Role: "secretariat", Path: ev + dinner + "/registrations", Status: 200,
				Check: func(t *testing.T, r *apptest.Response) {
					var got registration.SessionAttendees
					r.JSON(t, &got)
					n, _ := fixtures.Find("ar-1")
					if len(got.Items) != 1 || got.Items[0].ParticipantID != headA || got.Items[0].NativeName != n.Native {
						t.Fatalf("attendees %s", r.Body)
					}
				}},
			{Name: "who comes, in Arabic CSV", Role: "secretariat", Path: ev + concert + "/registrations/export?language=ar",
				Status: 200, Check: func(t *testing.T, r *apptest.Response) {
					n, _ := fixtures.Find("fa-1")
					if !strings.Contains(string(r.Body), "رقم الشارة") || !strings.Contains(string(r.Body), n.Native) {
						t.Fatalf("export %s", r.Body)
					}
				}},
			{Name: "export in no language", Role: "secretariat", Path: ev + concert + "/registrations/export?language=xx",
				Status: 400, Field: "language"},
			{Name: "the secretariat finds the dinner full too", Role: "secretariat", Method: "POST",
				Path: ev + dinner + "/registrations", Body: body(headB), Status: 409, Problem: "/problems/session-full"},
			{Name: "the door cannot register", Role: "door", Method: "POST", Path: ev + dinner + "/registrations",
				Body: body(headB), Status: 403},
			{Name: "the head gives the place back", Method: "DELETE", Path: rsvp(a, dinner) + "/" + headA, Status: 204},
			{Name: "the secretariat registers anyone", Role: "secretariat", Method: "POST",
				Path: ev + dinner + "/registrations", Body: body(headB), Status: 201},
			{Name: "the secretariat removes it", Role: "secretariat", Method: "DELETE",
				Path: ev + dinner + "/registrations/" + headB, Status: 204},
			{Name: "nothing left to remove", Role: "secretariat", Method: "DELETE",
				Path: ev + dinner + "/registrations/" + headB, Status: 404},
		})
		// A withdrawn member's place is free again.
		if r := f.Do("DELETE", "/api/v1/rsvp/"+a.Token+"/participants/"+delegateA, "", nil); r.Status != 204 {
			t.Fatalf("withdraw: %d %s", r.Status, r.Body)
		}
		if r := f.Do("PATCH", ev+concert, "admin", map[string]any{"capacity": 1}); r.Status != 200 {
			t.Fatalf("capacity down to those still active: %d %s", r.Status, r.Body)
		}
	})
}

func TestLastPlaceGoesToOneDelegation(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		dinner := f.session(map[string]any{"kind": "protocol", "titles": map[string]string{"en": "Dinner"}, "capacity": 1})
		type try struct {
			l    link
			head string
		}
		var tries []try
		for i := 0; i < 6; i++ {
			l := f.invite(invite{})
			f.accept(l)
			tries = append(tries, try{l, f.nominateFixture(l, "fr-1", "head")})
		}
		statuses := make([]int, len(tries))
		bodies := make([]string, len(tries))
		var wg sync.WaitGroup
		for i, tr := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := f.Do("POST", "/api/v1/rsvp/"+tr.l.Token+"/sessions/"+dinner+"/registrations", "",
					map[string]string{"participant_id": tr.head})
				statuses[i], bodies[i] = r.Status, string(r.Body)
			}()
		}
		wg.Wait()
		won := 0
		for i, st := range statuses {
			switch {
			case st == http.StatusCreated:
				won++
			case st != http.StatusConflict || !strings.Contains(bodies[i], "session-full"):
				t.Errorf("try %d: %d %s", i, st, bodies[i])
			}
		}
		if won != 1 || f.registrations() != 1 {
			t.Fatalf("%d won, %d registered; want one", won, f.registrations())
		}
	})
}
