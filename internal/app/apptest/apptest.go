// Package apptest runs the whole server against a real database for tests:
// requests go through the real router, auth and error handler, and every
// response is checked against api/openapi.yaml.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"accreditation/api"
	"accreditation/internal/actor"
	"accreditation/internal/app"
	"accreditation/internal/database"
)

// Env is a running server for one test.
type Env struct {
	T      testing.TB
	App    *app.App
	DB     *database.DB
	Tokens map[string]string // bearer tokens by role: admin, secretariat, door, device
	IDs    map[string]string // account ids by role, and the device's id
}

// Password is the password of every account New creates.
const Password = "correct horse battery staple"

// New starts a server on a fresh database (PostgreSQL when TEST_DATABASE_URL is
// set, SQLite otherwise) with one account per role; Device makes a scanner
// device once an event exists.
func New(t testing.TB) *Env {
	t.Helper()
	return NewOn(t, database.OpenTest(t))
}

// NewOn starts a server on db.
func NewOn(t testing.TB, db *database.DB) *Env {
	t.Helper()
	return NewWith(t, db, nil)
}

// NewWith starts a server on db with configuration variables set beside
// the defaults of tests (e.g. SMTP_URL, PUBLIC_BASE_URL).
func NewWith(t testing.TB, db *database.DB, vars map[string]string) *Env {
	t.Helper()
	return NewLogged(t, db, vars, io.Discard)
}

// NewLogged is NewWith with the server's log written to w, for tests of
// what the log holds.
func NewLogged(t testing.TB, db *database.DB, vars map[string]string, w io.Writer) *Env {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "PUBLIC_BASE_URL": "https://accreditation.test",
		"HTTP_ADDR": "127.0.0.1:0"}
	for k, v := range vars {
		env[k] = v
	}
	cfg, err := app.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	level := slog.LevelInfo
	if w != io.Discard {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	a, err := app.Build(context.Background(), cfg, db, log)
	if err != nil {
		t.Fatalf("build app: %v", err)
	}
	e := &Env{T: t, App: a, DB: db, Tokens: map[string]string{}, IDs: map[string]string{}}
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "test"})
	for _, r := range actor.Roles {
		email := string(r) + "@test.example"
		pw := Password
		u, err := a.Auth.CreateUser(ctx, app.UserInput(email, string(r), r, pw))
		if err != nil {
			t.Fatalf("create %s: %v", r, err)
		}
		s, err := a.Auth.Login(ctx, email, pw, "test")
		if err != nil {
			t.Fatalf("login %s: %v", r, err)
		}
		e.Tokens[string(r)], e.IDs[string(r)] = s.Token, u.ID
	}
	return e
}

// Now reads the server's clock: the test kit's (TEST_NOW when set), which
// tests take domain time from instead of the wall clock.
func (e *Env) Now() time.Time { return e.DB.Now() }

// Response is a recorded response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Do sends a request as role ("" for no token) with a JSON body (a string or
// []byte is sent as is, anything else marshalled) and checks the response
// against the contract.
func (e *Env) Do(method, path, role string, body any) *Response {
	e.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if _, ok := e.Tokens[role]; role == "device" && !ok {
		e.T.Fatalf("%s %s as a device: no device yet (env.Device makes one for an event)", method, path)
	}
	if tok, ok := e.Tokens[role]; ok {
		req.Header.Set("Authorization", "Bearer "+tok)
	} else if role != "" {
		req.Header.Set("Authorization", "Bearer "+role)
	}
	return e.Send(req)
}

// Send serves req and checks the response against the contract.
func (e *Env) Send(req *http.Request) *Response {
	e.T.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	rec := httptest.NewRecorder()
	e.App.Echo.ServeHTTP(rec, req)
	res := &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	if err := CheckContract(req, res); err != nil {
		e.T.Errorf("%s %s → %d breaks the contract: %v\nbody: %.600s", req.Method, req.URL.Path, res.Status, err, res.Body)
	}
	return res
}

var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

// Spec returns the parsed contract.
func Spec() (*openapi3.T, routers.Router, error) {
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(api.OpenAPI)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(loader.Context); specErr != nil {
			return
		}
		specDoc.Servers = nil
		specRouter, specErr = gorillamux.NewRouter(specDoc)
		for _, ct := range []string{"application/pdf", "image/png", "image/jpeg", "text/csv", "text/html",
			"application/zip", "application/yaml", "text/event-stream",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
			openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
		}
	})
	return specDoc, specRouter, specErr
}

// CheckContract checks that the route exists in the contract, that the status
// is documented for it, and that a JSON body matches the documented schema.
func CheckContract(req *http.Request, res *Response) error {
	_, router, err := Spec()
	if err != nil {
		return err
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if res.Status == http.StatusNotFound || res.Status == http.StatusMethodNotAllowed {
			return nil // a route that does not exist, answered as such
		}
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.Status, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	ct := res.Header.Get("Content-Type")
	if !strings.Contains(ct, "json") {
		in.Options.ExcludeResponseBody = true
	}
	in.SetBodyBytes(res.Body)
	return openapi3filter.ValidateResponse(req.Context(), in)
}
