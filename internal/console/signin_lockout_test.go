package console_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
)

// TestStrangersCannotLockOutTheOwnerOfTheConsole: ten wrong passwords for
// the admin from ten other addresses (named by the trusted proxy at the test
// server's peer address) leave the admin free to sign in to the console from
// their own address, on both databases.
func TestStrangersCannotLockOutTheOwnerOfTheConsole(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *database.DB{
		"sqlite": database.OpenTestSQLite, "postgres": database.OpenTestPostgres,
	} {
		t.Run(name, func(t *testing.T) {
			env := apptest.NewWith(t, open(t), map[string]string{"TRUSTED_PROXIES": "127.0.0.1"})
			env.App.Auth.Sleep = func(time.Duration) {}
			srv := httptest.NewServer(env.App.Echo)
			t.Cleanup(srv.Close)
			s := &site{t: t, env: env, srv: srv, client: newClient()}
			signIn := func(addr, password string) page {
				form := url.Values{"email": {"admin@test.example"}, "password": {password}}
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/console/signin", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", srv.URL)
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-Forwarded-For", addr)
				return s.do(req)
			}
			for i := 1; i <= 10; i++ {
				if p := signIn(fmt.Sprintf("203.0.113.%d", i), "a wrong guess!"); p.Status != http.StatusUnauthorized {
					t.Fatalf("guess from address %d: %d, want 401", i, p.Status)
				}
			}
			if p := signIn("198.51.100.7", apptest.Password); p.Status != http.StatusSeeOther || p.Location != "/console/" {
				t.Errorf("the admin after ten strangers' guesses: %d → %q, want 303 to the console", p.Status, p.Location)
			}
			// The e-mail of 70,000 characters is refused and counts nothing.
			var before, after int64
			env.DB.Table("rate_limits").Count(&before)
			form := url.Values{"email": {strings.Repeat("a", 70000) + "@test.example"}, "password": {"a wrong guess!"}}
			if p := s.post("/console/signin", form); p.Status != http.StatusBadRequest {
				t.Errorf("70,000-character e-mail: %d, want 400", p.Status)
			}
			env.DB.Table("rate_limits").Count(&after)
			if after != before {
				t.Errorf("rate-limit rows: %d before, %d after; want none stored", before, after)
			}
		})
	}
}
