package console_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"accreditation/internal/event"
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
