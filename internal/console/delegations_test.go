package console_test

import (
	"bytes"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/auth"
	"accreditation/internal/fixtures"
	"accreditation/internal/invitations"
)

// protocol is a signed-in console with one event and its delegations,
// created through the API, in the order the API gave them.
type protocol struct {
	*site
	ev  string
	ids []string
}

func newProtocol(t *testing.T, n int) *protocol {
	t.Helper()
	p := &protocol{site: newSite(t)}
	p.ev = p.event()
	for i := range n {
		kind := []string{"member_state", "international_organization", "ngo"}[i%3]
		res := p.env.Do(http.MethodPost, "/api/v1/events/"+p.ev+"/delegations", "admin", map[string]any{
			"kind": kind, "name": map[string]string{"en": "Party " + strconv.Itoa(100+i), "ar": "وفد " + strconv.Itoa(i)}})
		if res.Status != http.StatusCreated {
			t.Fatalf("create delegation: %d %s", res.Status, res.Body)
		}
	}
	p.ids = p.order()
	p.signIn("secretariat")
	return p
}

// order reads the event's delegations in protocol order, checking that
// their positions are 1..N, each once.
func (p *protocol) order() []string {
	p.t.Helper()
	var rows []struct {
		ID            string
		ProtocolOrder int
	}
	if err := p.env.DB.Raw(`SELECT id, protocol_order FROM delegations WHERE event_id = ? ORDER BY protocol_order, id`, p.ev).
		Scan(&rows).Error; err != nil {
		p.t.Fatal(err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		if r.ProtocolOrder != i+1 {
			p.t.Errorf("position %d holds protocol_order %d: %v", i+1, r.ProtocolOrder, rows)
		}
		ids[i] = r.ID
	}
	return ids
}

func (p *protocol) list() string { return "/console/events/" + p.ev + "/delegations" }

var versionInput = regexp.MustCompile(`name="v" value="([^"]*)"`)

// move sends a row's move form as the list shows it now.
func (p *protocol) move(id, move, to string) page {
	p.t.Helper()
	body := p.get(p.list()).Body
	m := versionInput.FindStringSubmatch(body)
	if m == nil {
		p.t.Fatalf("no order version on the list")
	}
	return p.post(p.list()+"/order", url.Values{"_csrf": {csrfOf(p.t, body)}, "id": {id}, "move": {move}, "to": {to},
		"v": {html.UnescapeString(m[1])}, "back": {p.list()}})
}

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no form token")
	}
	return html.UnescapeString(m[1])
}

// TestDelegationsReorder moves delegations up, down and to a position:
// the order is each time the one asked and a permutation of 1..N; a move
// from a stale list, a position outside it or another event's delegation
// is refused and changes nothing.
func TestDelegationsReorder(t *testing.T) {
	p := newProtocol(t, 5)
	want := slices.Clone(p.ids)
	if r := p.move(want[2], "up", ""); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "done=moved") {
		t.Fatalf("move up: %d %q", r.Status, r.Location)
	}
	want[1], want[2] = want[2], want[1]
	if got := p.order(); !slices.Equal(got, want) {
		t.Errorf("after up: %v, want %v", got, want)
	}
	p.move(want[0], "down", "")
	want[0], want[1] = want[1], want[0]
	p.move(want[4], "to", "1")
	want = append([]string{want[4]}, want[:4]...)
	if got := p.order(); !slices.Equal(got, want) {
		t.Errorf("after down and to 1: %v, want %v", got, want)
	}
	body := p.get(p.list()).Body
	stale := url.Values{"_csrf": {csrfOf(t, body)}, "id": {want[0]}, "move": {"down"}, "v": {"stale"}, "back": {p.list()}}
	other := newProtocolOn(p, "Other event")
	bad := []struct {
		name string
		form url.Values
		want int
	}{
		{"stale list", stale, http.StatusConflict},
		{"position 0", with(stale, "v", versionOf(body), "move", "to", "to", "0"), http.StatusBadRequest},
		{"position past the end", with(stale, "v", versionOf(body), "move", "to", "to", "6"), http.StatusBadRequest},
		{"not a number", with(stale, "v", versionOf(body), "move", "to", "to", "first"), http.StatusBadRequest},
		{"unknown move", with(stale, "v", versionOf(body), "move", "sideways"), http.StatusBadRequest},
		{"another event's delegation", with(stale, "v", versionOf(body), "id", other), http.StatusNotFound},
		{"no form token", with(stale, "_csrf", "", "v", versionOf(body)), http.StatusForbidden},
	}
	for _, c := range bad {
		if r := p.post(p.list()+"/order", c.form); r.Status != c.want {
			t.Errorf("%s: %d, want %d", c.name, r.Status, c.want)
		}
	}
	if got := p.order(); !slices.Equal(got, want) {
		t.Errorf("refused moves changed the order: %v, want %v", got, want)
	}
	// Restoring the default order asks first.
	form := with(stale, "v", versionOf(body), "move", "reset")
	if r := p.post(p.list()+"/order", form); r.Status != http.StatusOK || !strings.Contains(r.Body, `name="confirmed"`) {
		t.Errorf("reset without confirmation: %d", r.Status)
	}
	if r := p.post(p.list()+"/order", with(form, "confirmed", "1")); r.Status != http.StatusSeeOther {
		t.Errorf("reset: %d", r.Status)
	}
	if got := p.order(); !slices.Equal(got, p.ids) {
		t.Errorf("after reset: %v, want the default %v", got, p.ids)
	}
}

