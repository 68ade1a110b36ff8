package event_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/event"
)

// setupOf is everything of an event's setup that a copy keeps, with its ids
// replaced by codes and names, so that a source and its copy compare equal.
type setupOf struct {
	Zones       []string
	Categories  []string
	Checkpoints []string
	Signatories []string
	Signatures  [][]byte
	Sessions    []string // kind, titles and times of day in the event's zone
	Templates   []string
}

func readSetup(t *testing.T, env *apptest.Env, id string) setupOf {
	t.Helper()
	ctx := context.Background()
	st := env.App.Services.Event.Store()
	ev, err := st.FindEventByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var s setupOf
	zones, _ := st.FindZones(ctx, id)
	code := map[string]string{}
	for _, z := range zones {
		code[z.ID] = z.Code
		s.Zones = append(s.Zones, z.Code+" "+mustJSON(t, z.Names))
	}
	cats, _ := st.FindCategories(ctx, id)
	for _, c := range cats {
		var opens []string
		for _, z := range c.ZoneIDs {
			opens = append(opens, code[z])
		}
		slices.Sort(opens)
		s.Categories = append(s.Categories, c.Code+" "+c.Colour+" "+mustJSON(t, c.Names)+" "+mustJSON(t, opens))
	}
	cps, _ := st.FindCheckpoints(ctx, id)
	for _, c := range cps {
		s.Checkpoints = append(s.Checkpoints, c.Name+" @"+code[c.ZoneID])
	}
	sigs, _ := st.FindSignatories(ctx, id)
	for _, sg := range sigs {
		s.Signatories = append(s.Signatories, sg.Name+" / "+sg.Title+" / "+sg.Organisation)
		s.Signatures = append(s.Signatures, sg.SignatureImage)
	}
	sessions, _ := st.FindSessions(ctx, id)
	first, _ := ev.Days()
	for _, ss := range sessions {
		zone := ""
		if ss.ZoneID != nil {
			zone = code[*ss.ZoneID]
		}
		s.Sessions = append(s.Sessions, ss.Kind+" "+mustJSON(t, ss.Titles)+" @"+zone+" "+
			dayAndTime(ss.StartsAt, first, ev.Location())+" – "+dayAndTime(ss.EndsAt, first, ev.Location()))
	}
	for _, tpl := range items(t, env, "/api/v1/events/"+id+"/letter-templates", "secretariat") {
		s.Templates = append(s.Templates, mustJSON(t, []any{tpl["language"], tpl["subject"], tpl["body"]}))
	}
	return s
}

// dayAndTime is t as "day N HH:MM" counted from the event's first day, on the
// event's wall clock.
func dayAndTime(t *time.Time, first time.Time, loc *time.Location) string {
	if t == nil {
		return "-"
	}
	local := t.In(loc)
	day := int(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).Sub(first).Hours() / 24)
	return "day " + string(rune('0'+day)) + " " + local.Format("15:04")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// demoSetup loads the demo conference's setup (no people), gives its first
// signatory a signature image and its French letter a text of its own.
func demoSetup(t *testing.T, env *apptest.Env) string {
	t.Helper()
	if _, err := env.App.Services.Event.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := items(t, env, "/api/v1/events", "admin")[0]["id"].(string)
	sig := items(t, env, "/api/v1/events/"+id+"/signatories", "secretariat")[0]["id"].(string)
	mustStatus(t, putSignature(env, "/api/v1/events/"+id+"/signatories/"+sig+"/signature", "image/png",
		signaturePNG(t)), http.StatusOK)
	mustStatus(t, env.Do("PUT", "/api/v1/events/"+id+"/letter-templates/fr", "secretariat", map[string]any{
		"subject": "Invitation : {{event_name}}", "body": "Excellence, la {{event_name}} se tiendra les {{dates}}."}),
		http.StatusOK)
	return id
}

