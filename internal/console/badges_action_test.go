package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/badges"
)

func TestBadgeActionsOnOne(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(3)
	s.signIn("secretariat")
	one := "/console/badges/" + ev.Badges[0].ID
	token := s.csrf(one)

	p := s.post(one+"/collect", url.Values{"_csrf": {token}})
	if p.Status != http.StatusSeeOther || s.badge(ev.Badges[0].ID).CollectedAt == nil {
		t.Fatalf("collect: %d → %q", p.Status, p.Location)
	}
	if page := s.get(p.Location); !strings.Contains(page.Body, "The badge is marked collected.") {
		t.Error("no confirmation after collecting")
	}

	p = s.post(one+"/reprint", url.Values{"_csrf": {token}, "reason": {"Name misspelt on the card"}})
	if p.Status != http.StatusSeeOther || strings.Contains(p.Location, ev.Badges[0].ID) {
		t.Fatalf("reprint: %d → %q, want the new version's page", p.Status, p.Location)
	}
	if old := s.badge(ev.Badges[0].ID); old.Status != badges.Superseded || old.Reason != "Name misspelt on the card" {
		t.Errorf("after reprint the old version is %s (%q)", old.Status, old.Reason)
	}
	if page := s.get(p.Location); !strings.Contains(page.Body, "No. 1 v2") || !strings.Contains(page.Body, "Name misspelt on the card") {
		t.Error("the new version's page shows neither its version nor the reason")
	}

	// Revoking asks first; nothing changes until it is confirmed.
	two := "/console/badges/" + ev.Badges[1].ID
	p = s.post(two+"/revoke", url.Values{"_csrf": {token}, "reason": {"Left the delegation"}})
	if p.Status != http.StatusOK || !strings.Contains(p.Body, `name="confirmed" value="1"`) || s.badge(ev.Badges[1].ID).Status != badges.Active {
		t.Fatalf("revoke without confirming: %d, status %s", p.Status, s.badge(ev.Badges[1].ID).Status)
	}
	p = s.post(two+"/revoke", url.Values{"_csrf": {token}, "reason": {"Left the delegation"}, "confirmed": {"1"}})
	if p.Status != http.StatusSeeOther || s.badge(ev.Badges[1].ID).Status != badges.Revoked {
		t.Fatalf("revoke: %d, status %s", p.Status, s.badge(ev.Badges[1].ID).Status)
	}
	// A revoked badge cannot be collected: the page says why.
	p = s.post(two+"/collect", url.Values{"_csrf": {token}})
	if p.Status != http.StatusConflict || !strings.Contains(p.Body, "the badge is Revoked") {
		t.Errorf("collect a revoked badge: %d", p.Status)
	}
	if p := s.post(two+"/destroy", url.Values{"_csrf": {token}}); p.Status != http.StatusNotFound {
		t.Errorf("unknown action: %d", p.Status)
	}
}

