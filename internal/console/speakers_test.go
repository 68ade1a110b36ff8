package console_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/event"
	"accreditation/internal/fixtures"
	"accreditation/internal/speakers"
)

// speakersSite is a site with a plenary of an event ahead, a secretariat
// member signed in in lang, and the path of the plenary's speakers screen.
func speakersSite(t *testing.T, lang string) (*site, string, event.Session, string) {
	t.Helper()
	s := newSite(t)
	ev := s.eventAhead()
	kind := "plenary"
	titles := event.Texts{"en": "Thematic plenary II"}
	subtopics := []string{"Water and climate"}
	ss, err := s.env.App.Services.Event.CreateSession(context.Background(), ev, event.SessionInput{Kind: &kind, Titles: &titles, Subtopics: &subtopics})
	if err != nil {
		t.Fatal(err)
	}
	signedIn(s, "secretariat", lang)
	return s, ev, ss, "/console/events/" + ev + "/sessions/" + ss.ID + "/speakers"
}

// TestSpeakersScreenSettings changes a plenary's speaking settings from the
// screen; a speaking time out of bounds or a word for a number is shown
// beside its field, in Arabic, and nothing is stored.
func TestSpeakersScreenSettings(t *testing.T) {
	s, _, ss, base := speakersSite(t, "en")
	mustSee(t, s.get(base), `name="speaking_seconds" type="number" min="1" value="300"`)
	f := url.Values{"_csrf": {s.csrf(base)}, "opens_at": {"2040-03-10T09:00"}, "closes_at": {"2040-03-18T12:30"},
		"speaking_seconds": {"180"}, "per_delegation": {"2"}}
	if p := s.post(base+"/settings", url.Values{"speaking_seconds": {"60"}, "per_delegation": {"1"}}); p.Status != http.StatusForbidden {
		t.Errorf("settings without the form token: %d, want 403", p.Status)
	}
	if p := s.post(base+"/settings", f); p.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d %.400s", p.Status, p.Body)
	}
	set, err := s.env.App.Services.Speakers.Settings(context.Background(), ss.ID)
	if err != nil {
		t.Fatal(err)
	}
	if set.SpeakingSeconds != 180 || set.PerDelegation != 2 || set.ClosesAt == nil ||
		set.ClosesAt.UTC().Format("2006-01-02T15:04") != "2040-03-18T08:30" {
		t.Errorf("settings stored %+v (closes at %v)", set, set.ClosesAt)
	}
	mustSee(t, s.get(base), `value="2040-03-18T12:30"`, `value="180"`)

	signedIn(s, "secretariat", "ar")
	for _, c := range []struct{ field, value, want string }{
		{"speaking_seconds", "5", `id="e-speaking_seconds"`},
		{"per_delegation", "two", "أدخل عددًا صحيحًا."},
		{"closes_at", "2040-03-01T09:00", `id="e-closes_at"`},
	} {
		bad := url.Values{"_csrf": {s.csrf(base)}}
		for k, v := range f {
			if k != "_csrf" {
				bad[k] = v
			}
		}
		bad.Set(c.field, c.value)
		p := s.post(base+"/settings", bad)
		if p.Status != http.StatusBadRequest && p.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s=%s: %d, want a refusal", c.field, c.value, p.Status)
		}
		mustSee(t, p, c.want, `value="`+c.value+`"`)
		after, _ := s.env.App.Services.Speakers.Settings(context.Background(), ss.ID)
		if after.SpeakingSeconds != 180 || after.PerDelegation != 2 || !after.ClosesAt.Equal(*set.ClosesAt) {
			t.Errorf("%s=%s changed the settings: %+v", c.field, c.value, after)
		}
	}
}

