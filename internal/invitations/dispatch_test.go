package invitations_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/mail"
	"accreditation/internal/mail/mailtest"
	"accreditation/internal/testkit"
)

func tool(t *testing.T, name string) string {
	t.Helper()
	return testkit.NeedTool(t, name, "poppler-utils")
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "l.pdf")
	os.WriteFile(f, pdf, 0o600)
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

type invitee struct{ lang, given, family, native, email string }

var invitees = []invitee{
	{"ar", "Abdullah", "Al-Harbi", "عبد الله الحربي", "ar@gov.test"},
	{"fr", "Hélène", "Lefèvre", "", "fr@gov.test"},
	{"en", "John", "Smith", "", "en@gov.test"},
	{"ru", "Sergey", "Ivanov", "Сергей Иванов", "ru@gov.test"},
	{"az", "Elmar", "Məmmədov", "Elmar Məmmədov", "az@gov.test"},
}

func signaturePNG() []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 80))
	for x := 10; x < 190; x++ {
		img.Set(x, 40+(x%20)-10, color.Black)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// setup stores the event with both signatories and one issued invitation per language.
func setup(t *testing.T) (*apptest.Env, event.Event, map[string]string) {
	env := apptest.New(t)
	ev := seedEvent(t, env)
	now := env.Now()
	for i, s := range []event.Signatory{
		{Name: "Yury Fedotov", Title: "Director-General", Organisation: "United Nations Office on Drugs and Crime", OrganisationShort: "UNODC", SignatureType: "image/png", SignatureImage: signaturePNG()},
		{Name: "Abdulaziz Othman Altwaijri", Title: "Director-General", Organisation: "Islamic Educational, Scientific and Cultural Organization", OrganisationShort: "ISESCO"},
	} {
		s.ID, s.EventID, s.Position, s.CreatedAt, s.UpdatedAt = fmt.Sprintf("5a1d0000-0000-4000-8000-00000000000%d", i), ev.ID, i, now, now
		if err := env.DB.Create(&s).Error; err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]string{}
	for i, p := range invitees {
		res := env.Do("POST", "/api/v1/events/"+ev.ID+"/delegations", "admin", map[string]any{"kind": "member_state",
			"country": []string{"SA", "FR", "GB", "RU", "AZ"}[i], "name": map[string]string{"en": "State " + p.lang},
			"focal_point": map[string]string{"name": "Focal", "email": "focal-" + p.email, "phone": "+994 12 000 00 00"}})
		if res.Status != 201 {
			t.Fatalf("delegation: %d %s", res.Status, res.Body)
		}
		d := res.Map(t)
		res = env.Do("POST", "/api/v1/events/"+ev.ID+"/invitations", "admin", map[string]any{"delegation_id": d["id"],
			"language": p.lang, "quota": 5, "rsvp_deadline": now.AddDate(0, 0, 5).Format(time.RFC3339),
			"invitee": map[string]string{"honorific": "H.E.", "given_names": p.given, "family_name": p.family,
				"native_name": p.native, "office": "Minister of Justice", "email": p.email}})
		if res.Status != 201 {
			t.Fatalf("invitation: %d %s", res.Status, res.Body)
		}
		ids[p.lang] = res.Map(t)["id"].(string)
	}
	return env, ev, ids
}

func issue(t *testing.T, env *apptest.Env, id string) string {
	t.Helper()
	res := env.Do("POST", "/api/v1/invitations/"+id+"/issue", "secretariat", nil)
	if res.Status != 200 {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	return res.Map(t)["reference_number"].(string)
}

func TestLettersRenderInEveryLanguage(t *testing.T) {
	env, _, ids := setup(t)
	if res := env.Do("GET", "/api/v1/invitations/"+ids["en"]+"/letter.pdf", "admin", nil); res.Status != 409 {
		t.Fatalf("letter of a draft: %d, want 409", res.Status)
	}
	for _, p := range invitees {
		ref := issue(t, env, ids[p.lang])
		start := time.Now()
		res := env.Do("GET", "/api/v1/invitations/"+ids[p.lang]+"/letter.pdf", "admin", nil)
		t.Logf("%s letter: %d bytes in %s", p.lang, len(res.Body), time.Since(start))
		if res.Status != 200 || !bytes.HasPrefix(res.Body, []byte("%PDF")) {
			t.Fatalf("%s: %d %.100s", p.lang, res.Status, res.Body)
		}
		again := env.Do("GET", "/api/v1/invitations/"+ids[p.lang]+"/letter.pdf", "admin", nil)
		if !bytes.Equal(again.Body, res.Body) {
			t.Errorf("%s: two renders of one letter differ", p.lang)
		}
		text := pdfText(t, res.Body)
		if !strings.Contains(text, ref) && p.lang != "ar" {
			t.Errorf("%s: reference %s not in the text:\n%s", p.lang, ref, text)
		}
		if p.lang == "ar" && !strings.Contains(text, "2013") {
			t.Errorf("ar: no reference in the text:\n%s", text)
		}
		if p.lang == "ru" && !strings.Contains(text, "Ваше Превосходительство") {
			t.Errorf("ru letter lacks its salutation:\n%s", text)
		}
	}
	ar := env.Do("GET", "/api/v1/invitations/"+ids["ar"]+"/letter.pdf", "admin", nil).Body
	en := env.Do("GET", "/api/v1/invitations/"+ids["en"]+"/letter.pdf", "admin", nil).Body
	arR, arL := edges(t, ar)
	enR, enL := edges(t, en)
	t.Logf("rows touching only the right/left margin: ar %d/%d, en %d/%d", arR, arL, enR, enL)
	if arR <= arL || enL <= enR {
		t.Errorf("Arabic text should hang on the right margin and English on the left: ar %d/%d, en %d/%d", arR, arL, enR, enL)
	}
	if res := env.Do("GET", "/api/v1/invitations/"+ids["en"]+"/letter.pdf?version=9", "admin", nil); res.Status != 404 {
		t.Errorf("missing version: %d", res.Status)
	}
	res := env.Do("GET", "/api/v1/invitations/"+ids["en"]+"/letter.pdf?with_link=true", "admin", nil)
	if !strings.Contains(pdfText(t, res.Body), "https://accreditation.test/rsvp/") {
		t.Errorf("with_link=true prints no link")
	}
}

// edges rasterises page 1 and counts ink rows in the text column that reach
// the right margin but not the left, and the reverse.
func edges(t *testing.T, pdf []byte) (rightOnly, leftOnly int) {
	t.Helper()
	dir := t.TempDir()
	f := filepath.Join(dir, "l.pdf")
	os.WriteFile(f, pdf, 0o600)
	if out, err := exec.Command(tool(t, "pdftoppm"), "-r", "40", "-gray", "-f", "1", "-l", "1", "-png", f, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	r, _ := os.Open(matches[0])
	img, err := png.Decode(r)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	w := float64(b.Dx())
	left, right := int(w*20/210), int(w*190/210)
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		minX, maxX := -1, -1
		for x := b.Min.X; x < b.Max.X; x++ {
			if g, _, _, _ := img.At(x, y).RGBA(); g < 0x8000 {
				ink++
				if minX < 0 {
					minX = x
				}
				maxX = x
			}
		}
		if minX < 0 {
			continue
		}
		nearL, nearR := minX <= left+4, maxX >= right-4
		switch {
		case nearR && !nearL:
			rightOnly++
		case nearL && !nearR:
			leftOnly++
		}
	}
	if ink < 1000 {
		t.Fatalf("page 1 is nearly blank (%d ink pixels)", ink)
	}
	return rightOnly, leftOnly
}

var linkRE = regexp.MustCompile(`https://accreditation\.test/rsvp/([A-Za-z0-9_-]+)`)

func TestDispatchDeliversLetterAndLink(t *testing.T) {
	env, ev, ids := setup(t)
	srv := mailtest.Start(t)
	w, err := mail.NewWorker(env.DB.DB, mail.Config{URL: srv.URL(), From: "Secretariat <secretariat@conference.test>"}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if res := env.Do("POST", "/api/v1/invitations/"+ids["ar"]+"/dispatch", "admin", nil); res.Status != 409 {
		t.Fatalf("dispatch of a draft: %d", res.Status)
	}
	refs := map[string]string{}
	for _, p := range invitees {
		refs[p.lang] = issue(t, env, ids[p.lang])
	}
	first := env.Do("POST", "/api/v1/invitations/"+ids["ar"]+"/dispatch", "secretariat", nil)
	second := env.Do("POST", "/api/v1/invitations/"+ids["ar"]+"/dispatch", "secretariat", nil)
	if first.Status != 202 || second.Status != 202 || first.Map(t)["id"] != second.Map(t)["id"] {
		t.Fatalf("dispatch twice: %d %s / %d %s", first.Status, first.Body, second.Status, second.Body)
	}
	if s := env.Do("GET", "/api/v1/invitations/"+ids["ar"], "admin", nil).Map(t)["status"]; s != "sent" {
		t.Fatalf("status after dispatch %v", s)
	}
	res := env.Do("POST", "/api/v1/events/"+ev.ID+"/invitations/dispatch", "admin", map[string]any{"language": "ru"})
	if res.Status != 202 || res.Map(t)["queued"] != float64(1) {
		t.Fatalf("bulk dispatch: %d %s", res.Status, res.Body)
	}
	res = env.Do("POST", "/api/v1/events/"+ev.ID+"/invitations/dispatch", "admin", nil)
	if m := res.Map(t); res.Status != 202 || m["queued"] != float64(3) || m["skipped"] != float64(2) {
		t.Fatalf("bulk dispatch of the rest: %d %s", res.Status, res.Body)
	}
	if n, err := w.Drain(context.Background()); err != nil || n != 5 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	list := env.Do("GET", "/api/v1/outbox?status=sent&subject_id="+ids["ar"], "secretariat", nil)
	if list.Status != 200 || list.Map(t)["total"] != float64(1) {
		t.Fatalf("outbox list: %d %s", list.Status, list.Body)
	}

	byTo := map[string]mailtest.Parsed{}
	for _, m := range srv.Messages() {
		byTo[m.To[0]] = mailtest.Parse(t, m.Raw)
	}
	for _, p := range invitees {
		msg, ok := byTo[p.email]
		if !ok {
			t.Fatalf("nothing arrived for %s", p.email)
		}
		if lang := msg.Header.Get("Content-Language"); lang != p.lang {
			t.Errorf("%s: Content-Language %q", p.lang, lang)
		}
		to, _ := msg.Header.AddressList("To")
		wantName := p.native
		if wantName == "" {
			wantName = "H.E. " + p.given + " " + p.family
		}
		if len(to) != 1 || to[0].Name != wantName {
			t.Errorf("%s: To %q, want name %q", p.lang, msg.Header.Get("To"), wantName)
		}
		subj := mailtest.Decode(msg.Header.Get("Subject"))
		if !strings.Contains(subj, ev.Name) {
			t.Errorf("%s: subject %q", p.lang, subj)
		}
		if p.lang == "ar" && !strings.HasPrefix(subj, "دعوة") || p.lang == "ru" && !strings.HasPrefix(subj, "Приглашение") {
			t.Errorf("%s: subject %q not in the letter's language", p.lang, subj)
		}
		att := msg.Attachment(t)
		if !bytes.HasPrefix(att.Body, []byte("%PDF")) || att.ContentType != "application/pdf" {
			t.Fatalf("%s: attachment %q %q", p.lang, att.Filename, att.ContentType)
		}
		pdfTxt := pdfText(t, att.Body)
		if p.lang != "ar" && !strings.Contains(pdfTxt, refs[p.lang]) {
			t.Errorf("%s: the attached letter lacks reference %s", p.lang, refs[p.lang])
		}
		m := linkRE.FindStringSubmatch(msg.Text("text/plain"))
		if m == nil {
			t.Fatalf("%s: no RSVP link in %q", p.lang, msg.Text("text/plain"))
		}
		if !strings.Contains(strings.Join(strings.Fields(pdfTxt), ""), m[1][:16]) {
			t.Errorf("%s: the letter prints another link than the e-mail", p.lang)
		}
		var hash string
		env.DB.Table("invitations").Where("id = ?", ids[p.lang]).Pluck("rsvp_token_hash", &hash)
		if hash != auth.HashToken(m[1]) {
			t.Errorf("%s: the link's token does not match the stored hash", p.lang)
		}
	}

	// Reminders: one per unanswered invitation, once.
	res = env.Do("POST", "/api/v1/events/"+ev.ID+"/invitations/reminders", "admin", nil)
	if res.Status != 202 || res.Map(t)["queued"] != float64(5) {
		t.Fatalf("reminders: %d %s", res.Status, res.Body)
	}
	res = env.Do("POST", "/api/v1/events/"+ev.ID+"/invitations/reminders", "admin", nil)
	if res.Status != 202 || res.Map(t)["queued"] != float64(0) {
		t.Fatalf("reminders again: %d %s", res.Status, res.Body)
	}
	if n, err := w.Drain(context.Background()); err != nil || n != 5 {
		t.Fatalf("Drain reminders = %d, %v", n, err)
	}
}
