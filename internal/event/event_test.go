package event_test

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/event"
)

func TestCreateGetListPatchEvent(t *testing.T) {
	env := apptest.New(t)
	body := baseEvent("Conférence de Bakou")
	body["names"] = map[string]string{"ar": "مؤتمر باكو", "fr": "Conférence de Bakou"}
	body["venue"], body["city"], body["country"] = "Baku Convention Center", "Baku", "AZ"
	body["default_quotas"] = map[string]int{"member_state": 4}
	res := env.Do("POST", "/api/v1/events", "admin", body)
	mustStatus(t, res, http.StatusCreated)
	var ev event.Event
	res.JSON(t, &ev)
	if ev.Number != 1 || ev.Name != "Conférence de Bakou" || ev.Names["ar"] != "مؤتمر باكو" || ev.Country != "AZ" {
		t.Errorf("created %+v", ev)
	}
	if ev.DefaultQuotas["member_state"] != 4 || ev.DefaultQuotas["media"] != 2 || len(ev.DefaultQuotas) != 7 {
		t.Errorf("quotas %v, want member_state 4 and the other kinds' defaults", ev.DefaultQuotas)
	}
	if ev.RSVPGraceDays != 7 || ev.ReminderDays != 7 || ev.IsDemo {
		t.Errorf("defaults %+v", ev)
	}
	second := createEvent(t, env, "Second")
	if second["number"].(float64) != 2 {
		t.Errorf("second event number %v, want 2", second["number"])
	}

	got := env.Do("GET", "/api/v1/events/"+ev.ID, "secretariat", nil)
	mustStatus(t, got, http.StatusOK)
	if got.Map(t)["reference_format"] != "TEST/{seq:04}" {
		t.Errorf("got %s", got.Body)
	}
	if l := items(t, env, "/api/v1/events?limit=1", "admin"); len(l) != 1 {
		t.Errorf("limit 1 gave %d events", len(l))
	}
	if l := items(t, env, "/api/v1/events", "admin"); len(l) != 2 {
		t.Errorf("listed %d events, want 2", len(l))
	}

	patch := env.Do("PATCH", "/api/v1/events/"+ev.ID, "secretariat",
		map[string]any{"ends_on": "2013-03-20", "languages": []string{"ar", "fr", "en", "ru", "az"}, "reminder_days": 3})
	mustStatus(t, patch, http.StatusOK)
	var after event.Event
	patch.JSON(t, &after)
	if after.EndsOn != "2013-03-20" || len(after.Languages) != 5 || after.ReminderDays != 3 || after.Name != ev.Name {
		t.Errorf("patched %+v", after)
	}
	if n := auditCount(t, env, "event", ev.ID, "create"); n != 1 {
		t.Errorf("%d create entries, want 1", n)
	}
	if n := auditCount(t, env, "event", ev.ID, "update"); n != 1 {
		t.Errorf("%d update entries, want 1", n)
	}
	mustStatus(t, env.Do("GET", "/api/v1/events/"+uuid.NewString(), "admin", nil), http.StatusNotFound)
	mustStatus(t, env.Do("GET", "/api/v1/events/not-a-uuid", "admin", nil), http.StatusBadRequest)
}

