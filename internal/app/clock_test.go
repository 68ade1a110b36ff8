package app_test

import (
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
)

// TestEveryServiceReadsTheDatabaseClock moves the database's clock years
// away and checks that sessions (auth), events (GORM's own timestamps) and
// the audit log all take their time from it, not from the machine.
func TestEveryServiceReadsTheDatabaseClock(t *testing.T) {
	env := apptest.New(t)
	at := time.Date(2031, 5, 12, 23, 59, 0, 0, time.UTC)
	env.DB.SetClock(func() time.Time { return at })

	res := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "admin@test.example", "password": apptest.Password})
	var s struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	res.JSON(t, &s)
	if want := at.Add(auth.SessionTTL); res.Status != 201 && res.Status != 200 || !s.ExpiresAt.Equal(want) {
		t.Errorf("login: %d, expires %s, want %s", res.Status, s.ExpiresAt, want)
	}
	// The sessions opened before are years past their end by this clock.
	if res := env.Do("GET", "/api/v1/sessions/current", "admin", nil); res.Status != 401 {
		t.Errorf("a session opened before the clock moved: %d, want 401", res.Status)
	}
	env.Tokens["admin"] = s.Token

	res = env.Do("POST", "/api/v1/events", "admin", map[string]any{"name": "Clock conference", "timezone": "Asia/Baku",
		"starts_on": "2031-06-01", "ends_on": "2031-06-02", "languages": []string{"en"}})
	var ev struct {
		ID        string    `json:"id"`
		CreatedAt time.Time `json:"created_at"`
	}
	res.JSON(t, &ev)
	if res.Status != 201 || !ev.CreatedAt.Equal(at) {
		t.Errorf("event: %d, created %s, want %s: %s", res.Status, ev.CreatedAt, at, res.Body)
	}

	res = env.Do("GET", "/api/v1/audit?entity_id="+ev.ID, "admin", nil)
	var audit struct {
		Items []struct {
			At time.Time `json:"at"`
		} `json:"items"`
	}
	res.JSON(t, &audit)
	if len(audit.Items) == 0 {
		t.Fatalf("no audit entry for the event: %s", res.Body)
	}
	for _, e := range audit.Items {
		if !e.At.Equal(at) {
			t.Errorf("audit entry at %s, want %s", e.At, at)
		}
	}
}