// TestSpeakersScreenLevelAndStatement sets a speaker's level of precedence
// and sends their statement from the screen; a level of no table, a text
// file and a file over 10 MB are refused beside their field, nothing stored.
func TestSpeakersScreenLevelAndStatement(t *testing.T) {
	s, ev, ss, base := speakersSite(t, "en")
	name, _ := fixtures.Find("az-1")
	pid, _ := s.member(ev, name.Given, name.Family)
	levels, err := s.env.App.Services.Speakers.Precedence(context.Background(), ev)
	if err != nil || len(levels) < 3 {
		t.Fatalf("levels %v (%v)", levels, err)
	}
	minister := levels[2]
	if p := s.post(base+"/level", url.Values{"_csrf": {s.csrf(base)}, "level_participant": {pid}, "level_id": {minister.ID}}); p.Status != http.StatusSeeOther {
		t.Fatalf("level: %d %.400s", p.Status, p.Body)
	}
	var code string
	s.env.DB.Table("participant_levels").Where("participant_id = ?", pid).Select("level_id").Scan(&code)
	if code != minister.ID {
		t.Errorf("level stored %q, want %q", code, minister.ID)
	}
	p := s.post(base+"/level", url.Values{"_csrf": {s.csrf(base)}, "level_participant": {pid}, "level_id": {ss.ID}})
	if p.Status < 400 || p.Status >= 500 {
		t.Errorf("a level of no table: %d", p.Status)
	}
	mustSee(t, p, `id="e-level_id"`, "Choose a level of this event's table of precedence.")
	p = s.post(base+"/level", url.Values{"_csrf": {s.csrf(base)}, "level_participant": {pid}, "level_id": {""}})
	mustSee(t, p, `id="e-level_id"`)
	s.env.DB.Table("participant_levels").Where("participant_id = ?", pid).Select("level_id").Scan(&code)
	if code != minister.ID {
		t.Errorf("a refused level changed it to %q", code)
	}

	if p := s.post(base, url.Values{"_csrf": {s.csrf(base)}, "participant_id": {pid}}); p.Status != http.StatusSeeOther {
		t.Fatalf("inscribe: %d %.400s", p.Status, p.Body)
	}
	l, err := s.env.App.Services.Speakers.List(context.Background(), ss.ID, "en")
	if err != nil || len(l.Waiting) != 1 || l.Waiting[0].LevelCode != minister.Code {
		t.Fatalf("list %+v (%v)", l.Waiting, err)
	}
	sp := l.Waiting[0].ID
	mustSee(t, s.get(base), `<span class="hint">`+minister.Names["en"]+`</span>`)
	for _, c := range []struct {
		file   string
		data   []byte
		status int
		want   string
	}{
		{"statement.txt", []byte("just words"), http.StatusUnsupportedMediaType, "The file must be a PDF or a Word document."},
		{"statement.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), speakers.MaxStatement)...), http.StatusRequestEntityTooLarge, "The file is larger than 10 MB."},
	} {
		p := s.postFile(base+"/"+sp+"/statement", url.Values{"_csrf": {s.csrf(base)}}, "statement", c.file, "application/octet-stream", c.data)
		if p.Status != c.status {
			t.Errorf("%s: %d, want %d", c.file, p.Status, c.status)
		}
		mustSee(t, p, `id="e-statement-`+sp+`"`, c.want)
	}
	if n := s.count("speaker_statements"); n != 0 {
		t.Errorf("%d statements stored after refusals", n)
	}
	if p := s.postFile(base+"/"+sp+"/statement", url.Values{"_csrf": {s.csrf(base)}}, "statement", "Déclaration.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n")); p.Status != http.StatusSeeOther {
		t.Fatalf("statement: %d %.400s", p.Status, p.Body)
	}
	st, err := s.env.App.Services.Speakers.FindStatement(context.Background(), ss.ID, sp)
	if err != nil || st.ContentType != speakers.PDF || !strings.HasPrefix(string(st.Data), "%PDF-") {
		t.Errorf("statement stored %q %q (%v)", st.FileName, st.ContentType, err)
	}
	mustSee(t, s.get(base), "Statement received")
	// The list's history, newest first, names what changed, for whom and by whom.
	screen := s.get(base)
	_, hist, _ := strings.Cut(screen.Body, `id="h-history"`)
	mustSee(t, screen, `<h2 id="h-history">History of the list</h2>`)
	mustSee(t, page{Status: http.StatusOK, Body: hist}, `<td>statement received</td>`, `<td>inscribed</td>`, name.Given+` `+name.Family+`</bdi>`, "secretariat")
	signedIn(s, "secretariat", "ar")
	mustSee(t, s.get(base), `<h2 id="h-history">سجل القائمة</h2>`, `<td>استُلم نص الكلمة</td>`)
	signedIn(s, "secretariat", "en")
	if p := s.post(base+"/"+sp+"/statement", url.Values{"_csrf": {s.csrf(base)}}); p.Status != http.StatusBadRequest {
		t.Errorf("no file: %d, want 400", p.Status)
	}
}

// TestProgrammeShowsSessionRoles: the programme setup screen shows each
// plenary's moderator, keynote speakers and experts with their subtopic.
func TestProgrammeShowsSessionRoles(t *testing.T) {
	s, ev, _, base := speakersSite(t, "en")
	guest, _ := fixtures.Find("ar-1")
	for _, f := range []url.Values{
		{"role": {"moderator"}, "guest_name": {"Dr Jane Guest"}},
		{"role": {"expert"}, "subtopic": {"Water and climate"}, "guest_name": {guest.Full()}, "guest_affiliation": {"UNESCO"}},
	} {
		f.Set("_csrf", s.csrf(base))
		if p := s.post(base+"/roles", f); p.Status != http.StatusSeeOther {
			t.Fatalf("role %v: %d %.400s", f, p.Status, p.Body)
		}
	}
	mustSee(t, s.get("/console/events/"+ev+"/setup/sessions"), `class="session-roles"`,
		"Moderator: <bdi>Dr Jane Guest</bdi>", "Subtopic expert (<bdi>Water and climate</bdi>)", guest.Full(), "UNESCO")
}
