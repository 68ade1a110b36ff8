package app_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
)

// TestLoginThrottleHoldsUnderConcurrentGuesses: guesses sent all at once get
// no more password checks than guesses sent one after another; every one
// past auth.RefuseAfter is refused with 429.
func TestLoginThrottleHoldsUnderConcurrentGuesses(t *testing.T) {
	env := apptest.New(t)
	env.App.Auth.Sleep = func(time.Duration) {}
	// Successful logins do not use up the client's allowance.
	for i := range auth.RefuseAfter + 2 {
		if r := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "admin@test.example", "password": apptest.Password}); r.Status != 201 {
			t.Fatalf("login %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	const guesses = auth.RefuseAfter + 6
	statuses := make(chan int, guesses)
	var start, done sync.WaitGroup
	start.Add(1)
	for range guesses {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			res := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "secretariat@test.example", "password": "a wrong guess!"})
			statuses <- res.Status
		}()
	}
	start.Done()
	done.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] > auth.RefuseAfter || count[http.StatusTooManyRequests] != guesses-count[http.StatusUnauthorized] {
		t.Fatalf("%d concurrent wrong guesses: %v; want at most %d checked (401), the rest 429", guesses, count, auth.RefuseAfter)
	}
	// The right password afterwards is refused too, until the window ends.
	if r := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "secretariat@test.example", "password": apptest.Password}); r.Status != 429 {
		t.Errorf("right password after the guesses: %d, want 429", r.Status)
	}
}
