package invitations_test

import (
	"net/http"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
)

// TestEventKeepsWhatWasIssued: once a reference number is taken the
// event's reference format stays (letters print the series in it), and a
// language stays while invitations are written in it; each refusal is a
// 409 saying how many, and changes nothing.
func TestEventKeepsWhatWasIssued(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	id := newInvitation(t, env, ev.ID, del, "minister@justice.example")["id"].(string)
	path := "/api/v1/events/" + ev.ID
	// Before any issue the format may change.
	if res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"reference_format": "BAKU/{seq:04}"}); res.Status != 200 {
		t.Fatalf("format before issue: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPost, "/api/v1/invitations/"+id+"/issue", "secretariat", nil); res.Status != 200 {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	before := snapshot(t, env)
	res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"reference_format": "VIENNA/{seq:03}"})
	if p := res.Map(t); res.Status != http.StatusConflict || p["references"] != float64(1) ||
		!strings.Contains(p["detail"].(string), "BAKU/{seq:04}") {
		t.Errorf("format after issue: %d %s", res.Status, res.Body)
	}
	res = env.Do(http.MethodPatch, path, "secretariat", map[string]any{"languages": []string{"ar", "fr", "ru", "az"}})
	if p := res.Map(t); res.Status != http.StatusConflict || p["invitations"] != float64(1) || !strings.Contains(p["detail"].(string), "en") {
		t.Errorf("dropping the invitation's language: %d %s", res.Status, res.Body)
	}
	if after := snapshot(t, env); after != before {
		t.Errorf("refused changes wrote: %s, then %s", before, after)
	}
	got := env.Do(http.MethodGet, path, "secretariat", nil).Map(t)
	if got["reference_format"] != "BAKU/{seq:04}" || len(got["languages"].([]any)) != 5 {
		t.Errorf("event after refusals: %v", got)
	}
	// The same format again, and a language nobody writes in, may go.
	res = env.Do(http.MethodPatch, path, "secretariat", map[string]any{"reference_format": "BAKU/{seq:04}",
		"languages": []string{"ar", "fr", "en", "az"}})
	if res.Status != 200 {
		t.Errorf("unchanged format, unused language dropped: %d %s", res.Status, res.Body)
	}
}

// TestSignatoryRemovedAfterIssue: a letter freezes its signatories, so one
// removed later still signs the letters already issued, and their PDF
// still renders.
func TestSignatoryRemovedAfterIssue(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Morocco")
	id := newInvitation(t, env, ev.ID, del, "minister@morocco.example")["id"].(string)
	path := "/api/v1/invitations/" + id
	if res := env.Do(http.MethodPost, path+"/issue", "secretariat", nil); res.Status != 200 {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	var sid string
	env.DB.Raw(`SELECT id FROM signatories WHERE event_id = ? AND position = 1`, ev.ID).Scan(&sid)
	if res := env.Do(http.MethodDelete, "/api/v1/events/"+ev.ID+"/signatories/"+sid, "secretariat", nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete signatory: %d %s", res.Status, res.Body)
	}
	var l letterList
	env.Do(http.MethodGet, path+"/letters", "secretariat", nil).JSON(t, &l)
	if len(l.Items) != 1 || len(l.Items[0].Content.Signatories) != 2 || l.Items[0].Content.Signatories[0].Name != "Yury Fedotov" ||
		string(l.Items[0].Content.Signatories[0].SignatureImage) != "\x89PNG fake signature one" {
		t.Fatalf("the issued letter lost its signatory: %+v", l.Items)
	}
	if res := env.Do(http.MethodGet, path+"/letter.pdf", "secretariat", nil); res.Status != 200 || !strings.HasPrefix(string(res.Body), "%PDF") {
		t.Errorf("letter PDF after the signatory left: %d", res.Status)
	}
}

// TestStatusNeverMovesBack: an invitation's status changes only through
// its status machine; a status in a PATCH body does not move it, and a
// change of its delegation's kind leaves its quota and status as they are.
func TestStatusNeverMovesBack(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	id := newInvitation(t, env, ev.ID, del, "minister@justice.example")["id"].(string)
	path := "/api/v1/invitations/" + id
	if res := env.Do(http.MethodPost, path+"/issue", "secretariat", nil); res.Status != 200 {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"status": "draft", "quota": 6})
	if res.Status >= 500 {
		t.Fatalf("PATCH with a status: %d", res.Status)
	}
	if got := env.Do(http.MethodGet, path, "secretariat", nil).Map(t); got["status"] != "issued" {
		t.Errorf("status %v after a PATCH naming draft, want issued", got["status"])
	}
	if res := env.Do(http.MethodPost, path+"/withdraw", "secretariat", nil); res.Status != 200 {
		t.Fatalf("withdraw: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPost, path+"/issue", "secretariat", nil); res.Status != http.StatusConflict ||
		res.Map(t)["current_status"] != "withdrawn" {
		t.Errorf("issue a withdrawn invitation: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"rsvp_deadline": deadline()}); res.Status != http.StatusConflict {
		t.Errorf("new deadline of a withdrawn invitation: %d %s", res.Status, res.Body)
	}
	res = env.Do(http.MethodPatch, "/api/v1/delegations/"+del, "secretariat", map[string]any{"kind": "ngo"})
	if res.Status != 200 {
		t.Fatalf("change the kind: %d %s", res.Status, res.Body)
	}
	if got := env.Do(http.MethodGet, path, "secretariat", nil).Map(t); got["status"] != "withdrawn" {
		t.Errorf("after a change of kind: %v", got)
	}
}
