package invitations_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
)

// seedEvent stores a Baku-like event directly, as the event package would.
func seedEvent(t *testing.T, env *apptest.Env) event.Event {
	t.Helper()
	now := env.Now()
	ev := event.Event{ID: "7b0f3a52-1d8c-4f31-9a35-2c1a0e5d8b01", Number: 1,
		Name:  "International Conference on Strengthening Cooperation in Preventing Terrorism",
		Names: event.Texts{"en": "International Conference on Strengthening Cooperation in Preventing Terrorism"},
		Venue: "Gulustan Palace", City: "Baku", Country: "AZ", Timezone: "Asia/Baku", StartsOn: "2013-03-18",
		EndsOn: "2013-03-19", Languages: event.Strings{"ar", "fr", "en", "ru", "az"}, ReferenceFormat: "UNODC-ISESCO/BAKU/2013/{seq:03}",
		NextReference: 1, NextBadge: 1, DefaultQuotas: event.Quotas{}, RSVPGraceDays: 7, ReminderDays: 7, CreatedAt: now, UpdatedAt: now,
		// The 2013 conference itself, past by design, as the demo is.
		IsDemo: true}
	if err := env.DB.Create(&ev).Error; err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestLetterTemplates(t *testing.T) {
	env := apptest.New(t)
	ev := seedEvent(t, env)
	base := "/api/v1/events/" + ev.ID + "/letter-templates"

	res := env.Do("GET", base, "secretariat", nil)
	var list struct {
		Items []invitations.Template `json:"items"`
	}
	res.JSON(t, &list)
	if res.Status != http.StatusOK || len(list.Items) != 5 {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	for i, lang := range event.Languages {
		tpl := list.Items[i]
		if tpl.Language != lang || !tpl.IsDefault || len(strings.Split(strings.TrimSpace(tpl.Body), "\n\n")) < 4 {
			t.Errorf("default %s: %+v", lang, tpl)
		}
		for _, p := range []string{"{{event_name}}", "{{dates}}", "{{rsvp_deadline}}", "{{quota}}"} {
			if !strings.Contains(tpl.Body, p) {
				t.Errorf("default %s lacks %s", lang, p)
			}
		}
		if err := (invitations.TemplateInput{Subject: tpl.Subject, Body: tpl.Body}).Validate(); err != nil {
			t.Errorf("default %s does not validate: %v", lang, err)
		}
	}

	env.Run(t, []apptest.Scenario{
		{Name: "unknown placeholder", Role: "admin", Method: "PUT", Path: base + "/ru", Body: map[string]string{"subject": "S", "body": "Hello {{minister}}"}, Status: 400, Contains: "{{minister}}"},
		{Name: "unclosed placeholder", Role: "admin", Method: "PUT", Path: base + "/ru", Body: map[string]string{"subject": "S", "body": "Hello {{quota"}, Status: 400, Contains: "unclosed"},
		{Name: "unknown language", Role: "admin", Method: "PUT", Path: base + "/de", Body: map[string]string{"subject": "S", "body": "B"}, Status: 400, Contains: "language"},
		{Name: "get unknown language", Role: "admin", Path: base + "/xx", Status: 400, Contains: "language"},
		{Name: "empty subject", Role: "admin", Method: "PUT", Path: base + "/ru", Body: map[string]string{"subject": "", "body": "B"}, Status: 400, Contains: "subject"},
		{Name: "unknown field", Role: "admin", Method: "PUT", Path: base + "/ru", Body: map[string]string{"subject": "S", "body": "B", "x": "y"}, Status: 400, Contains: "x"},
		{Name: "no such event", Role: "admin", Path: "/api/v1/events/00000000-0000-4000-8000-000000000000/letter-templates/en", Status: 404},
		{Name: "door may not", Role: "door", Path: base, Status: 403},
		{Name: "saved", Role: "secretariat", Method: "PUT", Path: base + "/ru", Body: map[string]string{"subject": "Приглашение — {{event_name}}", "body": "Уважаемый {{ invitee_name }}!\n\nДелегация до {{quota}} человек."}, Status: 200, Contains: "Уважаемый"},
		{Name: "read back", Role: "admin", Path: base + "/ru", Status: 200, Contains: `"is_default":false`},
	})
	var n int64
	env.DB.Table("letter_templates").Count(&n)
	if n != 1 {
		t.Errorf("%d template rows, want 1 (bad input stores nothing)", n)
	}
}

func TestFillInsertsValuesAsText(t *testing.T) {
	got := invitations.Fill("Dear {{invitee_name}}, {{ quota }} seats; {{quota}}.", map[string]string{
		"invitee_name": "Сергей {{quota}} Лавров", "quota": "5"})
	if want := "Dear Сергей {{quota}} Лавров, 5 seats; 5."; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
