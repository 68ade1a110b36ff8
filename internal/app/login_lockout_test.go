package app_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

// eachDatabase runs fn on SQLite and on PostgreSQL (which skips without
// TEST_DATABASE_URL, and fails under CI).
func eachDatabase(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, database.OpenTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, database.OpenTestPostgres(t)) })
}

// loginFrom posts a login whose client address is set by the proxy at
// httptest's peer address (192.0.2.1) in X-Forwarded-For.
func loginFrom(env *apptest.Env, addr, email, password string) *apptest.Response {
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)
	req := httptest.NewRequest("POST", "/api/v1/sessions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
	}
	return env.Send(req)
}

// TestStrangersCannotLockOutTheOwner: ten wrong passwords for the admin from
// ten other addresses, behind the trusted load balancer, do not keep the admin
// out: the right password from the admin's own address signs in, slowed once.
// An attacker rotating addresses is slowed and, once the account is under
// attack, each of its addresses is refused sooner; the owner still signs in.
func TestStrangersCannotLockOutTheOwner(t *testing.T) {
	eachDatabase(t, func(t *testing.T, db *database.DB) {
		env := apptest.NewWith(t, db, map[string]string{"TRUSTED_PROXIES": "192.0.2.1"})
		var slept atomic.Int32
		env.App.Auth.Sleep = func(time.Duration) { slept.Add(1) }
		const admin, owner = "admin@test.example", "198.51.100.7"
		for i := 1; i <= 10; i++ {
			if r := loginFrom(env, fmt.Sprintf("203.0.113.%d", i), admin, "a wrong guess!"); r.Status != http.StatusUnauthorized {
				t.Fatalf("guess from address %d: %d, want 401", i, r.Status)
			}
		}
		slept.Store(0)
		if r := loginFrom(env, owner, admin, apptest.Password); r.Status != http.StatusCreated {
			t.Fatalf("the owner after ten strangers' guesses: %d %s, want 201", r.Status, r.Body)
		}
		if slept.Load() != 1 {
			t.Errorf("the owner's sign-in under attack waited %d times, want once (slowed, not blocked)", slept.Load())
		}
		// The attack goes on from the same addresses: each may fail
		// auth.AttackAllowance times on the account under attack, not
		// auth.RefuseAfter.
		attacker := "203.0.113.1"
		for i := 2; i <= auth.AttackAllowance; i++ {
			if r := loginFrom(env, attacker, admin, "another guess!"); r.Status != http.StatusUnauthorized {
				t.Fatalf("guess %d from one address under attack: %d, want 401", i, r.Status)
			}
		}
		if r := loginFrom(env, attacker, admin, "another guess!"); r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("guess %d from one address under attack: %d, want 429 with Retry-After", auth.AttackAllowance+1, r.Status)
		}
		if r := loginFrom(env, attacker, "secretariat@test.example", apptest.Password); r.Status != http.StatusCreated {
			t.Errorf("another account from the refused address: %d, want 201", r.Status)
		}
		if r := loginFrom(env, owner, admin, apptest.Password); r.Status != http.StatusCreated {
			t.Errorf("the owner again: %d, want 201", r.Status)
		}
	})
}

// TestForwardedForFromAnUntrustedPeerIsIgnored: with no trusted proxy (the
// default), a client on a private network that names a new address in
// X-Forwarded-For with each guess is still one address: trying one password
// on account after account, it is refused after auth.ClientRefuseAfter.
func TestForwardedForFromAnUntrustedPeerIsIgnored(t *testing.T) {
	env := apptest.New(t)
	env.App.Auth.Sleep = func(time.Duration) {}
	var last *apptest.Response
	for i := 1; i <= auth.ClientRefuseAfter+1; i++ {
		body := fmt.Sprintf(`{"email":"person%d@test.example","password":"Summer2026!"}`, i)
		req := httptest.NewRequest("POST", "/api/v1/sessions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "10.20.30.40:5000"
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
		last = env.Send(req)
	}
	if last.Status != http.StatusTooManyRequests {
		t.Errorf("guess %d from one peer naming new addresses: %d, want 429", auth.ClientRefuseAfter+1, last.Status)
	}
}

// TestLongLoginEmailIsRefusedAndStoresNothing: an e-mail of 70,000
// characters is a 400 naming the field, and no counter is stored for it.
func TestLongLoginEmailIsRefusedAndStoresNothing(t *testing.T) {
	eachDatabase(t, func(t *testing.T, db *database.DB) {
		env := apptest.NewOn(t, db)
		count := func() (n int64) {
			env.DB.Table("rate_limits").Count(&n)
			return n
		}
		before := count()
		email := randomLetters(70000-len("@test.example")) + "@test.example"
		r := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": email, "password": "a wrong guess!"})
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"email"`) {
			t.Errorf("70,000-character e-mail: %d %.300s, want 400 naming email", r.Status, r.Body)
		}
		if n := count(); n != before {
			t.Errorf("rate-limit rows: %d before, %d after; want none stored", before, n)
		}
	})
}

// randomLetters returns n letters that do not compress (as a long e-mail
// someone types at random), the same in every run.
func randomLetters(n int) string {
	r := rand.New(rand.NewPCG(15, 3))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}
