package invitations_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/app/apptest"
	"accreditation/internal/invitations"
)

// letterTexts gives the event and its first signatory their texts in
// Russian and Arabic, through the API.
func letterTexts(t *testing.T, env *apptest.Env, eventID string) {
	t.Helper()
	res := env.Do(http.MethodPatch, "/api/v1/events/"+eventID, "secretariat", map[string]any{
		"venue_names": map[string]string{"ru": "Бакинский конгресс-центр", "ar": "مركز باكو للمؤتمرات"},
		"city_names":  map[string]string{"ru": "Баку", "ar": "باكو"}})
	if res.Status != http.StatusOK {
		t.Fatalf("event texts: %d %s", res.Status, res.Body)
	}
	sigs := env.Do(http.MethodGet, "/api/v1/events/"+eventID+"/signatories", "secretariat", nil).Map(t)["items"].([]any)
	for _, s := range sigs {
		id := s.(map[string]any)["id"].(string)
		short := s.(map[string]any)["organisation_short"].(string)
		body := map[string]any{
			"organisation_names": map[string]string{"ru": "Организация " + short, "ar": "منظمة " + short},
			"organisation_short_names": map[string]string{"ru": map[string]string{"UNODC": "УНП ООН", "ISESCO": "ИСЕСКО"}[short],
				"ar": map[string]string{"UNODC": "المكتب", "ISESCO": "الإيسيسكو"}[short]},
			"titles": map[string]string{"ru": "Директор " + short},
			"names": map[string]string{"ru": map[string]string{"UNODC": "Юрий Федотов", "ISESCO": "Абдулазиз Осман аль-Тувайджри"}[short],
				"ar": map[string]string{"UNODC": "يوري فيدوتوف", "ISESCO": "عبد العزيز بن عثمان التويجري"}[short]},
		}
		if short == "UNODC" { // the other keeps the generic line
			body["sign_lines"] = map[string]string{"ru": "За руководителя " + short}
		}
		if res := env.Do(http.MethodPatch, "/api/v1/events/"+eventID+"/signatories/"+id, "secretariat", body); res.Status != http.StatusOK {
			t.Fatalf("signatory texts: %d %s", res.Status, res.Body)
		}
	}
}

// TestLettersSpeakTheirLanguage: a Russian and an Arabic letter carry the
// venue, the city, the organisations, the signatories' names and titles and
// the lines above the signatures in their own language, not the English ones; the Russian date
// ends a sentence with one full stop; texts in a language the event does
// not use are refused and change nothing.
func TestLettersSpeakTheirLanguage(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	letterTexts(t, env, ev.ID)
	ctx := context.Background()
	l := env.App.Services.Letters
	// The Russian letter's deadline is the end of a day: "… 2030 г." before the sentence's full stop.
	if res := env.Do(http.MethodPut, "/api/v1/events/"+ev.ID+"/letter-templates/ru", "secretariat", invitations.TemplateInput{
		Subject: "Приглашение", Body: "Конференция пройдёт {{dates}} в {{venue}} ({{country}}).\n\nОтвет просим дать не позднее {{dates}}."}); res.Status != http.StatusOK {
		t.Fatalf("template: %d %s", res.Status, res.Body)
	}
	ru, p, err := l.PreviewPDF(ctx, ev.ID, "ru")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Body, "18–19 марта 2030 г.\n") && !strings.HasSuffix(p.Body, "18–19 марта 2030 г.") {
		t.Errorf("the Russian date before a full stop: %q", p.Body)
	}
	text := strings.Join(strings.Fields(pdfText(t, ru)), " ")
	for _, want := range []string{"Бакинский конгресс-центр, Баку (Азербайджан)", "Организация UNODC", "УНП ООН", "Директор UNODC",
		"За руководителя UNODC", "От имени ИСЕСКО", "2030 г.", "Юрий Федотов", "Абдулазиз Осман аль-Тувайджри"} {
		if !strings.Contains(text, want) {
			t.Errorf("ru: %q missing from %s", want, text)
		}
	}
	for _, unwanted := range []string{"г..", "Baku Congress Centre", "United Nations Office", "Director-General", "Стр.", "Fedotov", "Altwaijri"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("ru: %q printed in %s", unwanted, text)
		}
	}
	ar, _, err := l.PreviewPDF(ctx, ev.ID, "ar")
	if err != nil {
		t.Fatal(err)
	}
	// pdftotext gives Arabic as presentation forms between embedding marks.
	text = strings.Map(func(r rune) rune {
		if r >= '\u202a' && r <= '\u202e' {
			return -1
		}
		return r
	}, norm.NFKC.String(pdfText(t, ar)))
	for _, want := range []string{"في مركز باكو للمؤتمرات", "منظمة UNODC", "الإيسيسكو", "يوري فيدوتوف", "عبد العزيز بن عثمان التويجري"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("ar: %q missing from %s", want, text)
		}
	}
	for _, unwanted := range []string{"Baku Congress Centre", "United Nations Office", "Islamic Educational", "For the Director", "Fedotov", "Altwaijri"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("ar: %q printed in the Arabic letter", unwanted)
		}
	}
	if dir := os.Getenv("LETTER_PREVIEW_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "letter-ru.pdf"), ru, 0o644)
		_ = os.WriteFile(filepath.Join(dir, "letter-ar.pdf"), ar, 0o644)
	}

	before := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID, "secretariat", nil).Map(t)["venue_names"]
	for _, body := range []map[string]any{
		{"languages": []string{"ar", "fr", "en", "ru"}, "venue_names": map[string]string{"az": "Bakı Konqres Mərkəzi"}},
		{"city_names": map[string]string{"de": "Baku"}},
	} {
		if res := env.Do(http.MethodPatch, "/api/v1/events/"+ev.ID, "secretariat", body); res.Status != http.StatusBadRequest {
			t.Errorf("%v: %d %s, want 400", body, res.Status, res.Body)
		}
	}
	after := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID, "secretariat", nil).Map(t)
	if fmt.Sprint(after["venue_names"]) != fmt.Sprint(before) || len(after["languages"].([]any)) != 5 {
		t.Errorf("a refused change was stored: %v", after)
	}
}

