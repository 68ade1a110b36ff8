package registration_test

import (
	"bytes"
	"crypto/rand"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/registration"
)

// letterPDF is a PDF-looking body of n random bytes after the header, so
// that a byte lost or changed on the way back shows.
func letterPDF(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return append([]byte("%PDF-1.7\n"), b...)
}

// upload sends the RSVP page's upload form with a file (none when name is "").
func (f *fixture) upload(token, name string, data []byte) *httptestResponse {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if name != "" {
		part, err := w.CreateFormFile("credentials", name)
		must(f.t, err)
		_, _ = part.Write(data)
	}
	must(f.t, w.Close())
	req := httptest.NewRequest(http.MethodPost, "/rsvp/"+token+"/credentials?lang=en", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	r := f.Send(req)
	return &httptestResponse{Status: r.Status, Header: r.Header, Body: string(r.Body)}
}

type httptestResponse struct {
	Status int
	Header http.Header
	Body   string
}

func (f *fixture) setStatus(delegationID, letterID, status string) (int, map[string]any) {
	f.t.Helper()
	r := f.Do(http.MethodPut, "/api/v1/delegations/"+delegationID+"/credentials/status", "secretariat",
		map[string]string{"letter_id": letterID, "status": status})
	if r.Status == http.StatusOK {
		return r.Status, r.Map(f.t)
	}
	return r.Status, nil
}

func (f *fixture) audits(entity string) int64 {
	var n int64
	must(f.t, f.DB.Table("audit_log").Where("entity = ?", entity).Count(&n).Error)
	return n
}

// TestCredentialsLetterRoundTrip uploads a letter through the API, reads it
// back byte for byte as the Secretariat under headers that keep it from
// running as a page, walks its status forward and back (each change
// attributed and audited, a skipped step or an unknown status refused), and
// sees a new upload come back as received while a change aimed at the
// replaced letter is refused.
func TestCredentialsLetterRoundTrip(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	file := "/api/v1/delegations/" + l.DelegationID + "/credentials"
	if r := f.Do(http.MethodGet, file, "secretariat", nil); r.Status != http.StatusNotFound {
		t.Fatalf("no letter yet: %d %s", r.Status, r.Body)
	}
	pdf := letterPDF(t, 200_000)
	r := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", pdf)
	if r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	up := r.Map(t)
	if up["status"] != "received" || up["delegation_id"] != l.DelegationID {
		t.Errorf("uploaded letter: %s", r.Body)
	}
	letterID := up["id"].(string)
	for _, role := range []string{"admin", "secretariat"} {
		got := f.Do(http.MethodGet, file, role, nil)
		if got.Status != http.StatusOK || !bytes.Equal(got.Body, pdf) {
			t.Fatalf("%s reads the letter: %d, %d bytes, want %d the same", role, got.Status, len(got.Body), len(pdf))
		}
		h := got.Header
		if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox;") || !strings.HasPrefix(h.Get("Content-Disposition"), "inline;") ||
			h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", role, h)
		}
	}
	if got := f.Do(http.MethodGet, file+"?download=1", "secretariat", nil); !strings.HasPrefix(got.Header.Get("Content-Disposition"), `attachment; filename="credentials-letter.pdf"`) {
		t.Errorf("download: %q", got.Header.Get("Content-Disposition"))
	}
	f.SeedDevice()
	for _, c := range []struct{ role string }{{"door"}, {""}, {"device"}} {
		if got := f.Do(http.MethodGet, file, c.role, nil); got.Status != http.StatusUnauthorized && got.Status != http.StatusForbidden {
			t.Errorf("%q reads the letter: %d", c.role, got.Status)
		}
		if got := f.Do(http.MethodPut, file+"/status", c.role, map[string]string{"letter_id": letterID, "status": "checked"}); got.Status != 401 && got.Status != 403 {
			t.Errorf("%q sets the status: %d", c.role, got.Status)
		}
	}

	audits := f.audits("credentials_letter")
	steps := []struct {
		status string
		want   int
		audit  int64 // audit entries it adds
	}{
		{"seen", 409, 0}, {"checked", 200, 1}, {"checked", 200, 0}, {"seen", 200, 1}, {"received", 409, 0},
		{"checked", 200, 1}, {"received", 200, 1}, {"approved", 400, 0}, {"", 400, 0},
	}
	for _, s := range steps {
		status, body := f.setStatus(l.DelegationID, letterID, s.status)
		if status != s.want {
			t.Errorf("→ %q: %d, want %d", s.status, status, s.want)
		}
		if n := f.audits("credentials_letter"); n != audits+s.audit {
			t.Errorf("→ %q: %d audit entries added, want %d", s.status, n-audits, s.audit)
		}
		audits = f.audits("credentials_letter")
		if status == 200 && (body["status"] != s.status || (s.status != "received" && body["status_by"] != "secretariat@test.example")) {
			t.Errorf("→ %q: %v", s.status, body)
		}
	}
	if st, _ := f.setStatus(l.DelegationID, letterID, "checked"); st != 200 {
		t.Fatalf("checked: %d", st)
	}
	// A new upload is the delegation's letter, received again; the old one
	// can no longer be marked.
	second := letterPDF(t, 1000)
	r = f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", second)
	if r.Status != http.StatusCreated {
		t.Fatalf("second upload: %d", r.Status)
	}
	if got := f.Do(http.MethodGet, file+"/status", "secretariat", nil); got.Map(t)["status"] != "received" || got.Map(t)["id"] == letterID {
		t.Errorf("after a new upload: %s", got.Body)
	}
	if got := f.Do(http.MethodGet, file, "secretariat", nil); !bytes.Equal(got.Body, second) {
		t.Errorf("after a new upload the file is not the new one")
	}
	if st, _ := f.setStatus(l.DelegationID, letterID, "seen"); st != http.StatusConflict {
		t.Errorf("status of the replaced letter: %d, want 409", st)
	}
}