// newProtocolOn adds another event with one delegation to p's server and
// returns the delegation's id.
func newProtocolOn(p *protocol, name string) string {
	p.t.Helper()
	ev := p.event()
	res := p.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/delegations", "admin", map[string]any{
		"kind": "ngo", "name": map[string]string{"en": name}})
	if res.Status != http.StatusCreated {
		p.t.Fatalf("create delegation: %d", res.Status)
	}
	return res.Map(p.t)["id"].(string)
}

func versionOf(body string) string {
	return html.UnescapeString(versionInput.FindStringSubmatch(body)[1])
}

// with is a copy of a form with fields set (name, value, name, value...).
func with(f url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = slices.Clone(v)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// TestDelegationsConcurrentReorders sends many moves at once, from lists
// read at the same moment: whichever win, the positions stay a permutation
// of 1..N (no position lost, none held twice), and each move is either
// applied or refused, never a 5xx.
func TestDelegationsConcurrentReorders(t *testing.T) {
	p := newProtocol(t, 8)
	for round := range 3 {
		body := p.get(p.list()).Body
		token, v := csrfOf(t, body), versionOf(body)
		ids := p.order()
		var wg sync.WaitGroup
		statuses := make([]int, 12)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := url.Values{"_csrf": {token}, "v": {v}, "back": {p.list()}, "id": {ids[(i*3+round)%len(ids)]}}
				switch i % 3 {
				case 0:
					form.Set("move", "up")
				case 1:
					form.Set("move", "down")
				default:
					form.Set("move", "to")
					form.Set("to", strconv.Itoa(1+(i*5)%len(ids)))
				}
				statuses[i] = p.post(p.list()+"/order", form).Status
			}()
		}
		wg.Wait()
		applied := 0
		for i, st := range statuses {
			if st != http.StatusSeeOther && st != http.StatusConflict && st != http.StatusBadRequest {
				t.Errorf("round %d move %d: %d", round, i, st)
			}
			if st == http.StatusSeeOther {
				applied++
			}
		}
		if applied == 0 {
			t.Errorf("round %d: no move was applied: %v", round, statuses)
		}
		t.Logf("round %d: %v", round, statuses)
		got := p.order()
		if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(sorted, slices.Sorted(slices.Values(p.ids))) {
			t.Fatalf("round %d: the delegations are %v, want each of %v once", round, got, p.ids)
		}
		// Every move was made from the same list: one of them changed it,
		// the others are refused as stale rather than applied over it.
		if !oneMoveApart(ids, got) {
			t.Errorf("round %d: the order went from %v to %v, more than one move", round, ids, got)
		}
	}
}