func TestCopyKeepsTheSetupAndMovesTheProgramme(t *testing.T) {
	env := apptest.New(t)
	src := demoSetup(t, env)
	before := readSetup(t, env, src)
	srcEvent := env.Do("GET", "/api/v1/events/"+src, "secretariat", nil).Body

	res := env.Do("POST", "/api/v1/events/"+src+"/copy", "secretariat", map[string]any{
		"name": "Second International Conference", "starts_on": "2027-03-16"})
	mustStatus(t, res, http.StatusCreated)
	var cp event.Event
	res.JSON(t, &cp)
	if len(cp.Names) != 0 { // the source's translations name the 2013 conference
		t.Errorf("the copy took the source's translated names %v", cp.Names)
	}
	if cp.StartsOn != "2027-03-16" || cp.EndsOn != "2027-03-17" || cp.Timezone != "Asia/Baku" || cp.IsDemo ||
		cp.Venue == "" || cp.Venue != mapOf(t, srcEvent)["venue"] || !slices.Equal(cp.Languages, event.Strings{"ar", "fr", "en", "ru", "az"}) ||
		cp.ReferenceFormat != "UNODC-ISESCO/BAKU/2013/{seq:03}" || cp.DefaultQuotas["member_state"] != 5 {
		t.Errorf("copy %+v", cp)
	}
	after := readSetup(t, env, cp.ID)
	if len(before.Zones) != 3 || len(before.Sessions) != 4 || len(before.Templates) != 5 {
		t.Fatalf("demo setup %+v", before)
	}
	for what, pair := range map[string][2][]string{"zones": {before.Zones, after.Zones},
		"categories": {before.Categories, after.Categories}, "checkpoints": {before.Checkpoints, after.Checkpoints},
		"signatories": {before.Signatories, after.Signatories}, "sessions": {before.Sessions, after.Sessions},
		"letter templates": {before.Templates, after.Templates}} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s:\n source %q\n   copy %q", what, pair[0], pair[1])
		}
	}
	if len(after.Signatures) == 0 || len(after.Signatures[0]) == 0 || !bytes.Equal(before.Signatures[0], after.Signatures[0]) {
		t.Error("the signature image is not copied")
	}
	// The opening at 10:00 in Baku on the first day: 06:00 UTC on 16 March 2027.
	sessions := items(t, env, "/api/v1/events/"+cp.ID+"/sessions", "secretariat")
	if got := sessions[0]["starts_at"]; got != "2027-03-16T10:00:00+04:00" {
		t.Errorf("the copy's opening starts at %v", got)
	}
	for _, n := range []string{"delegations", "invitations", "participants"} {
		if got := items(t, env, "/api/v1/events/"+cp.ID+"/"+n, "secretariat"); len(got) != 0 {
			t.Errorf("the copy has %d %s", len(got), n)
		}
	}
	// The source is as it was.
	if again := readSetup(t, env, src); mustJSON(t, again) != mustJSON(t, before) {
		t.Error("the copy changed the source's setup")
	}
	if got := env.Do("GET", "/api/v1/events/"+src, "secretariat", nil).Body; !bytes.Equal(got, srcEvent) {
		t.Errorf("the source event changed:\n%s\n%s", srcEvent, got)
	}
	if auditCount(t, env, "event", cp.ID, "copy") != 1 {
		t.Error("the copy is not in the audit log")
	}
}