func TestInvalidEventChangesNothing(t *testing.T) {
	env := apptest.New(t)
	ev := createEvent(t, env, "Kept")
	id := ev["id"].(string)
	cases := []struct {
		name  string
		field string
		body  map[string]any
	}{
		{"unknown timezone", "timezone", map[string]any{"timezone": "Mars/Olympus"}},
		{"empty timezone", "timezone", map[string]any{"timezone": ""}},
		{"ends before starts", "ends_on", map[string]any{"starts_on": "2013-03-19", "ends_on": "2013-03-18"}},
		{"not a date", "starts_on", map[string]any{"starts_on": "18/03/2013"}},
		{"unknown language", "languages", map[string]any{"languages": []string{"en", "de"}}},
		{"no language", "languages", map[string]any{"languages": []string{}}},
		{"twice the same language", "languages", map[string]any{"languages": []string{"en", "en"}}},
		{"reference without seq", "reference_format", map[string]any{"reference_format": "BAKU/2013/{n}"}},
		{"reference with two seqs", "reference_format", map[string]any{"reference_format": "{seq}/{seq:03}"}},
		{"quota below one", "default_quotas", map[string]any{"default_quotas": map[string]int{"ngo": 0}}},
		{"unknown delegation kind", "default_quotas", map[string]any{"default_quotas": map[string]int{"club": 2}}},
		{"bad country", "country", map[string]any{"country": "Azerbaijan"}},
		{"unknown field", "colour", map[string]any{"colour": "#FFFFFF"}},
		{"empty name", "name", map[string]any{"name": " "}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := totalAudit(t, env)
			create := baseEvent("New")
			for k, v := range tc.body {
				create[k] = v
			}
			for _, res := range []*apptest.Response{
				env.Do("POST", "/api/v1/events", "secretariat", create),
				env.Do("PATCH", "/api/v1/events/"+id, "secretariat", tc.body),
			} {
				mustStatus(t, res, http.StatusBadRequest)
				var p struct {
					Errors []struct{ Field string } `json:"errors"`
				}
				res.JSON(t, &p)
				if len(p.Errors) == 0 || p.Errors[0].Field != tc.field {
					t.Errorf("errors %s, want field %s", res.Body, tc.field)
				}
			}
			if l := items(t, env, "/api/v1/events", "admin"); len(l) != 1 {
				t.Errorf("%d events after a refused request, want 1", len(l))
			}
			if got := env.Do("GET", "/api/v1/events/"+id, "admin", nil).Map(t); got["updated_at"] != ev["updated_at"] {
				t.Errorf("the event changed: %v", got)
			}
			if totalAudit(t, env) != before {
				t.Error("a refused request wrote to the audit log")
			}
		})
	}
}

func TestEventDatesMustKeepSessionsInside(t *testing.T) {
	env := apptest.New(t)
	id := createEvent(t, env, "With a programme")["id"].(string)
	create(t, env, "/api/v1/events/"+id+"/sessions", map[string]any{"kind": "plenary",
		"titles": map[string]string{"en": "Day two"}, "starts_at": "2013-03-19T05:00:00Z", "ends_at": "2013-03-19T08:00:00Z"})
	res := env.Do("PATCH", "/api/v1/events/"+id, "secretariat", map[string]any{"ends_on": "2013-03-18"})
	mustStatus(t, res, http.StatusBadRequest)
	if got := env.Do("GET", "/api/v1/events/"+id, "admin", nil).Map(t)["ends_on"]; got != "2013-03-19" {
		t.Errorf("ends_on %v after a refused change", got)
	}
}

// TestEventNumbersUnderConcurrency creates events at once: each gets its own
// number and none fails.
func TestEventNumbersUnderConcurrency(t *testing.T) {
	env := apptest.New(t)
	const n = 8
	var wg sync.WaitGroup
	numbers := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := env.App.Services.Event.CreateEvent(context.Background(), event.EventInput{
				Name: ptr("Parallel"), Timezone: ptr("UTC"), StartsOn: ptr("2030-01-01"), EndsOn: ptr("2030-01-02"),
				Languages: &[]string{"en"}})
			if err != nil {
				t.Errorf("create %d: %v", i, err)
				return
			}
			numbers[i] = ev.Number
		}()
	}
	wg.Wait()
	sort.Ints(numbers)
	for i, got := range numbers {
		if got != i+1 {
			t.Errorf("numbers %v, want 1..%d", numbers, n)
			break
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestFormatReference(t *testing.T) {
	for _, tc := range []struct {
		format string
		seq    int
		want   string
	}{
		{"UNODC-ISESCO/BAKU/2013/{seq:03}", 7, "UNODC-ISESCO/BAKU/2013/007"},
		{"UNODC-ISESCO/BAKU/2013/{seq:03}", 1234, "UNODC-ISESCO/BAKU/2013/1234"},
		{"REF-{seq}", 42, "REF-42"},
		{"{seq:05}/X", 3, "00003/X"},
	} {
		if got := event.FormatReference(tc.format, tc.seq); got != tc.want {
			t.Errorf("FormatReference(%q, %d) = %q, want %q", tc.format, tc.seq, got, tc.want)
		}
	}
}
