package console_test

import (
	"bytes"
	"encoding/base64"
	"html"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// upload posts a multipart form with a file (when name is not "") and fields.
func (s *site) upload(path, name string, content []byte, fields map[string]string) page {
	s.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if name != "" {
		fw, _ := w.CreateFormFile("file", name)
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(req)
}

const importHeader = "kind,country,name_en,name_ru,honorific,given_names,family_name,native_name,office,email,language,quota,rsvp_deadline\n"

var hiddenContent = regexp.MustCompile(`name="content" value="([^"]*)"`)

func TestImportDryRunThenConfirm(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	s.signIn("secretariat")
	path := "/console/events/" + ev + "/invitations/import"
	token := s.csrf(path)
	good := importHeader +
		"member_state,AZ,Azerbaijan,Азербайджан,H.E. Mr,Elmar,Mammadov,Elmar Məmmədov,Minister,elmar@example.org,az,3,2040-03-01\n" +
		"member_state,RU,Russia,Россия,Mr,Ivan,Petrov,Иван Петров,Ambassador,ivan@example.org,ru,,2040-03-01\n"
	before := s.count("invitations")
	p := s.upload(path, "list.csv", []byte(good), map[string]string{"_csrf": token})
	if p.Status != 200 || !strings.Contains(p.Body, "creates 2 invitation(s) and 2 delegation(s)") || s.count("invitations") != before {
		t.Fatalf("dry run: %d, invitations %d→%d %.2000s", p.Status, before, s.count("invitations"), p.Body)
	}
	m := hiddenContent.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("the dry run does not carry the file to the confirmation")
	}
	content := html.UnescapeString(m[1])
	if got, _ := base64.StdEncoding.DecodeString(content); string(got) != good {
		t.Errorf("the file carried differs from the one uploaded")
	}
	done := s.upload(path, "", nil, map[string]string{"_csrf": token, "confirm": "1", "format": "csv", "content": content, "file_name": "list.csv"})
	if done.Status != http.StatusSeeOther || !strings.Contains(done.Location, "done=imported&n=2") || s.count("invitations") != before+2 {
		t.Errorf("confirm: %d → %q, invitations %d", done.Status, done.Location, s.count("invitations"))
	}
	if p := s.get("/console/events/" + ev + "/invitations/export?format=xlsx"); p.Status != 200 || !strings.HasPrefix(p.Body, "PK") {
		t.Errorf("export xlsx: %d", p.Status)
	}
	if p := s.get("/console/events/" + ev + "/invitations/export?format=csv"); p.Status != 200 || !strings.Contains(p.Body, "Mammadov") {
		t.Errorf("export csv: %d", p.Status)
	}
	if p := s.get("/console/events/" + ev + "/invitations/export?format=pdf"); p.Status != 400 {
		t.Errorf("export pdf: %d", p.Status)
	}

	// The export, with one office changed, imports back as one update: the
	// dry run shows it line by line in the page's language, the confirmation
	// makes it and nothing else.
	exported := s.get("/console/events/" + ev + "/invitations/export?format=csv&language=ar").Body
	if !strings.Contains(exported, "Minister") || !strings.Contains(exported, "المنصب") {
		t.Fatalf("the Arabic export lacks the office or its column's name: %.400s", exported)
	}
	changed := strings.Replace(exported, "Minister", "Minister of Justice", 1)
	s.language("ar", path)
	p = s.upload(path, "back.csv", []byte(changed), map[string]string{"_csrf": token})
	body := html.UnescapeString(p.Body)
	if p.Status != 200 || !strings.Contains(body, `id="import-changes"`) || !strings.Contains(body, "<del>Minister</del>") ||
		!strings.Contains(body, "<ins>Minister of Justice</ins>") || strings.Count(body, "<ins>") != 1 || !strings.Contains(body, "<td>المنصب</td>") {
		t.Fatalf("dry run of the changed export: %d %.3000s", p.Status, body)
	}
	var office string
	s.env.DB.Raw(`SELECT office FROM invitations WHERE email = 'elmar@example.org'`).Scan(&office)
	if office != "Minister" {
		t.Errorf("the dry run changed the office to %q", office)
	}
	content = html.UnescapeString(hiddenContent.FindStringSubmatch(p.Body)[1])
	done = s.upload(path, "", nil, map[string]string{"_csrf": token, "confirm": "1", "format": "csv", "content": content, "file_name": "back.csv"})
	s.env.DB.Raw(`SELECT office FROM invitations WHERE email = 'elmar@example.org'`).Scan(&office)
	if done.Status != http.StatusSeeOther || !strings.Contains(done.Location, "done=imported_updated&n=1") || office != "Minister of Justice" ||
		s.count("invitations") != before+2 {
		t.Errorf("confirm the update: %d → %q, office %q, invitations %d", done.Status, done.Location, office, s.count("invitations"))
	}
}

func TestImportRefusals(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	s.signIn("secretariat")
	path := "/console/events/" + ev + "/invitations/import"
	token := s.csrf(path)
	bad := importHeader +
		"member_state,AZ,Azerbaijan,,,Elmar,Mammadov,,Minister,not-an-email,xx,many,someday\n" +
		"planet,AZ,Mars,,,Ivan,Petrov\u202E,,,ivan@example.org,ru,2,2040-03-01\n"
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 0xff}, 100)...)
	for _, c := range []struct {
		name, file string
		body       []byte
		status     int
		want       []string
	}{
		{"line errors", "list.csv", []byte(bad), 422, []string{"<th scope=\"row\">2</th>", "<th scope=\"row\">3</th>", "email", "language", "quota", "rsvp_deadline", "kind"}},
		{"a picture named .csv", "photo.csv", png, 400, []string{`id="e-file"`, "not UTF-8"}},
		{"a PDF", "letter.pdf", []byte("%PDF-1.4"), 400, []string{`id="e-file"`, "neither a CSV nor an XLSX"}},
		{"a fake workbook", "list.xlsx", []byte("PK\x03\x04 not really"), 400, []string{`id="e-file"`, "XLSX"}},
		{"bad header", "list.csv", []byte("name,colour\nx,y\n"), 400, []string{`id="e-file"`, "is not a known column"}},
		{"empty", "list.csv", []byte{}, 400, []string{`id="e-file"`}},
		{"no file", "", nil, 400, []string{`id="e-file"`}},
		{"too large", "big.csv", bytes.Repeat([]byte("a"), 8<<20+1), 400, []string{`id="e-file"`, "8 MB"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, dels := s.count("invitations"), s.count("delegations")
			p := s.upload(path, c.file, c.body, map[string]string{"_csrf": token})
			if p.Status != c.status {
				t.Errorf("%d, want %d", p.Status, c.status)
			}
			for _, w := range c.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(p.Body, `name="confirm"`) {
				t.Errorf("a refused file is offered for import")
			}
			if s.count("invitations") != before || s.count("delegations") != dels {
				t.Errorf("a refused import stored something")
			}
		})
	}
	if p := s.upload(path, "", nil, map[string]string{"_csrf": token, "confirm": "1", "format": "csv", "content": "!!!"}); p.Status != 400 {
		t.Errorf("a confirmation with a broken file: %d", p.Status)
	}
	if p := s.upload(path, "", nil, map[string]string{"_csrf": token, "confirm": "1", "format": "csv",
		"content": base64.StdEncoding.EncodeToString([]byte(bad))}); p.Status != 422 || s.count("invitations") != 0 {
		t.Errorf("a confirmation with a bad file: %d", p.Status)
	}
}