func mapOf(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCopyRefusals(t *testing.T) {
	env := apptest.New(t)
	src := demoSetup(t, env)
	count := func() int { return len(items(t, env, "/api/v1/events", "admin")) }
	unchanged := func(t *testing.T, _ *apptest.Response) {
		if n := count(); n != 1 {
			t.Errorf("%d events after a refused copy", n)
		}
	}
	copyPath := "/api/v1/events/" + src + "/copy"
	env.Run(t, []apptest.Scenario{
		{Name: "no name", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"starts_on": "2027-03-16"}, Status: http.StatusBadRequest, Check: unchanged},
		{Name: "no start", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X"}, Status: http.StatusBadRequest, Check: unchanged},
		{Name: "dates reversed", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X", "starts_on": "2027-03-16", "ends_on": "2027-03-15"}, Status: http.StatusBadRequest, Check: unchanged},
		{Name: "unknown language", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X", "starts_on": "2027-03-16", "languages": []string{"en", "xx"}}, Status: http.StatusBadRequest, Check: unchanged},
		{Name: "not a date", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X", "starts_on": "16/03/2027"}, Status: http.StatusBadRequest, Check: unchanged},
		// One day is too short for the two-day programme: nothing is half-copied.
		{Name: "programme does not fit", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X", "starts_on": "2027-03-16", "ends_on": "2027-03-16"}, Status: http.StatusBadRequest, Check: unchanged},
		{Name: "unknown field", Role: "secretariat", Method: "POST", Path: copyPath, Body: map[string]any{"name": "X", "starts_on": "2027-03-16", "colour": "red"}, Status: http.StatusBadRequest, Check: unchanged},
	})
	mustStatus(t, env.Do("POST", "/api/v1/events/"+src+"/copy", "door", map[string]any{"name": "X", "starts_on": "2027-03-16"}),
		http.StatusForbidden)
	mustStatus(t, env.Do("POST", "/api/v1/events/00000000-0000-4000-8000-000000000000/copy", "secretariat",
		map[string]any{"name": "X", "starts_on": "2027-03-16"}), http.StatusNotFound)
	var zones int64
	env.DB.Table("zones").Count(&zones)
	if zones != 3 {
		t.Errorf("%d zones after refused copies, want the demo's 3", zones)
	}
}

func TestMovingDatesMovesTheProgramme(t *testing.T) {
	env := apptest.New(t)
	src := demoSetup(t, env)
	before := readSetup(t, env, src)
	path := "/api/v1/events/" + src
	// A week later, across nothing: every session keeps its day and time.
	mustStatus(t, env.Do("PATCH", path, "secretariat", map[string]any{"starts_on": "2013-03-25", "ends_on": "2013-03-26"}),
		http.StatusOK)
	if after := readSetup(t, env, src); !slices.Equal(after.Sessions, before.Sessions) {
		t.Errorf("sessions after the move:\n%q\nwant\n%q", after.Sessions, before.Sessions)
	}
	if got := items(t, env, path+"/sessions", "secretariat")[0]["starts_at"]; got != "2013-03-25T10:00:00+04:00" {
		t.Errorf("the opening starts at %v after the move", got)
	}
	if n := auditCount(t, env, "session", "", "move"); n != 4 {
		t.Errorf("%d session moves audited, want 4", n)
	}
	// Shortening the event would strand the second day's sessions: refused.
	res := env.Do("PATCH", path, "secretariat", map[string]any{"ends_on": "2013-03-25"})
	mustStatus(t, res, http.StatusBadRequest)
	if !bytes.Contains(res.Body, []byte("outside the event's days")) {
		t.Errorf("refusal %s", res.Body)
	}
	// Moving the start alone (a longer event) keeps the sessions where they are.
	mustStatus(t, env.Do("PATCH", path, "secretariat", map[string]any{"starts_on": "2013-03-24"}), http.StatusOK)
	if got := items(t, env, path+"/sessions", "secretariat")[0]["starts_at"]; got != "2013-03-25T10:00:00+04:00" {
		t.Errorf("the opening starts at %v after lengthening", got)
	}
}

func TestNewEventHasNeutralLetters(t *testing.T) {
	env := apptest.New(t)
	id := createEvent(t, env, "Neutral")["id"].(string)
	tpls := items(t, env, "/api/v1/events/"+id+"/letter-templates", "secretariat")
	if len(tpls) != 5 {
		t.Fatalf("%d templates", len(tpls))
	}
	for _, tpl := range tpls {
		body := tpl["body"].(string)
		for _, word := range []string{"UNODC", "ISESCO", "Aliyev", "Əliyev", "Алиева", "علييف", "terror", "Baku",
			"Bakı", "Баку", "باكو", "2013", "ONUDC", "ЮНОДК", "إيسيسكو"} {
			if bytes.Contains([]byte(body), []byte(word)) {
				t.Errorf("the %s letter of a new event says %q", tpl["language"], word)
			}
		}
		if tpl["is_default"] != true || !bytes.Contains([]byte(body), []byte("{{event_name}}")) ||
			!bytes.Contains([]byte(body), []byte("{{dates}}")) || !bytes.Contains([]byte(body), []byte("{{rsvp_deadline}}")) {
			t.Errorf("the %s letter %v", tpl["language"], tpl)
		}
	}
}
