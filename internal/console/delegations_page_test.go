package console_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/fixtures"
)

// delegationForm is the edit form of a delegation with a name in each of
// the event's five languages taken from names.tsv, in their own scripts.
func delegationForm(token string) (url.Values, map[string]string) {
	pick := func(key string) string {
		n, _ := fixtures.Find(key)
		if n.Native != "" {
			return n.Native
		}
		return n.Full()
	}
	names := map[string]string{"ar": pick("ar-3"), "ru": pick("ru-1"), "az": pick("az-4"), "fr": pick("fr-2"), "en": pick("long-1")}
	f := url.Values{"_csrf": {token}, "kind": {"observer_state"}, "country": {"kz"}, "focal_name": {pick("kk-1")},
		"focal_email": {"focal.point@example.org"}, "focal_phone": {"+994 12 555-01-02"}}
	for l, n := range names {
		f.Set("name_"+l, n)
	}
	return f, names
}

// TestDelegationEdit changes a delegation from its page with names in
// every script: the API gives them back unchanged and the page shows them;
// a refused form is shown again with what was typed and the message beside
// each field, and changes nothing.
func TestDelegationEdit(t *testing.T) {
	p := newProtocol(t, 2)
	id := p.ids[0]
	addr := "/console/delegations/" + id
	form, names := delegationForm(p.csrf(addr))
	if r := p.post(addr, form); r.Status != http.StatusSeeOther || r.Location != addr+"?done=saved" {
		t.Fatalf("save: %d %q %.400s", r.Status, r.Location, r.Body)
	}
	res := p.env.Do(http.MethodGet, "/api/v1/delegations/"+id, "secretariat", nil)
	got := res.Map(t)
	for l, n := range names {
		if got["name"].(map[string]any)[l] != n {
			t.Errorf("name in %s: %q, want %q", l, got["name"].(map[string]any)[l], n)
		}
	}
	if got["kind"] != "observer_state" || got["country"] != "KZ" || got["focal_point"].(map[string]any)["name"] != form.Get("focal_name") {
		t.Errorf("saved: %s", res.Body)
	}
	body := p.get(addr + "?done=saved").Body
	for _, n := range names {
		if !strings.Contains(body, n) {
			t.Errorf("the page lacks %q", n)
		}
	}
	if !strings.Contains(body, "The delegation is saved.") {
		t.Errorf("no confirmation")
	}
	before := res.Body
	bad := []struct {
		field, value, message string
	}{
		{"country", "XX", "two-letter ISO"},
		{"focal_email", "not an address", "e-mail address"},
		{"focal_phone", "call me", "phone number"},
		{"name_en", "", "English name is required"},
		{"name_fr", "bad\u202ename", ""},
		{"kind", "empire", "kind of delegation"},
	}
	for _, c := range bad {
		f, _ := delegationForm(p.csrf(addr))
		f.Set(c.field, c.value)
		r := p.post(addr, f)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-`+c.field+`"`) || !strings.Contains(r.Body, c.message) {
			t.Errorf("%s=%q: %d, want 400 with the message beside the field", c.field, c.value, r.Status)
		}
		if c.field != "name_en" && !strings.Contains(r.Body, names["ar"]) {
			t.Errorf("%s=%q: the form lost what was typed", c.field, c.value)
		}
	}
	if after := p.env.Do(http.MethodGet, "/api/v1/delegations/"+id, "secretariat", nil); !bytes.Equal(after.Body, before) {
		t.Errorf("refused forms changed the delegation")
	}
	if r := p.get("/console/delegations/0b9f6c3e-5d3a-4e0e-9a59-2f8a2c1b7d11"); r.Status != http.StatusNotFound {
		t.Errorf("unknown delegation: %d", r.Status)
	}
}

var letterID = regexp.MustCompile(`name="letter_id" value="([^"]+)"`)

