package event_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/event"
)

func TestDemoLoadsOnce(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	loaded, err := env.App.Services.Event.LoadDemo(ctx)
	if err != nil || !loaded {
		t.Fatalf("LoadDemo = %v, %v; want it loaded", loaded, err)
	}
	loaded, err = env.App.Services.Event.LoadDemo(ctx)
	if err != nil || loaded {
		t.Fatalf("second LoadDemo = %v, %v; want nothing loaded", loaded, err)
	}
	if err := env.App.Start(ctx); err != nil { // the server's own start-up path
		t.Fatal(err)
	}
	evs := items(t, env, "/api/v1/events", "admin")
	if len(evs) != 1 {
		t.Fatalf("%d events, want the demo alone", len(evs))
	}
	st := env.App.Services.Event.Store()
	ev, err := st.FindEventByNumber(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.IsDemo || ev.Timezone != "Asia/Baku" || ev.StartsOn != "2013-03-18" || ev.EndsOn != "2013-03-19" ||
		ev.Country != "AZ" || ev.City != "Baku" || ev.Reference(7) != "UNODC-ISESCO/BAKU/2013/007" {
		t.Errorf("demo event %+v", ev)
	}
	if !slices.Equal(ev.Languages, event.Strings{"ar", "fr", "en", "ru", "az"}) || len(ev.Names) != 5 {
		t.Errorf("languages %v, names %v", ev.Languages, ev.Names)
	}
	if ev.DefaultQuotas["member_state"] != 5 || ev.DefaultQuotas["expert"] != 1 || len(ev.DefaultQuotas) != 7 {
		t.Errorf("quotas %v", ev.DefaultQuotas)
	}
	checkDemoSessions(t, env, ev)
	checkDemoVenue(t, env, ev)

	sigs, err := st.FindSignatories(ctx, ev.ID)
	if err != nil || len(sigs) != 2 {
		t.Fatalf("signatories %+v, %v", sigs, err)
	}
	if sigs[0].Name != "Mr Yury Fedotov" || sigs[0].OrganisationShort != "UNODC" || sigs[0].Title != "Executive Director" ||
		sigs[0].OrganisationShortIn("fr") != "ONUDC" || sigs[0].SignLineIn("en") != "For the Executive Director of UNODC" ||
		sigs[1].Name != "Dr Abdulaziz Othman Altwaijri" || sigs[1].OrganisationShort != "ISESCO" ||
		sigs[1].Organisation != "Islamic Educational, Scientific and Cultural Organization" {
		t.Errorf("signatories %+v", sigs)
	}
	if auditCount(t, env, "event", ev.ID, "load_demo") != 1 {
		t.Error("loading the demo is not in the audit log")
	}
}

func checkDemoSessions(t *testing.T, env *apptest.Env, ev event.Event) {
	t.Helper()
	sessions, err := env.App.Services.Event.Store().FindSessions(context.Background(), ev.ID)
	if err != nil || len(sessions) != 4 {
		t.Fatalf("%d sessions (%v), want 4", len(sessions), err)
	}
	wantSubtopics := []int{0, 3, 3, 2} // the concept note: themes 1 and 2 have a-c, theme 3 has a-b
	first, last := ev.Days()
	for i, s := range sessions {
		if len(s.Subtopics) != wantSubtopics[i] || len(s.Titles) != 5 || s.StartsAt == nil || s.EndsAt == nil {
			t.Errorf("session %d: %+v", i, s)
			continue
		}
		if s.StartsAt.Before(first) || !s.EndsAt.Before(last) || s.StartsAt.Location() != time.UTC {
			t.Errorf("session %d at %v-%v, outside the event's days", i, s.StartsAt, s.EndsAt)
		}
	}
	if sessions[0].Kind != "opening" || sessions[3].Subtopics[1] !=
		"measures to ensure respect for human rights and the rule of law in the context of counter-terrorism" ||
		sessions[1].Subtopics[0] != "development and social inclusion" {
		t.Errorf("programme %+v", sessions)
	}
	// 10:00 in Baku (UTC+4 in March 2013) is 06:00 UTC.
	if got := sessions[0].StartsAt.Format(time.RFC3339); got != "2013-03-18T06:00:00Z" {
		t.Errorf("opening starts %s, want 2013-03-18T06:00:00Z", got)
	}
}

func checkDemoVenue(t *testing.T, env *apptest.Env, ev event.Event) {
	t.Helper()
	ctx := context.Background()
	st := env.App.Services.Event.Store()
	zones, _ := st.FindZones(ctx, ev.ID)
	cps, _ := st.FindCheckpoints(ctx, ev.ID)
	cats, err := st.FindCategories(ctx, ev.ID)
	if err != nil || len(zones) != 3 || len(cps) != 4 || len(cats) != 11 {
		t.Fatalf("%d zones, %d checkpoints, %d categories (%v); want 3, 4, 11", len(zones), len(cps), len(cats), err)
	}
	code := map[string]string{}
	for _, z := range zones {
		code[z.ID] = z.Code
		if len(z.Names) != 5 {
			t.Errorf("zone %s names %v", z.Code, z.Names)
		}
	}
	colours := map[string]bool{}
	opens := map[string][]string{}
	for _, c := range cats {
		colours[c.Colour] = true
		if len(c.Names) != 5 || len(c.ZoneIDs) == 0 {
			t.Errorf("category %s: %+v", c.Code, c)
		}
		for _, z := range c.ZoneIDs {
			opens[c.Code] = append(opens[c.Code], code[z])
		}
		slices.Sort(opens[c.Code])
	}
	if len(colours) != 11 {
		t.Errorf("%d distinct colours, want 11", len(colours))
	}
	for cat, want := range map[string][]string{"minister": {"plenary", "vip"}, "delegate": {"plenary"},
		"media": {"press"}, "security": {"plenary", "press", "vip"}} {
		if !slices.Equal(opens[cat], want) {
			t.Errorf("%s opens %v, want %v", cat, opens[cat], want)
		}
	}
	if cp, err := st.FindCheckpointByID(ctx, ev.ID, cps[0].ID); err != nil || code[cp.ZoneID] == "" {
		t.Errorf("FindCheckpointByID = %+v, %v", cp, err)
	}
	if c, err := st.FindCategoryByID(ctx, ev.ID, cats[0].ID); err != nil || len(c.ZoneIDs) == 0 {
		t.Errorf("FindCategoryByID = %+v, %v", c, err)
	}
}

func TestDeleteOnlyTheDemo(t *testing.T) {
	env := apptest.New(t)
	if _, err := env.App.Services.Event.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	demo := items(t, env, "/api/v1/events", "admin")[0]["id"].(string)
	real := createEvent(t, env, "A real one")["id"].(string)

	res := env.Do("DELETE", "/api/v1/events/"+real, "admin", nil)
	mustStatus(t, res, http.StatusConflict)
	mustStatus(t, env.Do("GET", "/api/v1/events/"+real, "admin", nil), http.StatusOK)
	mustStatus(t, env.Do("DELETE", "/api/v1/events/"+demo, "secretariat", nil), http.StatusForbidden)

	mustStatus(t, env.Do("DELETE", "/api/v1/events/"+demo, "admin", nil), http.StatusNoContent)
	mustStatus(t, env.Do("GET", "/api/v1/events/"+demo, "admin", nil), http.StatusNotFound)
	zones, err := env.App.Services.Event.Store().FindZones(context.Background(), demo)
	if err != nil || len(zones) != 0 {
		t.Errorf("the demo's zones survived: %v, %v", zones, err)
	}
	if auditCount(t, env, "event", demo, "delete") != 1 {
		t.Error("deleting the demo is not in the audit log")
	}
	// With an event left, the demo does not come back.
	if loaded, err := env.App.Services.Event.LoadDemo(context.Background()); err != nil || loaded {
		t.Errorf("LoadDemo with an event present = %v, %v", loaded, err)
	}
}
