package app_test

import (
	"fmt"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
)

// TestEachTextFieldHasItsRule: beyond the rule every request string is held
// to (no control character but line feeds and tabs), each free-text field
// has its own: one line or several, and a length. Each case answers 400
// naming the field and stores nothing.
func TestEachTextFieldHasItsRule(t *testing.T) {
	env := apptest.New(t)
	ev := mustDo(t, env, "POST", "/api/v1/events", "admin", map[string]any{"name": "Conference on Text",
		"timezone": "Asia/Baku", "starts_on": "2013-03-18", "ends_on": "2013-03-19", "languages": []string{"en"}}, 201)
	eventID := ev["id"].(string)
	zone := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/zones", "admin", map[string]any{"code": "plenary",
		"names": map[string]string{"en": "Plenary hall"}}, 201)
	cp := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/checkpoints", "admin", map[string]any{"name": "Main door",
		"zone_id": zone["id"]}, 201)
	template := func(subject, body string) map[string]string {
		return map[string]string{"subject": subject, "body": body}
	}
	cases := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"a login e-mail of 70,000 characters", "POST", "/api/v1/sessions",
			map[string]string{"email": strings.Repeat("a", 70000) + "@test.example", "password": "whatever it is"}, "email"},
		{"a login password of 10,000 characters", "POST", "/api/v1/sessions",
			map[string]string{"email": "admin@test.example", "password": strings.Repeat("p", 10000)}, "password"},
		{"a user name on two lines", "POST", "/api/v1/users", map[string]string{"email": "new@test.example",
			"name": "Anne\nLefèvre", "role": "secretariat", "password": apptest.Password}, "name"},
		{"a user name with a tab", "PATCH", "/api/v1/users/" + env.IDs["door"], map[string]string{"name": "Door\tstaff"}, "name"},
		{"a venue on two lines", "PATCH", "/api/v1/events/" + eventID, map[string]string{"venue": "Baku Congress\nCentre"}, "venue"},
		{"a city of 201 characters", "PATCH", "/api/v1/events/" + eventID, map[string]string{"city": strings.Repeat("B", 201)}, "city"},
		{"a device name with a tab", "POST", "/api/v1/events/" + eventID + "/devices",
			map[string]any{"name": "Door\t1", "checkpoint_id": cp["id"]}, "name"},
		{"a letter subject with a tab", "PUT", "/api/v1/events/" + eventID + "/letter-templates/en",
			template("Invitation:\t{{event_name}}", "Excellency,"), "subject"},
		{"a letter body of only blank lines", "PUT", "/api/v1/events/" + eventID + "/letter-templates/en",
			template("Invitation", "\n\t\n"), "body"},
	}
	before := countAll(t, env)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := env.Do(c.method, c.path, "admin", c.body)
			if res.Status != 400 || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("got %d %.300s, want a 400 problem", res.Status, res.Body)
			}
			named := false
			for _, e := range res.Map(t)["errors"].([]any) {
				named = named || e.(map[string]any)["field"] == c.field
			}
			if !named {
				t.Errorf("problem %s does not name %s", res.Body, c.field)
			}
		})
	}
	if after := countAll(t, env); after != before {
		t.Errorf("rows changed: %s, then %s", before, after)
	}
}

// countAll counts the rows of the tables these requests could change.
func countAll(t *testing.T, env *apptest.Env) string {
	t.Helper()
	var out []string
	for _, tbl := range []string{"users", "events", "devices", "letter_templates", "rate_limits", "audit_log", "tokens"} {
		var n int64
		if err := env.DB.Table(tbl).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", tbl, n))
	}
	return strings.Join(out, " ")
}

// TestDispatchByDelegation: a bulk dispatch limited to delegations takes
// their ids (on PostgreSQL too, whose UUID column compares only UUIDs), and
// refuses a list that holds anything else with a 400 naming it.
func TestDispatchByDelegation(t *testing.T) {
	env := apptest.New(t)
	ev := mustDo(t, env, "POST", "/api/v1/events", "admin", map[string]any{"name": "Conference on Dispatch",
		"timezone": "Asia/Baku", "starts_on": "2013-03-18", "ends_on": "2013-03-19", "languages": []string{"en"}}, 201)
	base := "/api/v1/events/" + ev["id"].(string)
	del := mustDo(t, env, "POST", base+"/delegations", "admin", map[string]any{"kind": "member_state", "country": "MA",
		"name": map[string]string{"en": "Kingdom of Morocco"}}, 201)
	if res := env.Do("POST", base+"/invitations/dispatch", "admin", map[string]any{"delegation_ids": []any{del["id"]}}); res.Status != 202 {
		t.Errorf("dispatch to one delegation: %d %s, want 202", res.Status, res.Body)
	}
	if res := env.Do("POST", base+"/invitations/dispatch", "admin", map[string]any{"delegation_ids": []string{}}); res.Status != 202 {
		t.Errorf("dispatch to no delegation: %d %s, want 202", res.Status, res.Body)
	}
	res := env.Do("POST", base+"/invitations/dispatch", "admin", map[string]any{"delegation_ids": []string{"Morocco"}})
	if res.Status != 400 || !strings.Contains(string(res.Body), `"delegation_ids"`) {
		t.Errorf("dispatch to a name: %d %s, want 400 naming delegation_ids", res.Status, res.Body)
	}
}
