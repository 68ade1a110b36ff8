package checkin_test

import (
	"net/http"
	"slices"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// TestCheckpointGuardingASession: a checkpoint that guards an official
// dinner lets in the badge registered for it and answers not_valid_here to
// another, online; the scanner snapshot carries the registered numbers, all
// a device needs to answer the same offline.
func TestCheckpointGuardingASession(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3, StartDays: -1, Days: 3})
	create := func(body map[string]any) string {
		t.Helper()
		r := env.Do("POST", "/api/v1/events/"+ev.ID+"/sessions", "admin", body)
		if r.Status != http.StatusCreated {
			t.Fatalf("session: %d %s", r.Status, r.Body)
		}
		return r.Map(t)["id"].(string)
	}
	dinner := create(map[string]any{"kind": "protocol", "titles": map[string]string{"en": "Official dinner"}, "capacity": 10})
	plenary := create(map[string]any{"kind": "plenary", "titles": map[string]string{"en": "Plenary"}})
	cp := "/api/v1/events/" + ev.ID + "/checkpoints/" + ev.CheckpointID
	env.Run(t, []apptest.Scenario{
		{Name: "a plenary is not guarded", Role: "admin", Method: "PATCH", Path: cp,
			Body: map[string]any{"session_id": plenary}, Status: 400, Field: "session_id"},
		{Name: "a session of no event", Role: "admin", Method: "PATCH", Path: cp,
			Body: map[string]any{"session_id": ev.ID}, Status: 400, Field: "session_id"},
		{Name: "the dinner's door", Role: "admin", Method: "PATCH", Path: cp,
			Body: map[string]any{"session_id": dinner}, Status: 200},
		{Name: "badge 1 registered", Role: "secretariat", Method: "POST",
			Path: "/api/v1/events/" + ev.ID + "/sessions/" + dinner + "/registrations",
			Body: map[string]string{"participant_id": ev.Badges[0].ParticipantID}, Status: 201},
	})
	if a := scan(t, env, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}); a.Verdict != checkin.OK {
		t.Errorf("registered badge: %s (%s), want ok", a.Verdict, a.Message)
	}
	a := scan(t, env, "device", map[string]any{"code": ev.Badges[1].Code, "checkpoint_id": ev.CheckpointID})
	if a.Verdict != checkin.NotValidHere || a.Message != "Not registered for this event" {
		t.Errorf("badge not registered: %s (%s), want not_valid_here", a.Verdict, a.Message)
	}
	r := env.Do("GET", "/api/v1/scanner/snapshot?event_id="+ev.ID, "device", nil)
	var snap checkin.Snapshot
	r.JSON(t, &snap)
	found := false
	for _, c := range snap.Checkpoints {
		switch {
		case c.ID == ev.CheckpointID:
			found = true
			if c.SessionID == nil || *c.SessionID != dinner || !slices.Equal(c.Admitted, []int{ev.Badges[0].Number}) {
				t.Errorf("the guarded checkpoint in the snapshot: %+v", c)
			}
		case c.SessionID != nil || c.Admitted != nil:
			t.Errorf("an unguarded checkpoint carries a session: %+v", c)
		}
	}
	if !found {
		t.Fatalf("no checkpoint %s in the snapshot %s", ev.CheckpointID, r.Body)
	}
}
