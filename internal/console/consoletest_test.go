package console_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
)

// site is the whole server on a real port with a browser-like client: a
// cookie jar, no automatic redirects (so tests see each 303).
type site struct {
	t      *testing.T
	env    *apptest.Env
	srv    *httptest.Server
	client *http.Client
}

func newSite(t *testing.T) *site {
	t.Helper()
	env := apptest.New(t)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	return &site{t: t, env: env, srv: srv, client: newClient()}
}

// newLocalSite is newSite whose public address is its own http address
// (so that links in e-mails lead to it and cookies are not Secure), with
// configuration variables beside (e.g. SMTP_URL).
func newLocalSite(t *testing.T, vars map[string]string) *site {
	t.Helper()
	var h http.Handler
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	srv.Start()
	t.Cleanup(srv.Close)
	all := map[string]string{"PUBLIC_BASE_URL": srv.URL}
	for k, v := range vars {
		all[k] = v
	}
	env := apptest.NewWith(t, database.OpenTest(t), all)
	h = env.App.Echo
	return &site{t: t, env: env, srv: srv, client: newClient()}
}

func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// page is one answer, with its body read.
type page struct {
	Status   int
	Location string
	Header   http.Header
	Body     string
}

func (s *site) do(req *http.Request) page {
	s.t.Helper()
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		s.t.Errorf("%s %s → %d: %.300s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return page{Status: res.StatusCode, Location: res.Header.Get("Location"), Header: res.Header, Body: string(b)}
}

func (s *site) get(path string) page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	return s.do(req)
}

// post sends a form as the browser would from the console's own page.
func (s *site) post(path string, form url.Values) page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(req)
}

// signIn signs in as one of apptest's accounts (role: admin, secretariat, door).
func (s *site) signIn(role string) page {
	s.t.Helper()
	return s.post("/console/signin", url.Values{"email": {role + "@test.example"}, "password": {apptest.Password}})
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// csrf reads the form token from a console page.
func (s *site) csrf(path string) string {
	s.t.Helper()
	p := s.get(path)
	m := csrfInput.FindStringSubmatch(p.Body)
	if m == nil || m[1] == "" {
		s.t.Fatalf("no form token on %s (%d)", path, p.Status)
	}
	return html.UnescapeString(m[1])
}

// count returns the number of rows of a table.
func (s *site) count(table string) int64 {
	s.t.Helper()
	var n int64
	if err := s.env.DB.Table(table).Count(&n).Error; err != nil {
		s.t.Fatal(err)
	}
	return n
}

// eventID is the id of an event created through the API.
func (s *site) event() string {
	s.t.Helper()
	return s.eventOn("2013-03-18", "2013-03-19")
}

// eventAhead is an event far enough ahead that invitations to it can have
// deadlines (no later than its last day) from the test clock's now.
func (s *site) eventAhead() string {
	s.t.Helper()
	return s.eventOn("2040-03-18", "2040-03-19")
}

func (s *site) eventOn(startsOn, endsOn string) string {
	s.t.Helper()
	res := s.env.Do(http.MethodPost, "/api/v1/events", "admin", map[string]any{
		"name": "Console test conference", "venue": "Baku Convention Center", "city": "Baku", "country": "AZ",
		"timezone": "Asia/Baku", "starts_on": startsOn, "ends_on": endsOn,
		"languages": []string{"ar", "fr", "en", "ru", "az"}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("create event: %d %s", res.Status, res.Body)
	}
	return res.Map(s.t)["id"].(string)
}
