package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestQuotaBelowMembersRefused: on the delegation's page and on the
// invitation's form, a quota below the members nominated is shown again
// with a message beside the field that says how many they are, and the
// quota stays as it was.
func TestQuotaBelowMembersRefused(t *testing.T) {
	p := newProtocol(t, 1)
	id := p.ids[0]
	token := p.rsvpLink(id, 4)
	p.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"})
	for _, name := range []string{"Amina", "Boris", "Chen"} {
		if r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"given_names": name,
			"family_name": "Member", "role": "delegate"}); r.Status != http.StatusCreated {
			t.Fatalf("nominate: %d %s", r.Status, r.Body)
		}
	}
	var invID string
	p.env.DB.Raw(`SELECT id FROM invitations WHERE delegation_id = ?`, id).Scan(&invID)
	want := "3 members are nominated or approved"

	addr := "/console/delegations/" + id
	q := url.Values{"_csrf": {p.csrf(addr)}, "invitation_id": {invID}, "quota": {"2"}}
	r := p.post(addr+"/quota", q)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="e-quota-`+invID+`"`) || !strings.Contains(r.Body, want) {
		t.Errorf("delegation page, quota 2: %d, want 409 with %q beside the field", r.Status, want)
	}

	form := "/console/invitations/" + invID
	r = p.post(form, url.Values{"_csrf": {p.csrf(form)}, "quota": {"1"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="e-quota"`) || !strings.Contains(r.Body, want) {
		t.Errorf("invitation form, quota 1: %d, want 409 with %q beside the field", r.Status, want)
	}
	if got := p.env.Do(http.MethodGet, "/api/v1/invitations/"+invID, "secretariat", nil).Map(t)["quota"]; got != float64(4) {
		t.Errorf("quota %v after refusals, want 4", got)
	}
}
