package auth_test

import (
	"context"
	"sync"
	"testing"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

func account(t *testing.T, s *auth.Service, email string, role actor.Role) auth.User {
	t.Helper()
	name, pw := email, "a long enough password"
	u, err := s.CreateUser(actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "test"}),
		auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func as(u auth.User) context.Context {
	return actor.With(context.Background(), actor.Actor{Kind: actor.User, ID: u.ID, Name: u.Email, Role: u.Role})
}

func activeAdmins(t *testing.T, db *database.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Table("users").Where("role = 'admin' AND disabled_at IS NULL").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTheLastActiveAdminStays: an admin cannot demote or disable their own
// account, nobody can demote or disable the last active admin, and two
// admins demoting (or disabling) each other at the same moment leave one.
func TestTheLastActiveAdminStays(t *testing.T) {
	db := database.OpenTest(t)
	s := auth.NewService(db.DB)
	a := account(t, s, "a@test.example", actor.Admin)
	secretariat, disabled := actor.Secretariat, true
	if _, err := s.UpdateUser(as(a), a.ID, auth.UserInput{Role: &secretariat}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("self-demotion: %v, want Conflict", err)
	}
	if _, err := s.UpdateUser(as(a), a.ID, auth.UserInput{Disabled: &disabled}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("self-disabling: %v, want Conflict", err)
	}
	sys := actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "test"})
	for _, in := range []auth.UserInput{{Role: &secretariat}, {Disabled: &disabled}} {
		if _, err := s.UpdateUser(sys, a.ID, in); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("the last admin changed by the system (%+v): %v, want Conflict", in, err)
		}
	}
	for round := range 6 {
		b := account(t, s, "b"+string(rune('0'+round))+"@test.example", actor.Admin)
		in := auth.UserInput{Role: &secretariat}
		if round%2 == 1 {
			in = auth.UserInput{Disabled: &disabled}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, pair := range [][2]auth.User{{a, b}, {b, a}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.UpdateUser(as(pair[0]), pair[1].ID, in)
			}()
		}
		wg.Wait()
		failed := 0
		for _, err := range errs {
			if err != nil && !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("round %d: %v", round, err)
			}
			if err != nil {
				failed++
			}
		}
		if n := activeAdmins(t, db); n != 1 || failed != 1 {
			t.Fatalf("round %d (%+v): %d active admins, %d refused; want 1 and 1", round, in, n, failed)
		}
		// Whoever is left is the admin of the next round.
		var left auth.User
		if err := db.DB.Where("role = 'admin' AND disabled_at IS NULL").First(&left).Error; err != nil {
			t.Fatal(err)
		}
		a = left
	}
}
