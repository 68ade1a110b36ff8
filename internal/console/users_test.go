package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/fixtures"
)

var shownPassword = regexp.MustCompile(`<code class="password" dir="ltr">([^<]+)</code>`)

// canLogIn reports whether an e-mail and password open a session.
func (s *site) canLogIn(email, password string) bool {
	s.t.Helper()
	_, err := s.env.App.Auth.Login(context.Background(), email, password, "users-test")
	return err == nil
}

func (s *site) userID(email string) string {
	s.t.Helper()
	var id string
	if err := s.env.DB.Raw(`SELECT id FROM users WHERE email = ?`, email).Scan(&id).Error; err != nil || id == "" {
		s.t.Fatalf("no account %s: %v", email, err)
	}
	return id
}

// TestUsersAreForAdmins: the Secretariat gets a 403 page for the accounts
// and their forms, and nothing is changed.
func TestUsersAreForAdmins(t *testing.T) {
	s := newSite(t)
	s.signIn("secretariat")
	tok := s.csrf("/console/")
	if p := s.get("/console/users"); p.Status != http.StatusForbidden {
		t.Errorf("GET /console/users as secretariat: %d, want 403", p.Status)
	}
	before := s.count("users")
	p := s.post("/console/users", url.Values{"_csrf": {tok}, "email": {"x@test.example"}, "role": {"admin"}, "password": {"a long enough password"}})
	if p.Status != http.StatusForbidden || s.count("users") != before {
		t.Errorf("create as secretariat: %d, %d accounts (was %d)", p.Status, s.count("users"), before)
	}
	admin := s.env.IDs["admin"]
	if p := s.post("/console/users/"+admin+"/role", url.Values{"_csrf": {tok}, "role": {"door"}}); p.Status != http.StatusForbidden {
		t.Errorf("role change as secretariat: %d, want 403", p.Status)
	}
}

// TestUsersCreateChangeAndReset: an admin creates accounts (with a typed
// password, or one made up and shown once), changes a role, deactivates
// (after a confirmation) and reactivates an account, and resets a password;
// bad input is shown again beside its field; the admin's own account and
// the last active admin cannot be demoted or deactivated.
func TestUsersCreateChangeAndReset(t *testing.T) {
	s := newSite(t)
	s.signIn("admin")
	tok := s.csrf("/console/users")
	form := func(kv ...string) url.Values {
		v := url.Values{"_csrf": {tok}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	name := fixtures.Names()[0]
	p := s.post("/console/users", form("email", "typed@test.example", "name", name.Native, "role", "secretariat", "password", "a long enough password"))
	if p.Status != http.StatusSeeOther || !s.canLogIn("typed@test.example", "a long enough password") {
		t.Fatalf("create with a password: %d", p.Status)
	}
	if list := s.get("/console/users"); !strings.Contains(list.Body, name.Native) || !strings.Contains(list.Body, "typed@test.example") {
		t.Errorf("the list lacks the new account or its name %q", name.Native)
	}
	p = s.post("/console/users", form("email", "made-up@test.example", "role", "door"))
	m := shownPassword.FindStringSubmatch(p.Body)
	if p.Status != http.StatusCreated || m == nil || !s.canLogIn("made-up@test.example", html.UnescapeString(m[1])) {
		t.Fatalf("create with a made-up password: %d, shown %v", p.Status, m)
	}
	if again := s.get("/console/users"); strings.Contains(again.Body, m[1]) {
		t.Error("the made-up password is shown again")
	}
	before := s.count("users")
	for field, f := range map[string]url.Values{
		"email":    form("email", "not an address", "role", "secretariat"),
		"role":     form("email", "r@test.example", "role", "root"),
		"password": form("email", "p@test.example", "role", "secretariat", "password", "short"),
	} {
		p := s.post("/console/users", f)
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `id="e-`+field+`"`) {
			t.Errorf("bad %s: %d, no message beside it", field, p.Status)
		}
	}
	if p := s.post("/console/users", form("email", "TYPED@test.example", "role", "secretariat")); p.Status != http.StatusConflict ||
		!strings.Contains(p.Body, `id="e-email"`) {
		t.Errorf("taken e-mail: %d", p.Status)
	}
	if s.count("users") != before {
		t.Errorf("refused forms made accounts: %d, was %d", s.count("users"), before)
	}

	typed := s.userID("typed@test.example")
	if p := s.post("/console/users/"+typed+"/role", form("role", "door")); p.Status != http.StatusSeeOther {
		t.Errorf("role change: %d", p.Status)
	}
	var role string
	s.env.DB.Raw(`SELECT role FROM users WHERE id = ?`, typed).Scan(&role)
	if role != "door" {
		t.Errorf("role %s, want door", role)
	}
	if p := s.post("/console/users/"+typed+"/active", form("active", "0")); p.Status != http.StatusOK || !strings.Contains(p.Body, "confirmed") ||
		!s.canLogIn("typed@test.example", "a long enough password") {
		t.Errorf("deactivation without confirmation: %d", p.Status)
	}
	if p := s.post("/console/users/"+typed+"/active", form("active", "0", "confirmed", "1")); p.Status != http.StatusSeeOther ||
		s.canLogIn("typed@test.example", "a long enough password") {
		t.Errorf("deactivation: %d", p.Status)
	}
	if p := s.post("/console/users/"+typed+"/active", form("active", "1")); p.Status != http.StatusSeeOther ||
		!s.canLogIn("typed@test.example", "a long enough password") {
		t.Errorf("reactivation: %d", p.Status)
	}
	p = s.post("/console/users/"+typed+"/password", form("confirmed", "1"))
	if m = shownPassword.FindStringSubmatch(p.Body); m == nil || s.canLogIn("typed@test.example", "a long enough password") ||
		!s.canLogIn("typed@test.example", html.UnescapeString(m[1])) {
		t.Errorf("made-up reset: %d %v", p.Status, m)
	}
	if p := s.post("/console/users/"+typed+"/password", form("confirmed", "1", "password", "another long password")); p.Status != http.StatusSeeOther ||
		!s.canLogIn("typed@test.example", "another long password") {
		t.Errorf("typed reset: %d", p.Status)
	}
	if p := s.post("/console/users/"+typed+"/password", form("confirmed", "1", "password", "short")); p.Status != http.StatusBadRequest {
		t.Errorf("short reset: %d, want 400", p.Status)
	}

	self := s.env.IDs["admin"]
	for what, f := range map[string]url.Values{"role": form("role", "secretariat"), "active": form("active", "0", "confirmed", "1")} {
		if p := s.post("/console/users/"+self+"/"+what, f); p.Status != http.StatusConflict || !strings.Contains(p.Body, "the last active admin") {
			t.Errorf("own account's %s: %d", what, p.Status)
		}
	}
	if p := s.post("/console/users/00000000-0000-4000-8000-000000000000/role", form("role", "door")); p.Status != http.StatusNotFound {
		t.Errorf("unknown account: %d, want 404", p.Status)
	}
	if p := s.post("/console/users/nope/role", form("role", "door")); p.Status != http.StatusBadRequest {
		t.Errorf("bad id: %d, want 400", p.Status)
	}
}
