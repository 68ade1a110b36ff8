package event_test

import (
	"context"
	"net/http"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// baseEvent is a valid event to create.
func baseEvent(name string) map[string]any {
	return map[string]any{"name": name, "timezone": "Asia/Baku", "starts_on": "2013-03-18",
		"ends_on": "2013-03-19", "languages": []string{"en", "fr"}, "reference_format": "TEST/{seq:04}"}
}

// mustStatus fails the test unless res has status want.
func mustStatus(t *testing.T, res *apptest.Response, want int) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %d, want %d: %s", res.Status, want, res.Body)
	}
}

// createEvent creates an event as secretariat and returns its JSON.
func createEvent(t *testing.T, env *apptest.Env, name string) map[string]any {
	t.Helper()
	res := env.Do("POST", "/api/v1/events", "secretariat", baseEvent(name))
	mustStatus(t, res, http.StatusCreated)
	return res.Map(t)
}

// create posts body to path as secretariat and returns the new object's id.
func create(t *testing.T, env *apptest.Env, path string, body any) string {
	t.Helper()
	res := env.Do("POST", path, "secretariat", body)
	mustStatus(t, res, http.StatusCreated)
	return res.Map(t)["id"].(string)
}

// items lists path as role and returns the items.
func items(t *testing.T, env *apptest.Env, path, role string) []map[string]any {
	t.Helper()
	res := env.Do("GET", path, role, nil)
	mustStatus(t, res, http.StatusOK)
	var l struct {
		Items []map[string]any `json:"items"`
	}
	res.JSON(t, &l)
	return l.Items
}

// auditCount counts the audit entries of an entity with an action.
func auditCount(t *testing.T, env *apptest.Env, entity, entityID, action string) int {
	t.Helper()
	_, n, err := audit.NewStore(env.DB.DB).Find(context.Background(), audit.Filter{Entity: entity, EntityID: entityID,
		Action: action, Page: httpx.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// totalAudit counts every audit entry.
func totalAudit(t *testing.T, env *apptest.Env) int64 {
	t.Helper()
	_, n, err := audit.NewStore(env.DB.DB).Find(context.Background(), audit.Filter{Page: httpx.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
