package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"accreditation/internal/fixtures"
)

var (
	auditRow  = regexp.MustCompile(`<a class="same" href="[^"]*">`)
	auditWhen = regexp.MustCompile(`<tr>\s*<td><bdi>([0-9: -]+)</bdi></td>`)
	nextPage  = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// auditDelegation creates a delegation of the event through the API.
func (s *site) auditDelegation(ev, name string) string {
	s.t.Helper()
	res := s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/delegations", "secretariat", map[string]any{"kind": "member_state",
		"country": "AZ", "name": map[string]string{"en": name}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("create delegation %q: %d %s", name, res.Status, res.Body)
	}
	return res.Map(s.t)["id"].(string)
}

// TestEventAuditFiltersAndPages: the event's log lists its entries newest
// first, fifty a page, each with a link to its record and the fields it
// changed; each filter narrows it; a filter it cannot read is a 400 with
// the message beside the field.
func TestEventAuditFiltersAndPages(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	names := fixtures.Names()
	var first string
	for i := range 55 {
		id := s.auditDelegation(ev, "Delegation "+strconv.Itoa(i))
		if i == 0 {
			first = id
		}
	}
	renamed := names[0].Native
	if res := s.env.Do(http.MethodPatch, "/api/v1/delegations/"+first, "secretariat", map[string]any{
		"name": map[string]string{"en": "Delegation 0", "ar": renamed}}); res.Status != http.StatusOK {
		t.Fatalf("rename: %d %s", res.Status, res.Body)
	}
	s.signIn("secretariat")
	base := "/console/events/" + ev + "/audit"
	p := s.get(base)
	if p.Status != http.StatusOK {
		t.Fatalf("audit: %d", p.Status)
	}
	if n := len(auditRow.FindAllString(p.Body, -1)); n != 50 {
		t.Errorf("first page: %d entries, want 50", n)
	}
	whens := auditWhen.FindAllStringSubmatch(p.Body, -1)
	for i := 1; i < len(whens); i++ {
		if whens[i][1] > whens[i-1][1] {
			t.Errorf("entry %d (%s) is newer than the one above it (%s)", i, whens[i][1], whens[i-1][1])
		}
	}
	if !strings.Contains(p.Body, `href="/console/delegations/`+first+`"`) || !strings.Contains(p.Body, renamed) {
		t.Errorf("the rename of %s is not linked or not shown with %q", first, renamed)
	}
	m := nextPage.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("no next page")
	}
	if p2 := s.get(html.UnescapeString(m[1])); len(auditRow.FindAllString(p2.Body, -1)) != 7 {
		t.Errorf("second page: %d entries, want 7 (event, 55 delegations, a rename)", len(auditRow.FindAllString(p2.Body, -1)))
	}
	count := func(q url.Values) int {
		t.Helper()
		p := s.get(base + "?" + q.Encode())
		if p.Status != http.StatusOK {
			t.Fatalf("%v: %d", q, p.Status)
		}
		return len(auditRow.FindAllString(p.Body, -1))
	}
	for _, tc := range []struct {
		q    url.Values
		want int
	}{
		{url.Values{"action": {"update"}}, 1},
		{url.Values{"entity": {"delegation"}, "entity_id": {first}}, 2},
		{url.Values{"entity": {"event"}}, 1},
		{url.Values{"who": {"ADMIN@test"}}, 1},
		{url.Values{"who": {"secretariat"}, "action": {"update"}}, 1},
		{url.Values{"who": {"nobody"}}, 0},
		{url.Values{"from": {"2999-01-01T00:00"}}, 0},
		{url.Values{"to": {"2000-01-01"}}, 0},
		{url.Values{"from": {"2000-01-01"}, "to": {"2999-12-31T23:59"}, "action": {"update"}}, 1},
	} {
		if got := count(tc.q); got != tc.want {
			t.Errorf("%v: %d entries, want %d", tc.q, got, tc.want)
		}
	}
	for field, bad := range map[string]string{"from": "yesterday", "to": "2013-13-45", "action": "DROP TABLE", "entity": strings.Repeat("x", 61)} {
		p := s.get(base + "?" + url.Values{field: {bad}}.Encode())
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `id="e-`+field+`"`) {
			t.Errorf("%s=%q: %d, no message beside the field", field, bad, p.Status)
		}
	}
	if p := s.get(base + "?from=2013-03-19&to=2013-03-18"); p.Status != http.StatusBadRequest {
		t.Errorf("to before from: %d, want 400", p.Status)
	}
}

// TestGlobalAuditIsForAdmins: the whole log, with the entries of no event
// (accounts), opens for an admin and is a 403 page for the Secretariat.
func TestGlobalAuditIsForAdmins(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	s.signIn("secretariat")
	if p := s.get("/console/audit"); p.Status != http.StatusForbidden || !strings.Contains(p.Body, "<h1") {
		t.Errorf("secretariat on the whole log: %d", p.Status)
	}
	if p := s.get("/console/events/" + ev + "/audit?entity=user"); strings.Contains(p.Body, `<a class="same"`) {
		t.Errorf("the event's log lists accounts")
	}
	s.client = newClient()
	s.signIn("admin")
	p := s.get("/console/audit?entity=user")
	if p.Status != http.StatusOK {
		t.Fatalf("admin on the whole log: %d", p.Status)
	}
	// apptest made one account per role.
	if n := len(auditRow.FindAllString(p.Body, -1)); n != 3 {
		t.Errorf("%d entries of accounts, want 3", n)
	}
	if !strings.Contains(p.Body, `href="/console/users#u-`) || !strings.Contains(p.Body, "The system") {
		t.Errorf("the accounts' entries are not linked to the users' page or not attributed to the system")
	}
	if p := s.get("/console/audit?entity=event"); len(auditRow.FindAllString(p.Body, -1)) != 1 ||
		!strings.Contains(p.Body, `href="/console/events/`+ev+`"`) {
		t.Errorf("the event's creation is not in the whole log with its link")
	}
}