// TestLetterPagesNumberedWithoutWidows: a letter of more than one page
// numbers its pages ("Page 1 of 2"), and however the page falls, no page
// holds the first or the last line of a paragraph alone.
func TestLetterPagesNumberedWithoutWidows(t *testing.T) {
	pdftotext := tool(t, "pdftotext")
	var words []string
	for i := 1; i <= 60; i++ {
		words = append(words, fmt.Sprintf("word%02d", i))
	}
	long := "ALPHA " + strings.Join(words, " ") + " OMEGA"
	paged := 0
	for fill := 14; fill <= 34; fill++ {
		var paras []string
		for i := range fill {
			paras = append(paras, fmt.Sprintf("Filler %d.", i))
		}
		c := invitations.LetterContent{ReferenceNumber: "REF/1", Language: "en", IssuedOn: "2030-01-10",
			RSVPDeadline: time.Date(2030, 2, 18, 19, 59, 0, 0, time.UTC),
			Event:        invitations.LetterEvent{Name: "Conference", StartsOn: "2030-03-18", EndsOn: "2030-03-19", Timezone: "Asia/Baku"},
			Signatories: []invitations.LetterSignatory{{Name: "A", Title: "Executive Director", Organisation: "Org A", SignLine: "For A"},
				{Name: "B", Title: "Director-General", Organisation: "Org B", SignLine: "For B"}},
			Template: invitations.LetterTemplate{Body: strings.Join(append(paras, long, "Closing."), "\n\n")}}
		pdf, err := invitations.RenderLetter(c, "", time.Date(2030, 1, 10, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), "l.pdf")
		if err := os.WriteFile(f, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		all, _ := exec.Command(pdftotext, f, "-").Output()
		pages := strings.Split(strings.TrimRight(string(all), "\f\n"), "\f")
		if len(pages) < 2 {
			if strings.Contains(string(all), "Page 1") {
				t.Errorf("fill %d: a one-page letter is numbered", fill)
			}
			continue
		}
		paged++
		for i, pg := range pages {
			if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(pg, want) {
				t.Errorf("fill %d: page %d lacks %q", fill, i+1, want)
			}
			lines := strings.FieldsFunc(pg, func(r rune) bool { return r == '\n' })
			var body []string // the paragraph's lines on this page
			for _, ln := range lines {
				if strings.Contains(ln, "word") || strings.Contains(ln, "ALPHA") || strings.Contains(ln, "OMEGA") {
					body = append(body, ln)
				}
			}
			if len(body) == 1 {
				t.Errorf("fill %d: page %d holds one line of the paragraph alone: %q", fill, i+1, body[0])
			}
		}
	}
	if paged == 0 {
		t.Fatal("no letter ran over a page: the test tests nothing")
	}
}