// oneMoveApart reports whether after is before with at most one id moved.
func oneMoveApart(before, after []string) bool {
	for k := range before {
		rest := slices.Delete(slices.Clone(before), k, k+1)
		for j := 0; j <= len(rest); j++ {
			if slices.Equal(slices.Insert(slices.Clone(rest), j, before[k]), after) {
				return true
			}
		}
	}
	return slices.Equal(before, after)
}

// TestDelegationsListShowsAndFilters shows kind, quota, head, answer and
// letter, and filters by each; a value that is not a choice is a 400.
func TestDelegationsListShowsAndFilters(t *testing.T) {
	p := newProtocol(t, 3)
	token := p.rsvpLink(p.ids[0], 4)
	if r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"}); r.Status != 200 {
		t.Fatalf("accept: %d", r.Status)
	}
	head, _ := fixtures.Find("ar-1")
	r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"given_names": head.Given,
		"family_name": head.Family, "native_name": head.Native, "role": "head"})
	if r.Status != http.StatusCreated {
		t.Fatalf("nominate: %d %s", r.Status, r.Body)
	}
	if res := p.putLetter(token, []byte("%PDF-1.4\nletter")); res != http.StatusCreated {
		t.Fatalf("letter: %d", res)
	}
	body := p.get(p.list()).Body
	for _, want := range []string{head.Given + " " + head.Family, "1 of 4", ">accepted<", "Received", "No letter", "No invitation", "Member state"} {
		if !strings.Contains(body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	cases := []struct {
		query string
		want  []int // indexes of p.ids shown
	}{
		{"kind=international_organization", []int{1}},
		{"rsvp=accepted", []int{0}},
		{"rsvp=none", []int{1, 2}},
		{"credentials=received", []int{0}},
		{"credentials=none", []int{1, 2}},
		{"credentials=checked", nil},
		{"q=" + url.QueryEscape("وفد 2"), []int{2}},
		{"q=" + url.QueryEscape(head.Native), []int{0}},
		{"q=party+101", []int{1}},
	}
	for _, c := range cases {
		got := p.get(p.list() + "?" + c.query)
		for i, id := range p.ids {
			shown := strings.Contains(got.Body, `id="d-`+id+`"`)
			if shown != slices.Contains(c.want, i) {
				t.Errorf("?%s: delegation %d shown %v, want %v", c.query, i, shown, !shown)
			}
		}
	}
	for _, q := range []string{"kind=state", "rsvp=maybe", "credentials=lost", "cursor=zzz"} {
		if got := p.get(p.list() + "?" + q); got.Status != http.StatusBadRequest {
			t.Errorf("?%s: %d, want 400", q, got.Status)
		}
	}
}

// rsvpLink stores a sent invitation of a delegation whose RSVP token is
// known and returns the token.
func (p *protocol) rsvpLink(delegationID string, quota int) string {
	p.t.Helper()
	now := p.env.Now()
	token := auth.NewToken()
	hash := auth.HashToken(token)
	inv := invitations.Invitation{ID: uuid.NewString(), EventID: p.ev, DelegationID: delegationID, Language: "en", Quota: quota,
		RSVPDeadline: now.Add(30 * 24 * time.Hour).Truncate(time.Second), Status: invitations.Sent, GivenNames: "Jean",
		FamilyName: "Ministre", Office: "Minister of Justice", Email: delegationID + "@example.org", EmailKey: delegationID,
		RSVPTokenHash: &hash, CreatedAt: now, UpdatedAt: now}
	if err := p.env.DB.Create(&inv).Error; err != nil {
		p.t.Fatal(err)
	}
	return token
}

func (p *protocol) putLetter(token string, pdf []byte) int {
	p.t.Helper()
	req := httptest.NewRequest(http.MethodPut, "/api/v1/rsvp/"+token+"/credentials", bytes.NewReader(pdf))
	req.Header.Set("Content-Type", "application/pdf")
	return p.env.Send(req).Status
}
