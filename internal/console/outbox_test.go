package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOutboxRetry(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	list := "/console/events/" + ev + "/invitations"
	token := s.csrf(list)
	ids := []string{s.invite(ev, del, "a@example.org"), s.invite(ev, del, "b@example.org"), s.invite(ev, del, "c@example.org")}
	s.post(list+"/action", url.Values{"_csrf": {token}, "action": {"issue"}, "ids": ids})
	s.post(list+"/action", url.Values{"_csrf": {token}, "action": {"dispatch"}, "ids": ids})
	var items []string
	s.env.DB.Table("outbox").Order("recipient").Pluck("id", &items)
	if len(items) != 3 {
		t.Fatalf("outbox has %d items, want 3", len(items))
	}
	s.env.DB.Table("outbox").Where("id IN ?", items[:2]).Updates(map[string]any{"status": "failed", "attempts": 8,
		"last_error": "550 mailbox unavailable"})
	box := "/console/events/" + ev + "/outbox"
	p := s.get(box + "?status=failed")
	if !strings.Contains(p.Body, "550 mailbox unavailable") || strings.Contains(p.Body, "c@example.org") ||
		!strings.Contains(p.Body, "Invitation to") && !strings.Contains(p.Body, "Console test conference") {
		t.Errorf("failed messages not listed with their error and subject: %.3000s", p.Body)
	}
	if p := s.get(box + "?status=lost"); p.Status != http.StatusBadRequest {
		t.Errorf("unknown status: %d", p.Status)
	}
	failed := func() int64 {
		var n int64
		s.env.DB.Table("outbox").Where("status = ?", "failed").Count(&n)
		return n
	}
	// One, with its row's button.
	if p := s.post(box+"/retry?status=failed", url.Values{"_csrf": {token}, "one": {items[0]}}); p.Status != http.StatusSeeOther ||
		!strings.Contains(p.Location, "done=retried_queued&n=1") || failed() != 1 {
		t.Errorf("retry one: %d → %q, failed %d", p.Status, p.Location, failed())
	}
	if got := s.get(box + "?done=retried_queued&n=1"); !strings.Contains(got.Body, "not delivered: no mail server: 1") {
		t.Errorf("retry without a mail server does not say the mail stays queued")
	}
	// A selection with one that has not failed and one unknown: the failed one is retried.
	p = s.post(box+"/retry", url.Values{"_csrf": {token}, "ids": {items[1], items[2], "00000000-0000-4000-8000-000000000000", "x"}})
	if p.Status != http.StatusConflict || failed() != 0 || !strings.Contains(p.Body, "Only a message that failed") ||
		!strings.Contains(p.Body, "No such message") {
		t.Errorf("retry a selection: %d, failed %d", p.Status, failed())
	}
	if p := s.post(box+"/retry", url.Values{"_csrf": {token}}); p.Status != http.StatusBadRequest {
		t.Errorf("retry nothing: %d", p.Status)
	}
	// Another event's message is not retried through this event.
	s.env.DB.Table("outbox").Where("id = ?", items[0]).Update("status", "failed")
	other := s.eventAhead()
	if p := s.post("/console/events/"+other+"/outbox/retry", url.Values{"_csrf": {token}, "ids": {items[0]}}); p.Status != http.StatusConflict || failed() != 1 {
		t.Errorf("retry through another event: %d", p.Status)
	}
}
