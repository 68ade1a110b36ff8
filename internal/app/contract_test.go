package app_test

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/console"
)

var echoParam = regexp.MustCompile(`:([a-z_]+)`)

// TestEveryRouteIsInTheContract fails when a route exists that the contract
// lacks, or the contract describes a route that does not exist.
func TestEveryRouteIsInTheContract(t *testing.T) {
	env := apptest.New(t)
	doc, _, err := apptest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	var served, described []string
	for _, r := range env.App.Echo.Routes() {
		if strings.HasPrefix(r.Path, "/static") || r.Method == "echo_route_not_found" ||
			(console.IsPage(r.Path) && !documented(doc, r.Method, r.Path)) {
			continue
		}
		served = append(served, r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}"))
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			described = append(described, method+" "+path)
		}
	}
	sort.Strings(served)
	sort.Strings(described)
	for _, s := range served {
		if !slices.Contains(described, s) {
			t.Errorf("served but not in api/openapi.yaml: %s", s)
		}
	}
	for _, d := range described {
		if !slices.Contains(served, d) {
			t.Errorf("in api/openapi.yaml but not served: %s", d)
		}
	}
}

// documented reports whether the contract describes a route (the console's
// pages are HTML for people and stay out of it, but any JSON it serves is in it).
func documented(doc *openapi3.T, method, path string) bool {
	item := doc.Paths.Find(echoParam.ReplaceAllString(path, "{$1}"))
	return item != nil && item.GetOperation(method) != nil
}

// TestEveryRouteChecksRoles walks every operation × every role (and no token):
// a role the contract does not list gets 403, no token gets 401, and a listed
// role gets past authorisation.
func TestEveryRouteChecksRoles(t *testing.T) {
	env := apptest.New(t)
	env.SeedDevice()
	doc, _, err := apptest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	// Logging out revokes the caller's token, so it goes last.
	paths := doc.Paths.InMatchingOrder()
	slices.SortFunc(paths, func(a, b string) int {
		return strings.Compare(strings.Replace(a, "/sessions/current", "~", 1), strings.Replace(b, "/sessions/current", "~", 1))
	})
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if path == "/api/v1/sessions/current" && method == "DELETE" {
				defer checkRoles(t, env, method, path, op.Extensions)
				continue
			}
			checkRoles(t, env, method, path, op.Extensions)
		}
	}
}

func checkRoles(t *testing.T, env *apptest.Env, method, path string, ext map[string]any) {
	t.Helper()
	raw, _ := ext["x-roles"].([]any)
	if len(raw) == 0 {
		t.Errorf("%s %s has no x-roles", method, path)
		return
	}
	var allowed []string
	for _, r := range raw {
		allowed = append(allowed, r.(string))
	}
	if slices.Contains(allowed, "public") || slices.Contains(allowed, "rsvp") {
		return
	}
	url := pathParam.ReplaceAllStringFunc(path, func(string) string { return uuid.NewString() })
	for _, role := range []string{"", "admin", "secretariat", "door", "device"} {
		res := env.Do(method, url, role, nil)
		want := roleVerdict(role, allowed)
		switch {
		case want == http.StatusOK && (res.Status == 401 || res.Status == 403):
			t.Errorf("%s %s as %q: got %d, want the role let through (x-roles %v)", method, path, role, res.Status, allowed)
		case want != http.StatusOK && res.Status != want:
			t.Errorf("%s %s as %q: got %d, want %d (x-roles %v)", method, path, role, res.Status, want, allowed)
		}
	}
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

func roleVerdict(role string, allowed []string) int {
	switch {
	case role == "":
		return http.StatusUnauthorized
	case role == "device" && slices.Contains(allowed, "door"):
		return http.StatusOK
	case slices.Contains(allowed, role):
		return http.StatusOK
	}
	return http.StatusForbidden
}
