package console_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDocumentsScreen: the screen links the List of Participants in each of
// the event's languages, issues the final edition only once confirmed,
// and offers certificates to those who entered, one or a delegation's.
func TestDocumentsScreen(t *testing.T) {
	s := newSite(t)
	ev := seedDoors(t, s.env, 2)
	if v := scanAt(t, s.env, ev.Badges[0].Code, ev.CheckpointID, "in"); v != "ok" {
		t.Fatalf("entry: %s", v)
	}
	s.signIn("secretariat")
	path := "/console/events/" + ev.ID + "/documents"
	p := s.get(path)
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "edition=provisional&amp;format=pdf") ||
		strings.Contains(p.Body, "edition=final&amp;format=pdf") || !strings.Contains(p.Body, `id="issue-final"`) {
		t.Fatalf("documents screen %d:\n%s", p.Status, p.Body)
	}
	if !strings.Contains(p.Body, "/console/participants/"+ev.Badges[0].ParticipantID+"/certificate/pdf") ||
		strings.Contains(p.Body, "/console/participants/"+ev.Badges[1].ParticipantID+"/certificate/pdf") {
		t.Errorf("certificates are offered to other participants than the one who entered")
	}
	if !strings.Contains(p.Body, "/console/delegations/"+ev.DelegationID+"/certificates/download?format=zip") {
		t.Errorf("no delegation's certificates on the screen")
	}

	list := s.get(path + "/participants/download?language=en&edition=provisional&format=pdf")
	if list.Status != http.StatusOK || !bytes.HasPrefix([]byte(list.Body), []byte("%PDF")) {
		t.Errorf("provisional list from the console: %d", list.Status)
	}
	if bad := s.get(path + "/participants/download?language=en&edition=draft"); bad.Status != http.StatusBadRequest {
		t.Errorf("a bad edition from the console: %d", bad.Status)
	}
	cert := s.get("/console/participants/" + ev.Badges[0].ParticipantID + "/certificate/pdf")
	if cert.Status != http.StatusOK || !strings.HasPrefix(cert.Body, "%PDF") {
		t.Errorf("certificate from the console: %d", cert.Status)
	}
	if never := s.get("/console/participants/" + ev.Badges[1].ParticipantID + "/certificate/pdf"); never.Status != http.StatusConflict {
		t.Errorf("certificate of one who never entered: %d", never.Status)
	}
	if z := s.get("/console/delegations/" + ev.DelegationID + "/certificates/download?format=zip"); z.Status != http.StatusOK || !strings.HasPrefix(z.Body, "PK") {
		t.Errorf("delegation's certificates as a ZIP: %d", z.Status)
	}

	token := s.csrf(path)
	ask := s.post(path+"/final", url.Values{"_csrf": {token}})
	if ask.Status != http.StatusOK || !strings.Contains(ask.Body, `name="confirmed" value="1"`) || s.count("participant_list_editions") != 0 {
		t.Fatalf("issuing the final edition did not ask first: %d", ask.Status)
	}
	done := s.post(path+"/final", url.Values{"_csrf": {token}, "confirmed": {"1"}})
	if done.Status != http.StatusSeeOther || s.count("participant_list_editions") != 1 {
		t.Fatalf("issue the final edition: %d", done.Status)
	}
	p = s.get(done.Location)
	if !strings.Contains(p.Body, "edition=final&amp;format=xlsx") || strings.Contains(p.Body, `id="issue-final"`) {
		t.Errorf("after the final edition the screen still lacks its links or offers to issue it")
	}
}
