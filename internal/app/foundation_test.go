package app_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app"
	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

func TestBadInputGetsAProblemAndChangesNothing(t *testing.T) {
	env := apptest.New(t)
	env.SeedDevice()
	big := `{"email":"a@b.example","name":"` + strings.Repeat("x", 2<<20) + `"}`
	before := countRows(t, env)
	env.Run(t, []apptest.Scenario{
		{Name: "malformed JSON", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: `{"email":`, Status: 400, Problem: "/problems/invalid-input"},
		{Name: "wrong type", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: `{"email": 5}`, Status: 400, Problem: "/problems/invalid-input"},
		{Name: "unknown field", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: `{"email":"x@y.example","colour":"red"}`, Status: 400, Problem: "/problems/invalid-input"},
		{Name: "body over the limit", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: big, Status: 413, Problem: "/problems/too-large"},
		{Name: "invalid UTF-8", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: "{\"email\":\"\xff\xfe@x.example\"}", Status: 400, Problem: "/problems/invalid-input"},
		{Name: "id not a UUID", Method: "GET", Path: "/api/v1/users/42", Role: "admin", Status: 400, Problem: "/problems/invalid-input"},
		{Name: "missing token", Method: "GET", Path: "/api/v1/users", Role: "", Status: 401, Problem: "/problems/unauthorized"},
		{Name: "unknown token", Method: "GET", Path: "/api/v1/users", Role: "no-such-token", Status: 401, Problem: "/problems/unauthorized"},
		{Name: "door token on a Secretariat route", Method: "POST", Path: "/api/v1/users", Role: "device", Body: `{}`, Status: 403, Problem: "/problems/forbidden"},
		{Name: "invalid fields", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: `{"email":"not an address","role":"king","password":"short"}`, Status: 400, Problem: "/problems/invalid-input"},
		{Name: "two JSON values", Method: "POST", Path: "/api/v1/users", Role: "admin", Body: `{} {}`, Status: 400, Problem: "/problems/invalid-input"},
	})
	if after := countRows(t, env); !maps.Equal(after, before) {
		t.Errorf("rows changed: before %v, after %v", before, after)
	}
	res := env.Do("POST", "/api/v1/users", "admin", `{"email":"not an address","role":"king","password":"short"}`)
	if errs, _ := res.Map(t)["errors"].([]any); len(errs) != 3 {
		t.Errorf("want one error per field, got %s", res.Body)
	}
}

func countRows(t *testing.T, env *apptest.Env) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tbl := range []string{"users", "tokens", "devices", "audit_log"} {
		var n int64
		env.DB.Table(tbl).Count(&n)
		out[tbl] = n
	}
	return out
}

func TestLoginLogoutAndThrottling(t *testing.T) {
	env := apptest.New(t)
	env.App.Auth.Sleep = func(time.Duration) {}
	res := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "ADMIN@test.example", "password": apptest.Password})
	if res.Status != 201 {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	var s struct{ Token string }
	res.JSON(t, &s)
	env.Tokens["fresh"] = s.Token
	var stored int64
	env.DB.Table("tokens").Where("hash = ?", auth.HashToken(s.Token)).Count(&stored)
	var plain int64
	env.DB.Table("tokens").Where("hash = ?", s.Token).Count(&plain)
	if stored != 1 || plain != 0 {
		t.Errorf("tokens stored by hash: %d, in clear: %d; want 1 and 0", stored, plain)
	}
	if r := env.Do("GET", "/api/v1/sessions/current", "fresh", nil); r.Status != 200 {
		t.Fatalf("current: %d", r.Status)
	}
	if r := env.Do("DELETE", "/api/v1/sessions/current", "fresh", nil); r.Status != 204 {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := env.Do("GET", "/api/v1/sessions/current", "fresh", nil); r.Status != 401 {
		t.Fatalf("after logout: %d, want 401", r.Status)
	}
	var last *apptest.Response
	for i := 0; i < 11; i++ {
		last = env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "secretariat@test.example", "password": "wrong password!"})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("after 11 failures: %d, want 429 with Retry-After", last.Status)
	}
	// Even the right password is refused while the account is locked out.
	if r := env.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "secretariat@test.example", "password": apptest.Password}); r.Status != 429 {
		t.Fatalf("right password while locked: %d, want 429", r.Status)
	}
}

