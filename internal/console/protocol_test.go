package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"accreditation/internal/event"
	"accreditation/internal/i18n"
)

// TestProtocolScreen lists who comes to an official dinner: its places
// taken of its capacity, each registered member with badge number,
// delegation and name in its own script.
func TestProtocolScreen(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(2)
	ctx := context.Background()
	capacity := 5
	titles := event.Texts{"en": "Official dinner", "ar": "العشاء الرسمي"}
	kind := "protocol"
	ss, err := s.env.App.Services.Event.CreateSession(ctx, ev.ID, event.SessionInput{Kind: &kind, Titles: &titles,
		Capacity: event.Nullable[int]{Set: true, Value: &capacity}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.env.App.Services.Registration.RegisterParticipant(ctx, ev.ID, ss.ID, ev.Badges[0].ParticipantID); err != nil {
		t.Fatal(err)
	}
	s.signIn("secretariat")
	p := s.get("/console/events/" + ev.ID + "/protocol")
	if p.Status != http.StatusOK {
		t.Fatalf("protocol screen: %d %.2000s", p.Status, p.Body)
	}
	who := ev.People[0]
	for _, want := range []string{"Official dinner", "1 of 5 places taken", strconv.Itoa(ev.Badges[0].Number),
		"Republic of Azerbaijan", who.Given} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
	if strings.Contains(p.Body, ev.People[1].Given) && ev.People[1].Given != who.Given {
		t.Errorf("a member not registered is listed")
	}
}

// TestProtocolScreenRegistersAndGivesBack: the Secretariat registers a
// holder by badge number from the screen, is told beside the form when the
// text finds no badge or the places are taken, and gives a place back.
func TestProtocolScreenRegistersAndGivesBack(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(2)
	capacity := 1
	titles := event.Texts{"en": "Official dinner", "ar": "العشاء الرسمي"}
	kind := "protocol"
	ss, err := s.env.App.Services.Event.CreateSession(context.Background(), ev.ID, event.SessionInput{Kind: &kind, Titles: &titles,
		Capacity: event.Nullable[int]{Set: true, Value: &capacity}})
	if err != nil {
		t.Fatal(err)
	}
	s.signIn("secretariat")
	screen := "/console/events/" + ev.ID + "/protocol"
	action := screen + "/" + ss.ID
	token := s.csrf(screen)
	registered := func() int64 {
		var n int64
		s.env.DB.Table("session_registrations").Where("session_id = ?", ss.ID).Count(&n)
		return n
	}
	if p := s.post(action+"/register", url.Values{"_csrf": {token}, "who": {"nobody-at-all"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, `id="e-who-`+ss.ID+`"`) || registered() != 0 {
		t.Errorf("a text that finds no badge: %d, %d registered", p.Status, registered())
	}
	if p := s.post(action+"/register", url.Values{"_csrf": {token}, "who": {strconv.Itoa(ev.Badges[0].Number)}}); p.Status != http.StatusSeeOther ||
		!strings.Contains(p.Location, "done=registered") || registered() != 1 {
		t.Fatalf("register by badge number: %d → %q, %d registered", p.Status, p.Location, registered())
	}
	s.language("ar", screen)
	p := s.post(action+"/register", url.Values{"_csrf": {token}, "who": {strconv.Itoa(ev.Badges[1].Number)}})
	if p.Status != http.StatusConflict || !strings.Contains(html.UnescapeString(p.Body), i18n.T("ar", "console.protocol.err.full")) || registered() != 1 {
		t.Errorf("the last place taken: %d, %d registered", p.Status, registered())
	}
	if p := s.post(action+"/remove", url.Values{"_csrf": {token}, "participant_id": {ev.Badges[0].ParticipantID}}); p.Status != http.StatusSeeOther ||
		registered() != 0 {
		t.Errorf("give back the place: %d, %d registered", p.Status, registered())
	}
	if p := s.get(screen); !strings.Contains(p.Body, `action="`+action+`/register"`) {
		t.Errorf("the screen has no registration form")
	}
}