// TestCredentialsLetterRefusals: another delegation's letter, an unknown
// delegation, a malformed id or body, an oversized or non-PDF upload are
// each refused with a 4xx, and nothing is stored.
func TestCredentialsLetterRefusals(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l, other := f.invite(invite{}), f.invite(invite{})
	r := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", letterPDF(t, 100))
	letterID := r.Map(t)["id"].(string)
	before := f.rows()
	unknown := "0b9f6c3e-5d3a-4e0e-9a59-2f8a2c1b7d11"
	status := "/api/v1/delegations/" + l.DelegationID + "/credentials/status"
	f.Run(t, []apptest.Scenario{
		{Name: "other delegation's file", Role: "secretariat", Path: "/api/v1/delegations/" + other.DelegationID + "/credentials", Status: 404},
		{Name: "unknown delegation", Role: "secretariat", Path: "/api/v1/delegations/" + unknown + "/credentials", Status: 404},
		{Name: "malformed id", Role: "secretariat", Path: "/api/v1/delegations/not-a-uuid/credentials", Status: 400},
		{Name: "letter of another delegation", Role: "secretariat", Method: "PUT", Path: "/api/v1/delegations/" + other.DelegationID + "/credentials/status",
			Body: map[string]string{"letter_id": letterID, "status": "checked"}, Status: 404},
		{Name: "unknown letter", Role: "secretariat", Method: "PUT", Path: status,
			Body: map[string]string{"letter_id": unknown, "status": "checked"}, Status: 404},
		{Name: "letter id not a UUID", Role: "secretariat", Method: "PUT", Path: status,
			Body: map[string]string{"letter_id": "x", "status": "checked"}, Status: 400},
		{Name: "unknown field", Role: "secretariat", Method: "PUT", Path: status,
			Body: map[string]string{"letter_id": letterID, "status": "checked", "by": "me"}, Status: 400},
		{Name: "not JSON", Role: "secretariat", Method: "PUT", Path: status, Body: "{", Status: 400},
	})
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 400)...)
	gif := append([]byte("GIF89a"), make([]byte, 400)...)
	uploads := []struct {
		name string
		body []byte
		want int
	}{
		{"over 10 MB", letterPDF(t, 10<<20), 413},
		{"an executable", exe, 415},
		{"a GIF", gif, 415},
		{"a picture of 100×100 pixels", photoPNG(t, 100, 100), 400},
		{"empty", nil, 415},
	}
	for _, u := range uploads {
		if got := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", u.body); got.Status != u.want {
			t.Errorf("API upload %s: %d, want %d", u.name, got.Status, u.want)
		}
		if got := f.upload(l.Token, "letter.pdf", u.body); got.Status != u.want || !strings.Contains(got.Body, `id="credentials-error"`) {
			t.Errorf("page upload %s: %d, want %d with the message beside the field", u.name, got.Status, u.want)
		}
	}
	if got := f.upload(l.Token, "", nil); got.Status != 400 || !strings.Contains(got.Body, "Choose the file of the letter") {
		t.Errorf("page upload without a file: %d", got.Status)
	}
	if after := f.rows(); !maps.Equal(before, after) {
		t.Errorf("refusals changed data:\nbefore %v\nafter  %v", before, after)
	}
}

// TestCredentialsUploadFromThePage sends the letter through the RSVP
// page's form: the page then shows its name (as written, in any script),
// its date and its status, and the Secretariat's download names it.
func TestCredentialsUploadFromThePage(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	page := f.Do(http.MethodGet, "/rsvp/"+l.Token, "", nil)
	if !strings.Contains(string(page.Body), `id="credentials-none"`) || !strings.Contains(string(page.Body), `enctype="multipart/form-data" action="/rsvp/`+l.Token+`/credentials`) {
		t.Fatalf("the page has no upload form")
	}
	name := "خطاب التفويض; «2013».pdf"
	pdf := letterPDF(t, 5000)
	if got := f.upload(l.Token, `C:\scans\`+name, pdf); got.Status != http.StatusSeeOther {
		t.Fatalf("page upload: %d %s", got.Status, got.Body)
	}
	page = f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=ar", "", nil)
	body := string(page.Body)
	if !strings.Contains(body, `<bdi class="file-name">`+name+`</bdi>`) || !strings.Contains(body, `data-status="received"`) {
		t.Errorf("the page does not show the letter's name and status")
	}
	got := f.Do(http.MethodGet, "/api/v1/delegations/"+l.DelegationID+"/credentials?download=1", "secretariat", nil)
	want := `attachment; filename="2013.pdf"; filename*=UTF-8''` + strings.ReplaceAll(url.QueryEscape(name), "+", "%20")
	if !bytes.Equal(got.Body, pdf) || got.Header.Get("Content-Disposition") != want {
		t.Errorf("download: %q, want %q", got.Header.Get("Content-Disposition"), want)
	}
}

func TestCleanFileName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"letter.pdf", "letter.pdf"},
		{"C:\\Users\\focal\\Desktop\\نامه\u200cی اعتبار.pdf", "نامه\u200cی اعتبار.pdf"},
		{"/tmp/../etc/passwd", "passwd"},
		{"evil\u202etxt.pdf", "eviltxt.pdf"},
		{"a\x00b\nc.pdf", "abc.pdf"},
		{"..", ""},
		{"  ", ""},
		{strings.Repeat("й", 200) + ".pdf", strings.Repeat("й", 120)},
		{"bad\xffutf8.pdf", "badutf8.pdf"},
	}
	for _, c := range cases {
		if got := registration.CleanFileName(c.in); got != c.want {
			t.Errorf("CleanFileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