func TestBadgeActionsOnASelection(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(4)
	s.signIn("admin")
	list := "/console/events/" + ev.ID + "/badges"
	action := list + "/action"
	token := s.csrf(list)
	ids := func(bs ...badges.Badge) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.ID)
		}
		return out
	}
	p := s.post(action+"?status=all", url.Values{"_csrf": {token}, "action": {"collect"}, "ids": ids(ev.Badges[0], ev.Badges[1])})
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "status=all") || !strings.Contains(p.Location, "done=collect_n&n=2") {
		t.Fatalf("collect two: %d → %q", p.Status, p.Location)
	}
	if page := s.get(p.Location); !strings.Contains(page.Body, "2 badges marked collected.") {
		t.Error("no confirmation of the two collected")
	}
	p = s.post(action, url.Values{"_csrf": {token}, "action": {"reprint"}, "reason": {"Damaged"}, "ids": ids(ev.Badges[0], ev.Badges[1])})
	if p.Status != http.StatusSeeOther || s.badge(ev.Badges[0].ID).Status != badges.Superseded || s.badge(ev.Badges[1].ID).Status != badges.Superseded {
		t.Fatalf("reprint two: %d", p.Status)
	}
	// Revoking a selection asks first.
	form := url.Values{"_csrf": {token}, "action": {"revoke"}, "reason": {"Security"}, "ids": ids(ev.Badges[2], ev.Badges[3])}
	if p := s.post(action, form); p.Status != http.StatusOK || !strings.Contains(p.Body, "Revoke 2 badges?") || s.badge(ev.Badges[2].ID).Status != badges.Active {
		t.Fatalf("revoke two without confirming: %d", p.Status)
	}
	form.Set("confirmed", "1")
	if p := s.post(action, form); p.Status != http.StatusSeeOther || s.badge(ev.Badges[3].ID).Status != badges.Revoked {
		t.Fatalf("revoke two: %d", p.Status)
	}
	// One refused never stops the others: a superseded badge, a revoked one,
	// another event's id and nonsense, with one that can still be changed.
	lines, _, err := s.env.App.Services.Badges.Badges(t.Context(), badges.BadgeFilter{EventID: ev.ID, Status: badges.Active})
	if err != nil || len(lines) != 2 {
		t.Fatalf("active badges: %d %v", len(lines), err)
	}
	other := s.badgeEvent(1)
	p = s.post(action, url.Values{"_csrf": {token}, "action": {"collect"},
		"ids": {ev.Badges[0].ID, ev.Badges[3].ID, lines[0].ID, other.Badges[0].ID, "nonsense"}})
	if p.Status != http.StatusConflict || !strings.Contains(p.Body, "4 badges could not be changed") ||
		!strings.Contains(p.Body, "1 badges marked collected.") || !strings.Contains(p.Body, "no such badge in this event") {
		t.Errorf("mixed selection: %d %s", p.Status, excerpt(p.Body, "Not done"))
	}
	if s.badge(lines[0].ID).CollectedAt == nil || s.badge(other.Badges[0].ID).CollectedAt != nil {
		t.Error("the mixed selection did not collect the one it could, or touched another event's badge")
	}
	if p := s.post(action, url.Values{"_csrf": {token}, "action": {"collect"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, "Select at least one badge.") {
		t.Errorf("nothing selected: %d", p.Status)
	}
	if p := s.post(action, url.Values{"_csrf": {token}, "action": {"burn"}, "ids": {lines[1].ID}}); p.Status != http.StatusBadRequest {
		t.Errorf("unknown action: %d", p.Status)
	}
}

// excerpt is the part of body from marker on, to show in a failure.
func excerpt(body, marker string) string {
	if i := strings.Index(body, marker); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return body[:min(len(body), 600)]
}

func TestBadgeReasonRefused(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(2)
	s.signIn("secretariat")
	list := "/console/events/" + ev.ID + "/badges"
	token := s.csrf(list)
	long := strings.Repeat("é", 100000)
	for _, c := range []struct {
		name, reason, want string
		kept               bool
	}{
		{"empty", "", "is required", true},
		{"only spaces", "   ", "only spaces", false},
		{"too long", long, "at most 500 characters", false},
		{"direction override", "Lost\u202Eteg", "202E, an invisible text-direction control", true},
		{"invalid UTF-8", "Lost \xff\xfe", "not valid text", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			badgesN, history := s.count("badges"), s.count("badge_history")
			for _, action := range []string{"reprint", "revoke"} {
				one := "/console/badges/" + ev.Badges[0].ID + "/" + action
				p := s.post(one, url.Values{"_csrf": {token}, "reason": {c.reason}, "confirmed": {"1"}})
				field := `id="e-` + action + `-reason"`
				if p.Status != http.StatusBadRequest || !strings.Contains(excerpt(p.Body, field), c.want) ||
					!strings.Contains(p.Body, `aria-describedby="e-`+action+`-reason"`) {
					t.Errorf("%s one: %d %s", action, p.Status, excerpt(p.Body, field))
				}
				if c.kept && !strings.Contains(p.Body, `value="`+c.reason+`"`) {
					t.Errorf("%s one: what was typed is not kept", action)
				}
				p = s.post(list+"/action", url.Values{"_csrf": {token}, "action": {action}, "reason": {c.reason},
					"ids": {ev.Badges[0].ID, ev.Badges[1].ID}, "confirmed": {"1"}})
				if p.Status != http.StatusBadRequest || !strings.Contains(excerpt(p.Body, `id="e-reason"`), c.want) {
					t.Errorf("%s selection: %d %s", action, p.Status, excerpt(p.Body, `id="e-reason"`))
				}
			}
			if s.count("badges") != badgesN || s.count("badge_history") != history {
				t.Error("a refused reason changed the badges")
			}
			for _, b := range ev.Badges {
				if got := s.badge(b.ID); got.Status != badges.Active || got.Reason != "" {
					t.Errorf("badge %d is %s (%q)", got.Number, got.Status, got.Reason)
				}
			}
		})
	}
}
