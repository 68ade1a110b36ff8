package registration_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/database"
	"accreditation/internal/registration"
)

// TestRejectionRevokesTheBadgeInTheSameTransaction checks that a rejection
// and the revocation of the badge commit together: when a later step of the
// rejection fails, the participant stays approved and the badge stays active.
func TestRejectionRevokesTheBadgeInTheSameTransaction(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	_, p := f.nominate(l, person("Anne", "Martin", "head"))
	id := p["id"].(string)
	if r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}); r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	badgeStatus := func() string {
		t.Helper()
		r := f.Do("GET", "/api/v1/participants/"+id+"/badge", "secretariat", nil)
		if r.Status != 200 {
			t.Fatalf("badge: %d %s", r.Status, r.Body)
		}
		return r.Map(t)["status"].(string)
	}
	if got := badgeStatus(); got != "active" {
		t.Fatalf("badge after approval: %s, want active", got)
	}

	svc := f.App.Services.Registration
	hooks := svc.Hooks.Removed
	failure := errors.New("the step after the revocation failed")
	svc.Hooks.Removed = append(hooks, func(context.Context, *gorm.DB, registration.Participant) error { return failure })
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.User, ID: "secretariat", Name: "Secretariat"})
	if _, err := svc.Reject(ctx, id, "not eligible"); !errors.Is(err, failure) {
		t.Fatalf("reject with a failing hook: %v, want the hook's error", err)
	}
	if got := f.Do("GET", "/api/v1/participants/"+id, "secretariat", nil).Map(t)["status"]; got != "approved" {
		t.Errorf("participant after the failed rejection: %v, want approved", got)
	}
	if got := badgeStatus(); got != "active" {
		t.Errorf("badge after the failed rejection: %s, want active", got)
	}

	svc.Hooks.Removed = hooks
	if r := f.Do("POST", "/api/v1/participants/"+id+"/reject", "secretariat", map[string]string{"reason": "not eligible"}); r.Status != 200 {
		t.Fatalf("reject: %d %s", r.Status, r.Body)
	}
	if got := badgeStatus(); got != "revoked" {
		t.Errorf("badge after the rejection: %s, want revoked", got)
	}
}
