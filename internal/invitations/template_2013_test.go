package invitations_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/invitations"
	"accreditation/migrations"
)

// TestEventsSetUpBeforeNeutralLettersKeepThem: an event that existed when
// the built-in letters became neutral keeps the 2013 wording it had (by
// migration 0066); an event made after gets the neutral letters; a copy of
// the old event has the 2013 wording saved as its own, and its letters print
// with the copy's dates.
func TestEventsSetUpBeforeNeutralLettersKeepThem(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	dialect := goose.DialectPostgres
	if env.DB.Dialect == database.SQLite {
		dialect = goose.DialectSQLite3
	}
	p, err := goose.NewProvider(dialect, env.DB.SQL(), migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 65); err != nil {
		t.Fatal(err)
	}
	// The columns of later migrations do not exist yet.
	old := newEventOmitting(t, env, "venue_names", "city_names", "country_names", "badge_languages",
		"organisation_names", "organisation_short_names", "titles", "sign_lines", "signatories.names")
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := newEvent(t, env)
	for _, lang := range []string{"en", "ar", "ru"} {
		got, err := invitations.NewStore(env.DB.DB).FindTemplate(ctx, old.ID, lang)
		if err != nil || !got.IsDefault || got.Body != invitations.Wording2013(lang).Body {
			t.Errorf("old event's %s letter: %v %+v", lang, err, got)
		}
		got, err = invitations.NewStore(env.DB.DB).FindTemplate(ctx, fresh.ID, lang)
		if err != nil || !got.IsDefault || got.Body != invitations.DefaultTemplate(fresh.ID, lang).Body {
			t.Errorf("new event's %s letter: %v %+v", lang, err, got)
		}
	}

	res := env.Do("POST", "/api/v1/events/"+old.ID+"/copy", "secretariat",
		map[string]any{"name": "Next Ministerial Conference", "starts_on": "2031-05-12"})
	if res.Status != http.StatusCreated {
		t.Fatalf("copy: %d %s", res.Status, res.Body)
	}
	copyID := res.Map(t)["id"].(string)
	for _, tpl := range env.Do("GET", "/api/v1/events/"+copyID+"/letter-templates", "secretariat", nil).Map(t)["items"].([]any) {
		m := tpl.(map[string]any)
		if m["is_default"] != false || m["body"] != invitations.Wording2013(m["language"].(string)).Body {
			t.Errorf("the copy's %v letter is not the source's saved: %v", m["language"], m["is_default"])
		}
	}
	d := newDelegation(t, env, copyID, "member_state", "Republic of Testland")
	inv := newInvitation(t, env, copyID, d, "minister@testland.test")["id"].(string)
	if res := env.Do("POST", "/api/v1/invitations/"+inv+"/issue", "secretariat", nil); res.Status != http.StatusOK {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	text := strings.Join(strings.Fields(pdfText(t, env.Do("GET", "/api/v1/invitations/"+inv+"/letter.pdf", "admin", nil).Body)), " ")
	if !strings.Contains(text, "2031") || !strings.Contains(text, "May") || strings.Contains(text, "2030") ||
		!strings.Contains(text, "Next Ministerial Conference") || !strings.Contains(text, "UNODC") {
		t.Errorf("the copy's letter does not print its own dates:\n%s", text)
	}
}

// TestIssuedLettersKeepTheirText: a letter issued now freezes the built-in
// text too, and a letter frozen with no text (issued when the built-in
// letters had the 2013 wording) prints with that wording.
func TestIssuedLettersKeepTheirText(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	d := newDelegation(t, env, ev.ID, "member_state", "Republic of Testland")
	inv := newInvitation(t, env, ev.ID, d, "minister@testland.test")["id"].(string)
	if res := env.Do("POST", "/api/v1/invitations/"+inv+"/issue", "secretariat", nil); res.Status != http.StatusOK {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	var letters struct {
		Items []invitations.Letter `json:"items"`
	}
	env.Do("GET", "/api/v1/invitations/"+inv+"/letters", "secretariat", nil).JSON(t, &letters)
	if len(letters.Items) != 1 || letters.Items[0].Content.Template.Body != invitations.DefaultTemplate(ev.ID, "en").Body {
		t.Fatalf("the built-in text is not frozen in the letter: %+v", letters.Items)
	}
	c := letters.Items[0].Content
	c.Template = invitations.LetterTemplate{}
	pdf, err := invitations.RenderLetter(c, "", time.Date(2013, 2, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdf)), " "); !strings.Contains(text, "(UNODC) and the Islamic Educational") {
		t.Errorf("a letter frozen without text does not print the 2013 wording:\n%s", text)
	}
}
