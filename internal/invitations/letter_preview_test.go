package invitations_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

// TestPreviewLetter fills each language's template with sample values of
// the event (name, dates, venue, next reference, default quota) and draws it
// with the letter renderer: no placeholder is left, neither in the text nor
// in the PDF, and the PDF carries the event's dates.
func TestPreviewLetter(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	l := env.App.Services.Letters
	ctx := context.Background()
	custom := invitations.TemplateInput{Subject: "Invitation {{reference_number}}",
		Body: "Dear {{invitee_name}}, {{office}} of {{delegation}}: the {{event_name}} meets on {{dates}} in {{venue}}.\n\nReply by {{rsvp_deadline}}, at most {{quota}} persons."}
	if res := env.Do(http.MethodPut, "/api/v1/events/"+ev.ID+"/letter-templates/en", "secretariat", custom); res.Status != http.StatusOK {
		t.Fatalf("save template: %d %s", res.Status, res.Body)
	}
	p, err := l.PreviewLetter(ctx, ev.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	want := "Dear H.E. Ms Amina Example, Minister of Foreign Affairs of Republic of Example: the Ministerial Conference meets on 18–19 March 2030 in Baku Congress Centre."
	if !strings.HasPrefix(p.Body, want) || !strings.Contains(p.Body, "Reply by 18 February 2030, 18:00 (Asia/Baku, UTC+04:00), at most 5 persons.") {
		t.Errorf("filled body:\n%s\nwant it to start %q", p.Body, want)
	}
	if got, want := p.Subject, "Invitation UNODC-ISESCO/BAKU/2013/001"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	for _, lang := range []string{"en", "fr", "ru", "az", "ar"} {
		pdf, p, err := l.PreviewPDF(ctx, ev.ID, lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if strings.Contains(p.Body, "{{") || strings.Contains(p.Subject, "{{") {
			t.Errorf("%s: a placeholder is left: %s", lang, p.Body)
		}
		if len(p.Content.Signatories) != 2 {
			t.Errorf("%s: %d signatories, want the event's 2", lang, len(p.Content.Signatories))
		}
		text := pdfText(t, pdf)
		if strings.Contains(text, "{{") || !strings.Contains(text, "2030") {
			t.Errorf("%s: the PDF lacks the event's year or keeps a placeholder:\n%s", lang, text)
		}
		flat := strings.Join(strings.Fields(text), " ")
		for _, s := range map[string][]string{"en": {"18–19 March 2030", "UNODC-ISESCO/BAKU/2013/001", "Amina Example"},
			"fr": {"18–19 mars 2030", "Conférence ministérielle", "Exemple"}, "ru": {"марта 2030", "Амина Пример"},
			"az": {"mart 2030"}}[lang] {
			if !strings.Contains(flat, s) {
				t.Errorf("%s: the PDF lacks %q:\n%s", lang, s, flat)
			}
		}
	}
	if _, err := l.PreviewLetter(ctx, ev.ID, "xx"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown language: %v, want Invalid", err)
	}
	if _, err := l.PreviewLetter(ctx, "00000000-0000-4000-8000-000000000000", "en"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown event: %v, want NotFound", err)
	}
}
