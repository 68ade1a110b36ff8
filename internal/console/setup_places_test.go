package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"accreditation/internal/event"
)

// TestSetupSessionPlacesAndGuard: the programme's form gives an official
// dinner its capacity and invitation list, a capacity below the members
// registered is refused beside the field with their number and nothing
// stored, and the checkpoints' form makes a door guard the dinner.
func TestSetupSessionPlacesAndGuard(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(3)
	signedIn(s, "secretariat", "en")
	paths := setupPaths(ev.ID)
	sessions, checkpoints := paths[1], paths[4]
	token := s.csrf(sessions)
	dinner := url.Values{"_csrf": {token}, "kind": {"protocol"}, "titles_en": {"Official dinner"}, "titles_ar": {"العشاء الرسمي"},
		"capacity": {"3"}, "invite_roles": {"head"}, "invite_category_ids": {ev.Category}}
	if p := s.post(sessions, dinner); p.Status != http.StatusSeeOther {
		t.Fatalf("add the dinner: %d %.2000s", p.Status, p.Body)
	}
	id := s.firstID("programme_sessions", "kind", "protocol")
	ss, err := s.env.App.Services.Event.Store().FindSessionByID(context.Background(), ev.ID, id)
	if err != nil || ss.Capacity == nil || *ss.Capacity != 3 || len(ss.InviteRoles) != 1 || ss.InviteRoles[0] != "head" ||
		len(ss.InviteCategoryIDs) != 1 || ss.InviteCategoryIDs[0] != ev.Category {
		t.Fatalf("stored %+v (%v)", ss, err)
	}
	mustSee(t, s.get(sessions), "Places: <bdi>3</bdi>", "Invited:", "Head of Delegation")
	edit := sessions + "/" + id
	p := s.get(edit)
	mustSee(t, p, `value="3"`, `value="head" checked`, `value="`+ev.Category+`" checked`)
	for _, b := range ev.Badges[:2] {
		if _, err := s.env.App.Services.Registration.RegisterParticipant(context.Background(), ev.ID, id, b.ParticipantID); err != nil {
			t.Fatal(err)
		}
	}
	before := s.audits()
	dinner.Set("capacity", "1")
	p = s.post(edit, dinner)
	refused(t, p, http.StatusBadRequest, "capacity")
	mustSee(t, p, "2 members are registered already")
	// A plenary has no places: refused beside the field too.
	plenary := url.Values{"_csrf": {token}, "kind": {"plenary"}, "titles_en": {"Opening"}, "capacity": {"40"}}
	refused(t, s.post(sessions, plenary), http.StatusBadRequest, "capacity")
	plenary.Set("capacity", "")
	plenary.Set("invite_roles", "head")
	refused(t, s.post(sessions, plenary), http.StatusBadRequest, "invite_roles")
	if after := s.audits(); after != before {
		t.Errorf("refused forms wrote %d audit entries", after-before)
	}
	if ss, _ := s.env.App.Services.Event.Store().FindSessionByID(context.Background(), ev.ID, id); *ss.Capacity != 3 {
		t.Errorf("capacity now %d", *ss.Capacity)
	}
	// Arabic: the same refusal in Arabic, beside the field.
	signedIn(s, "secretariat", "ar")
	token = s.csrf(edit)
	dinner.Set("_csrf", token)
	p = s.post(edit, dinner)
	refused(t, p, http.StatusBadRequest, "capacity")
	mustSee(t, p, "سجّل 2 عضوًا بالفعل")

	// The door of the dinner's room guards it; no door guards a plenary.
	zone := s.env.Do(http.MethodPost, "/api/v1/events/"+ev.ID+"/zones", "admin",
		map[string]any{"code": "hall", "names": map[string]string{"en": "Banquet hall"}}).Map(t)["id"].(string)
	kind, titles := "plenary", event.Texts{"en": "Opening"}
	open, err := s.env.App.Services.Event.CreateSession(context.Background(), ev.ID, event.SessionInput{Kind: &kind, Titles: &titles})
	if err != nil {
		t.Fatal(err)
	}
	token = s.csrf(checkpoints)
	door := url.Values{"_csrf": {token}, "name": {"Banquet door"}, "zone_id": {zone}, "session_id": {open.ID}}
	before = s.audits()
	refused(t, s.post(checkpoints, door), http.StatusBadRequest, "session_id")
	if after := s.audits(); after != before {
		t.Errorf("a refused checkpoint wrote %d audit entries", after-before)
	}
	p = s.get(checkpoints)
	mustSee(t, p, "العشاء الرسمي")
	door.Set("session_id", id)
	if p := s.post(checkpoints, door); p.Status != http.StatusSeeOther {
		t.Fatalf("add the door: %d %.1500s", p.Status, p.Body)
	}
	cp := s.firstID("checkpoints", "name", "Banquet door")
	got, err := s.env.App.Services.Event.Store().FindCheckpointByID(context.Background(), ev.ID, cp)
	if err != nil || got.SessionID == nil || *got.SessionID != id {
		t.Fatalf("stored %+v (%v)", got, err)
	}
	mustSee(t, s.get(checkpoints+"/"+cp), `value="`+id+`" dir="auto" selected`)
	door.Set("session_id", "")
	if p := s.post(checkpoints+"/"+cp, door); p.Status != http.StatusSeeOther {
		t.Fatalf("unguard: %d", p.Status)
	}
	if got, _ := s.env.App.Services.Event.Store().FindCheckpointByID(context.Background(), ev.ID, cp); got.SessionID != nil {
		t.Errorf("still guards %v", *got.SessionID)
	}
}
