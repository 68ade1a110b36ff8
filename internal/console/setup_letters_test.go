package console_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"accreditation/internal/testkit"
)

// pdfToText is the text of a PDF as pdftotext reads it, its spaces folded.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testkit.NeedTool(t, "pdftotext", "poppler-utils")
	f := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestSetupLetters(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	signedIn(s, "secretariat", "en")
	base := setupPaths(ev)[6]
	p := s.get(base)
	for _, lang := range []string{"ar", "fr", "en", "ru", "az"} {
		if !strings.Contains(p.Body, `name="body_`+lang+`"`) || !strings.Contains(p.Body, base+"/"+lang+"/preview.pdf") {
			t.Errorf("the letters page lacks the %s column or its preview", lang)
		}
	}
	mustSee(t, p, "{{event_name}}", "{{rsvp_deadline}}", "Console test conference", "18–19 March 2013", "18 February 2013")
	texts := strings.Split(p.Body, `class="letter-text"`)[1:]
	if len(texts) != 5 {
		t.Errorf("%d filled texts, want one per language", len(texts))
	}
	for _, text := range texts {
		if filled := strings.SplitN(text, "</div>", 2)[0]; strings.Contains(filled, "{{") || len(filled) < 500 {
			t.Errorf("the filled text is short or keeps a placeholder: %s", filled)
		}
	}
	token := s.csrf(base)
	body := "Excellency,\n\nWe invite {{invitee_name}} ({{office}}, {{delegation}}) to the {{event_name}} on {{dates}} in {{venue}}.\n\nPlease reply by {{rsvp_deadline}} for at most {{quota}} persons; reference {{reference_number}}."
	f := url.Values{"_csrf": {token}, "subject_en": {"Invitation: {{event_name}}"}, "body_en": {body}}
	if p := s.post(base+"/en", f); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", p.Status, p.Body)
	}
	got := s.env.Do(http.MethodGet, "/api/v1/events/"+ev+"/letter-templates/en", "secretariat", nil).Map(t)
	if got["body"] != body || got["is_default"] != false {
		t.Errorf("stored template: %v", got)
	}
	mustSee(t, s.get(base), "We invite H.E. Ms Amina Example (Minister of Foreign Affairs, Republic of Example) to the Console test conference on 18–19 March 2013 in Baku Convention Center.")
	before := s.audits()
	for field, bad := range map[string]url.Values{
		"body_en":    {"subject_en": {"Invitation"}, "body_en": {"Dear {{bogus}}"}},
		"subject_en": {"subject_en": {"two\nlines"}, "body_en": {body}},
		"body_ar":    {"subject_ar": {"دعوة"}, "body_ar": {"  "}},
	} {
		bad.Set("_csrf", token)
		lang := strings.TrimPrefix(field[strings.Index(field, "_"):], "_")
		p := s.post(base+"/"+lang, bad)
		refused(t, p, http.StatusBadRequest, field)
		if field == "body_en" && !strings.Contains(p.Body, "Dear {{bogus}}") {
			t.Error("the refused text is not shown again")
		}
	}
	if s.audits() != before {
		t.Error("refused templates were stored")
	}
	if p := s.post(base+"/xx", url.Values{"_csrf": {token}}); p.Status != http.StatusNotFound {
		t.Errorf("unknown language: %d", p.Status)
	}
	for _, who := range []map[string]any{
		{"name": "Yury Fedotov", "title": "Executive Director", "organisation": "United Nations Office on Drugs and Crime", "organisation_short": "UNODC"},
		{"name": "Abdulaziz Othman Altwaijri", "title": "Director-General", "organisation": "Islamic Educational, Scientific and Cultural Organization", "organisation_short": "ISESCO"},
	} {
		id := s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/signatories", "admin", who).Map(t)["id"].(string)
		sig := setupPaths(ev)[5] + "/" + id + "/signature"
		if p := s.postFile(sig, url.Values{"_csrf": {token}}, "signature", "s.png", "image/png", signaturePNG(t)); p.Status != http.StatusSeeOther {
			t.Fatalf("signature: %d", p.Status)
		}
	}
	for lang, want := range map[string][]string{
		"en": {"18–19 March 2013", "Amina Example", "Console test conference", "Baku Convention Center", "Yury Fedotov", "Abdulaziz Othman Altwaijri"},
		"fr": {"18–19 mars 2013", "Exemple"},
		"ru": {"марта 2013", "Амина Пример"},
		"ar": {"2013"},
	} {
		res := s.get(base + "/" + lang + "/preview.pdf")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s preview: %d %s", lang, res.Status, res.Header.Get("Content-Type"))
		}
		if dir := os.Getenv("SETUP_SHOTS"); dir != "" {
			os.WriteFile(filepath.Join(dir, "letter-preview-"+lang+".pdf"), []byte(res.Body), 0o644)
		}
		text := pdfToText(t, []byte(res.Body))
		if strings.Contains(text, "{{") || strings.Contains(text, "}}") {
			t.Errorf("%s: the preview keeps a placeholder: %s", lang, text)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the preview lacks %q:\n%s", lang, w, text)
			}
		}
	}
	if p := s.get(base + "/xx/preview.pdf"); p.Status != http.StatusBadRequest {
		t.Errorf("preview in an unknown language: %d", p.Status)
	}
}
