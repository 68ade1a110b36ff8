package app_test

import (
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/httpx"
)

// speakerIDs adds to ids what the lists of speakers' paths name: a level of
// the event's table, and a role and an entry of the session when it has a
// list of speakers (unknown ids otherwise, which the routes refuse).
func speakerIDs(t *testing.T, env *apptest.Env, ids map[string]string) {
	t.Helper()
	res := env.Do("GET", "/api/v1/events/"+ids["event_id"]+"/precedence", "admin", nil)
	var levels struct{ Items []struct{ ID string } }
	res.JSON(t, &levels)
	if len(levels.Items) == 0 {
		t.Fatalf("no table of precedence: %d %s", res.Status, res.Body)
	}
	ids["level_id"], ids["role_id"], ids["speaker_id"] = levels.Items[0].ID, httpx.NewID(), httpx.NewID()
	session := "/api/v1/sessions/" + ids["session_id"]
	if r := env.Do("POST", session+"/roles", "admin", map[string]string{"role": "moderator", "guest_name": "Dr Guest"}); r.Status == 201 {
		ids["role_id"] = r.Map(t)["id"].(string)
	}
	if r := env.Do("POST", session+"/speakers", "admin", map[string]string{"delegation_id": ids["delegation_id"],
		"participant_id": ids["participant_id"]}); r.Status == 201 {
		ids["speaker_id"] = r.Map(t)["id"].(string)
	}
}