func TestRevokedDeviceIsRefused(t *testing.T) {
	env := apptest.New(t)
	env.SeedDevice()
	if r := env.Do("GET", "/api/v1/sessions/current", "device", nil); r.Status != 200 {
		t.Fatalf("device: %d", r.Status)
	}
	if r := env.Do("DELETE", "/api/v1/devices/"+env.IDs["device"], "secretariat", nil); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if r := env.Do("GET", "/api/v1/sessions/current", "device", nil); r.Status != 401 {
		t.Fatalf("revoked device: %d, want 401", r.Status)
	}
	res := env.Do("GET", "/api/v1/audit?entity=device", "admin", nil)
	if m := res.Map(t); m["total"].(float64) < 2 {
		t.Errorf("audit has %v device entries, want create and revoke", m["total"])
	}
}

func TestOperationsEndpoints(t *testing.T) {
	env := apptest.New(t)
	if r := env.Do("GET", "/", "", nil); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `action="/console/signin"`) {
		t.Errorf("home: %d, want 200 with the console's sign-in form", r.Status)
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/api/openapi.yaml"} {
		res := env.Do("GET", p, "", nil)
		if res.Status != 200 {
			t.Errorf("%s: %d", p, res.Status)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: security headers missing", p)
		}
	}
	rec := httptest.NewRecorder()
	env.App.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `http_requests_total{method="GET",route="/healthz",status="200"}`) ||
		!strings.Contains(rec.Body.String(), "go_sql_open_connections") {
		t.Error("metrics lack request counts by route or the database pool")
	}
	req := httptest.NewRequest("OPTIONS", "/api/v1/users", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	rec = httptest.NewRecorder()
	env.App.Echo.ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS is open without configuration")
	}
}

func TestAPIReferenceIsServedWithItsAssets(t *testing.T) {
	env := apptest.New(t)
	res := env.Do("GET", "/api/docs", "", nil)
	if res.Status != 200 || !strings.Contains(string(res.Body), "/static/vendor/redoc.standalone.js") {
		t.Fatalf("docs page: %d %.300s", res.Status, res.Body)
	}
	rec := httptest.NewRecorder()
	env.App.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/static/vendor/redoc.standalone.js", nil))
	if rec.Code != 200 || rec.Body.Len() < 500_000 {
		t.Fatalf("redoc bundle: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestReadinessFailsWhenTheDatabaseIsGone(t *testing.T) {
	env := apptest.New(t)
	if r := env.Do("GET", "/readyz", "", nil); r.Status != 200 {
		t.Fatalf("ready: %d", r.Status)
	}
	if err := env.DB.Close(); err != nil {
		t.Fatal(err)
	}
	r := env.Do("GET", "/readyz", "", nil)
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed: %d, want 503", r.Status)
	}
	if h := env.Do("GET", "/healthz", "", nil); h.Status != 200 {
		t.Errorf("healthz must stay 200 (the process is alive): %d", h.Status)
	}
}

func TestCORSOpensOnlyToConfiguredOrigins(t *testing.T) {
	db := database.OpenTest(t)
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": t.TempDir(), "CORS_ORIGINS": "https://secretariat.example.org"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Build(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for origin, want := range map[string]string{"https://secretariat.example.org": "https://secretariat.example.org", "https://evil.example": ""} {
		req := httptest.NewRequest("OPTIONS", "/api/v1/events", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		rec := httptest.NewRecorder()
		a.Echo.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("origin %s: Access-Control-Allow-Origin %q, want %q", origin, got, want)
		}
	}
}
