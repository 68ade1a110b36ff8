package apptest

import (
	"cmp"
	"net/http"
	"strings"
	"testing"
)

// Scenario is one row of a scenario table: a request through the real
// server, and what must come back.
type Scenario struct {
	Name   string
	Role   string // the caller's role or a token of Env.Tokens ("" for none)
	Method string // GET when empty
	Path   string
	Body   any // as Env.Do sends it; nil for none
	Status int
	// Problem, when set, is the type the answer must carry as an
	// application/problem+json with a title, a detail and a request id.
	Problem string
	// Field, when set, is the field the problem's first error must name.
	Field string
	// Contains, when set, is text the body must contain.
	Contains string
	// Check, when set, checks the answer further.
	Check func(t *testing.T, res *Response)
}

// Run runs each scenario as a subtest of t, in order, through e's server;
// every answer is also checked against the contract (see Send).
func (e *Env) Run(t *testing.T, scenarios []Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			parent := e.T
			e.T = t
			defer func() { e.T = parent }()
			e.check(t, sc, e.Do(cmp.Or(sc.Method, http.MethodGet), sc.Path, sc.Role, sc.Body))
		})
	}
}

func (e *Env) check(t *testing.T, sc Scenario, res *Response) {
	t.Helper()
	if res.Status != sc.Status {
		t.Fatalf("%s %s as %q: %d, want %d: %.600s", cmp.Or(sc.Method, http.MethodGet), sc.Path, sc.Role,
			res.Status, sc.Status, res.Body)
	}
	if sc.Problem != "" {
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("content type %q, want application/problem+json", ct)
		}
		p := res.Map(t)
		if p["type"] != sc.Problem || p["title"] == "" || p["detail"] == "" {
			t.Errorf("problem %v, want type %s with a title and a detail", p, sc.Problem)
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Error("no request id")
		}
	}
	if sc.Field != "" {
		var p struct {
			Errors []struct{ Field string } `json:"errors"`
		}
		res.JSON(t, &p)
		if len(p.Errors) == 0 || p.Errors[0].Field != sc.Field {
			t.Errorf("errors %+v, want the first to name %s: %.600s", p.Errors, sc.Field, res.Body)
		}
	}
	if !strings.Contains(string(res.Body), sc.Contains) {
		t.Errorf("body %.600s, want it to contain %q", res.Body, sc.Contains)
	}
	if sc.Check != nil {
		sc.Check(t, res)
	}
}
