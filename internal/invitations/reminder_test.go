package invitations_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/invitations"
	"accreditation/internal/mail"
)

// TestRemindersInTheWindowOnceWithAWorkingLink checks the scheduled reminders:
// only invitations within the event's reminder_days of their deadline get
// one, each exactly once even when several runs race, and the link the
// reminder carries is the one that works.
func TestRemindersInTheWindowOnceWithAWorkingLink(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env) // reminder_days 7
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	due := map[string]bool{}
	for i, days := range []int{2, 3, 4, 30} {
		body := invitationBody(del, "invitee"+string(rune('a'+i))+"@gov.test")
		body["rsvp_deadline"] = env.Now().AddDate(0, 0, days).UTC().Format(time.RFC3339)
		id := mustCreate(t, env, "/api/v1/events/"+ev.ID+"/invitations", body)["id"].(string)
		issue(t, env, id)
		due[id] = days <= ev.ReminderDays
	}
	letters := &invitations.Letters{DB: env.DB.DB, Invitations: env.App.Services.Invitations}

	var wg sync.WaitGroup
	var mu sync.Mutex
	queued := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := letters.Remind(context.Background(), ev.ID, true)
			if err != nil {
				t.Errorf("Remind: %v", err)
			}
			mu.Lock()
			queued += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if queued != 3 {
		t.Errorf("reminders queued by racing runs = %d, want 3", queued)
	}

	var items []mail.Item
	if err := env.DB.DB.Where("kind = ?", "reminder").Find(&items).Error; err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("reminders in the outbox = %d, want 3", len(items))
	}
	for _, it := range items {
		if !due[it.SubjectID] {
			t.Errorf("a reminder went to %s, whose deadline is not within %d days", it.SubjectID, ev.ReminderDays)
		}
		var m mail.Message
		if err := json.Unmarshal([]byte(it.Payload), &m); err != nil {
			t.Fatal(err)
		}
		link := linkRE.FindStringSubmatch(m.Text)
		if link == nil {
			t.Fatalf("no RSVP link in the reminder %q", m.Text)
		}
		var hash string
		env.DB.Table("invitations").Where("id = ?", it.SubjectID).Pluck("rsvp_token_hash", &hash)
		if hash != auth.HashToken(link[1]) {
			t.Errorf("the link in the reminder to %s no longer works: another run replaced it", it.SubjectID)
		}
	}
}