// TestDelegationPageLetterAndQuota: the page shows the invitation with its
// quota and the members with links to their pages; the quota changes from
// it; the letter opens and downloads byte for byte under headers that keep
// it inert, and its status moves with the buttons, one step at a time, with
// who and when.
func TestDelegationPageLetterAndQuota(t *testing.T) {
	p := newProtocol(t, 2)
	id := p.ids[1]
	token := p.rsvpLink(id, 3)
	p.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"})
	n, _ := fixtures.Find("fa-1")
	r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"given_names": n.Given,
		"family_name": n.Family, "native_name": n.Native, "role": "head"})
	member := r.Map(t)["id"].(string)
	addr := "/console/delegations/" + id
	body := p.get(addr).Body
	if !strings.Contains(body, `href="/console/participants/`+member+`"`) || !strings.Contains(body, n.Native) || !strings.Contains(body, `id="no-letter"`) {
		t.Errorf("the page lacks the member or says a letter exists")
	}
	invID := regexp.MustCompile(`name="invitation_id" value="([^"]+)"`).FindStringSubmatch(body)[1]
	q := url.Values{"_csrf": {csrfOf(t, body)}, "invitation_id": {invID}, "quota": {"7"}}
	if r := p.post(addr+"/quota", q); r.Status != http.StatusSeeOther {
		t.Fatalf("quota: %d %.300s", r.Status, r.Body)
	}
	if got := p.env.Do(http.MethodGet, "/api/v1/invitations/"+invID, "secretariat", nil).Map(t)["quota"]; got != float64(7) {
		t.Errorf("quota %v, want 7", got)
	}
	for _, bad := range []string{"0", "many", "1001"} {
		if r := p.post(addr+"/quota", with(q, "quota", bad)); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-quota-`+invID+`"`) {
			t.Errorf("quota %q: %d", bad, r.Status)
		}
	}
	if r := p.post("/console/delegations/"+p.ids[0]+"/quota", q); r.Status != http.StatusNotFound {
		t.Errorf("quota of another delegation's invitation: %d", r.Status)
	}

	pdf := append([]byte("%PDF-1.5\n"), bytes.Repeat([]byte{0, 1, 2, 250}, 3000)...)
	if st := p.putLetter(token, pdf); st != http.StatusCreated {
		t.Fatalf("letter: %d", st)
	}
	for _, path := range []string{addr + "/credentials/file", addr + "/credentials/file?download=1"} {
		f := p.get(path)
		h := f.Header
		if f.Status != 200 || f.Body != string(pdf) || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox;") {
			t.Errorf("%s: %d, %d bytes, headers %v", path, f.Status, len(f.Body), h)
		}
	}
	body = p.get(addr).Body
	letter := letterID.FindStringSubmatch(body)[1]
	status := func(s string) page {
		return p.post(addr+"/credentials/status", url.Values{"_csrf": {csrfOf(t, body)}, "letter_id": {letter}, "status": {s}})
	}
	if r := status("seen"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "one step at a time") {
		t.Errorf("skipping a step: %d", r.Status)
	}
	if r := status("checked"); r.Status != http.StatusSeeOther {
		t.Fatalf("checked: %d %.300s", r.Status, r.Body)
	}
	body = p.get(addr).Body
	if !strings.Contains(body, `id="letter-status">Checked</span>`) || !strings.Contains(body, "secretariat@test.example") {
		t.Errorf("the page does not show the letter checked, by whom")
	}
	if r := status("bogus"); r.Status != http.StatusBadRequest {
		t.Errorf("unknown status: %d", r.Status)
	}
	if r := p.post(addr+"/credentials/status", url.Values{"_csrf": {csrfOf(t, body)}, "letter_id": {letter}, "status": {"seen"}}); r.Status != http.StatusSeeOther {
		t.Errorf("seen: %d", r.Status)
	}
	// A new upload comes back as received; the buttons of the page shown
	// before it no longer mark anything.
	p.putLetter(token, []byte("%PDF-1.5\nsecond"))
	if r := status("checked"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "newer letter") {
		t.Errorf("marking a replaced letter: %d", r.Status)
	}
	list := p.get(p.list() + "?credentials=received").Body
	if !strings.Contains(list, `id="d-`+id+`"`) {
		t.Errorf("the list does not show the new letter as received")
	}
}
