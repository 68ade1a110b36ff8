package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignedOutGoesToSignIn(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	home := s.get("/")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, `action="/console/signin"`) {
		t.Fatalf("/ signed out: %d, want the sign-in page", home.Status)
	}
	for _, path := range []string{"/console/", "/console/events/" + ev, "/console/events/" + ev + "/invitations?status=sent"} {
		p := s.get(path)
		if p.Status != http.StatusSeeOther || p.Location != "/console/signin?next="+url.QueryEscape(path) {
			t.Errorf("GET %s signed out: %d → %q, want 303 to the sign-in page", path, p.Status, p.Location)
		}
	}
	// A form sent without a session is answered with the sign-in page,
	// which says why.
	p := s.post("/console/signout", url.Values{})
	if p.Status != http.StatusUnauthorized || !strings.Contains(p.Body, "session has expired") {
		t.Errorf("POST signed out: %d, want 401 with the sign-in page explaining it", p.Status)
	}
}

func TestSignInCookieAndSignOut(t *testing.T) {
	s := newSite(t)
	s.event()
	p := s.post("/console/signin", url.Values{"email": {"secretariat@test.example"}, "password": {"correct horse battery staple"},
		"next": {"/console/?all=1"}})
	if p.Status != http.StatusSeeOther || p.Location != "/console/?all=1" {
		t.Fatalf("sign in: %d → %q, want 303 to the page asked for", p.Status, p.Location)
	}
	ck := p.Header.Get("Set-Cookie")
	for _, want := range []string{"console_session=", "HttpOnly", "SameSite=Lax", "Expires=", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	// apptest's public address is https.
	if !strings.Contains(ck, "Secure") {
		t.Errorf("cookie is not Secure on an https address: %q", ck)
	}
	if got := s.get("/console/?all=1"); got.Status != http.StatusOK || !strings.Contains(got.Body, "Console test conference") {
		t.Fatalf("events page: %d", got.Status)
	}
	if got := s.get("/"); got.Status != http.StatusSeeOther || got.Location != "/console/" {
		t.Errorf("/ signed in: %d → %q, want 303 to the console", got.Status, got.Location)
	}
	token := s.csrf("/console/?all=1")
	if out := s.post("/console/signout", url.Values{"_csrf": {token}}); out.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d %s", out.Status, out.Body)
	}
	// The session is revoked, not only forgotten by the browser.
	var revoked int64
	s.env.DB.Table("tokens").Where("kind = ? AND revoked_at IS NOT NULL AND user_id = ?", "session", s.env.IDs["secretariat"]).Count(&revoked)
	if revoked != 1 {
		t.Errorf("revoked sessions after sign-out: %d, want 1", revoked)
	}
	if got := s.get("/console/?all=1"); got.Status != http.StatusSeeOther {
		t.Errorf("after sign-out: %d, want 303 to sign-in", got.Status)
	}
}

func TestSignInRefusals(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"empty", url.Values{}, 400, "Enter your e-mail address."},
		{"wrong password", url.Values{"email": {"admin@test.example"}, "password": {"nope"}}, 401, "The e-mail or the password is wrong."},
		{"door account", url.Values{"email": {"door@test.example"}, "password": {"correct horse battery staple"}}, 403,
			"Door accounts cannot use the console"},
		{"next elsewhere", url.Values{"email": {"x@test.example"}, "password": {"x"}, "next": {"https://evil.example/"}}, 401, "wrong"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := s.count("tokens")
			p := s.post("/console/signin", c.form)
			if p.Status != c.status || !strings.Contains(p.Body, c.want) {
				t.Errorf("%d, want %d with %q", p.Status, c.status, c.want)
			}
			if strings.Contains(p.Body, "evil.example") {
				t.Error("a return address off the console was kept")
			}
			if c.status == 403 {
				var live int64
				s.env.DB.Table("tokens").Where("user_id = ? AND revoked_at IS NULL AND id NOT IN (SELECT id FROM tokens WHERE kind <> ?)",
					s.env.IDs["door"], "session").Count(&live)
				if live != 1 { // the one apptest opened, not a new one
					t.Errorf("door account has %d live sessions, want only apptest's", live)
				}
			}
			if c.status != 403 && s.count("tokens") != before {
				t.Error("a refused sign-in stored a token")
			}
		})
	}
	if p := s.post("/console/signin", url.Values{"email": {"admin@test.example"}, "password": {"correct horse battery staple"},
		"next": {"//evil.example/x"}}); p.Location != "/console/" {
		t.Errorf("sign-in with next=//evil.example went to %q", p.Location)
	}
}

func TestSignInThrottled(t *testing.T) {
	s := newSite(t)
	s.env.App.Auth.Sleep = func(_ time.Duration) {}
	var last page
	for range 12 {
		last = s.post("/console/signin", url.Values{"email": {"admin@test.example"}, "password": {"wrong"}})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || !strings.Contains(last.Body, "Too many failed attempts") {
		t.Errorf("12th wrong password: %d, want 429 with Retry-After and the message", last.Status)
	}
}

func TestCrossSiteFormsRefused(t *testing.T) {
	s := newSite(t)
	s.event()
	s.signIn("admin")
	token := s.csrf("/console/?all=1")
	before := s.count("tokens")
	cases := []struct {
		name    string
		headers map[string]string
		form    url.Values
	}{
		{"another site", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, url.Values{"_csrf": {token}}},
		{"another origin, old browser", map[string]string{"Origin": "https://evil.example"}, url.Values{"_csrf": {token}}},
		{"no token", map[string]string{"Sec-Fetch-Site": "same-origin"}, url.Values{}},
		{"wrong token", map[string]string{"Sec-Fetch-Site": "same-origin"}, url.Values{"_csrf": {"x" + token}}},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/console/signout", strings.NewReader(c.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range c.headers {
			req.Header.Set(k, v)
		}
		if p := s.do(req); p.Status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, p.Status)
		}
	}
	var revoked int64
	s.env.DB.Table("tokens").Where("revoked_at IS NOT NULL").Count(&revoked)
	if revoked != 0 || s.count("tokens") != before {
		t.Errorf("a refused sign-out changed the sessions (revoked %d)", revoked)
	}
	// Signing in from another site is refused too.
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/console/signin", strings.NewReader("email=admin%40test.example&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := s.do(req); p.Status != http.StatusForbidden {
		t.Errorf("cross-site sign-in: %d, want 403", p.Status)
	}
}

func TestLanguageRemembered(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	s.signIn("secretariat")
	token := s.csrf("/console/events/" + ev)
	p := s.post("/console/language", url.Values{"_csrf": {token}, "lang": {"ar"}, "next": {"/console/events/" + ev}})
	if p.Status != http.StatusSeeOther || p.Location != "/console/events/"+ev {
		t.Fatalf("choose Arabic: %d → %q", p.Status, p.Location)
	}
	dash := s.get("/console/events/" + ev)
	if !strings.Contains(dash.Body, `<html lang="ar" dir="rtl">`) || !strings.Contains(dash.Body, "لوحة المتابعة") {
		t.Errorf("dashboard after choosing Arabic is not in Arabic, right to left")
	}
	if p := s.post("/console/language", url.Values{"_csrf": {token}, "lang": {"xx"}}); p.Status != http.StatusBadRequest {
		t.Errorf("unknown language: %d, want 400", p.Status)
	}
	if p := s.post("/console/language", url.Values{"lang": {"fr"}}); p.Status != http.StatusForbidden {
		t.Errorf("language form without the token while signed in: %d, want 403", p.Status)
	}
	// The browser's language is the default before a choice.
	fresh := &site{t: t, env: s.env, srv: s.srv, client: newClient()}
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/", nil)
	req.Header.Set("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5")
	if p := fresh.do(req); !strings.Contains(p.Body, `lang="ru"`) || !strings.Contains(p.Body, "Вход в консоль") {
		t.Errorf("sign-in page for a Russian browser is not in Russian")
	}
}

func TestUnknownEventIsAPage(t *testing.T) {
	s := newSite(t)
	s.signIn("admin")
	for path, want := range map[string]int{
		"/console/events/00000000-0000-4000-8000-000000000000": 404,
		"/console/events/not-a-uuid":                           400,
	} {
		p := s.get(path)
		if p.Status != want || !strings.Contains(p.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want %d as a page", path, p.Status, p.Header.Get("Content-Type"), want)
		}
	}
}

// TestCookieOnAnHTTPAddress: on a plain http public address the session
// cookie is not Secure (the browser would drop it), and it expires with the
// session it holds.
func TestCookieOnAnHTTPAddress(t *testing.T) {
	s := newLocalSite(t, nil)
	p := s.signIn("secretariat")
	ck := p.Header.Get("Set-Cookie")
	if p.Status != http.StatusSeeOther || strings.Contains(ck, "Secure") {
		t.Fatalf("sign-in on http: %d, cookie %q; want 303 and no Secure", p.Status, ck)
	}
	res := http.Response{Header: http.Header{"Set-Cookie": {ck}}}
	cookies := res.Cookies()
	var exps []time.Time
	s.env.DB.Table("tokens").Where("kind = ? AND user_id = ?", "session", s.env.IDs["secretariat"]).
		Order("expires_at DESC").Limit(1).Pluck("expires_at", &exps)
	if len(cookies) != 1 || len(exps) != 1 || cookies[0].Expires.Sub(exps[0]).Abs() > time.Second {
		t.Errorf("cookie expires %v, the session %v", cookies, exps)
	}
}

// TestDoorSessionCannotUseTheConsole: a door account's session put in the
// console's cookie by hand is refused on every page.
func TestDoorSessionCannotUseTheConsole(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	for _, path := range []string{"/console/", "/console/events/" + ev} {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: "console_session", Value: s.env.Tokens["door"]})
		if p := s.do(req); p.Status != http.StatusForbidden || !strings.Contains(p.Body, "door accounts cannot use the console") {
			t.Errorf("%s with a door session: %d, want 403 saying why", path, p.Status)
		}
	}
	if got := s.get("/"); got.Status != http.StatusOK {
		t.Errorf("/ signed out: %d", got.Status)
	}
}

// TestNoMailServerIsSaid: without SMTP_URL every page where mail is involved
// says that mail stays queued; with a mail server, none does.
func TestNoMailServerIsSaid(t *testing.T) {
	const said = "No mail server is configured (SMTP_URL)"
	for _, c := range []struct {
		vars map[string]string
		want bool
	}{{nil, true}, {map[string]string{"SMTP_URL": "smtp://127.0.0.1:1"}, false}} {
		s := newLocalSite(t, c.vars)
		ev := s.event()
		s.signIn("secretariat")
		for _, path := range []string{"/console/events/" + ev, "/console/events/" + ev + "/invitations",
			"/console/events/" + ev + "/outbox", "/console/events/" + ev + "/participants"} {
			p := s.get(path)
			if got := strings.Count(p.Body, said); p.Status != http.StatusOK || (got == 1) != c.want || got > 1 {
				t.Errorf("SMTP_URL %q, %s: %d, the notice %d times", c.vars["SMTP_URL"], path, p.Status, got)
			}
		}
	}
}
