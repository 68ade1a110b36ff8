package speakers_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"accreditation/internal/database"
)

// postForm sends the RSVP page's inscription form.
func (f *fixture) postForm(d delegation, participantID string, file []byte) (int, string) {
	f.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	must(f.t, mw.WriteField("participant_id", participantID))
	if file != nil {
		w, err := mw.CreateFormFile("statement", "statement.pdf")
		must(f.t, err)
		_, _ = w.Write(file)
	}
	must(f.t, mw.Close())
	req := httptest.NewRequest("POST", "/rsvp/"+d.Token+"/speakers/"+f.SessionID+"?lang=en", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	f.App.Echo.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestRSVPPageInscribesAMember: the RSVP page shows each plenary with a
// form; a member of the delegation is inscribed with a PDF statement; a
// member of another delegation or a statement that is not PDF or Word is
// refused on the page with the reason, and nothing changes.
func TestRSVPPageInscribesAMember(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		d := f.delegation(f.EventID, "France")
		other := f.delegation(f.EventID, "Chile")
		p := f.member(d, "H.E.", "Claire", "Martin", "")
		stranger := f.member(other, "", "Pablo", "Neruda", "")
		rec := httptest.NewRecorder()
		f.App.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/rsvp/"+d.Token+"?lang=en", nil))
		page := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(page, `id="speakers-`+f.SessionID+`"`) || !strings.Contains(page, "H.E. Claire Martin") {
			t.Fatalf("page %d without the session's inscription form:\n%.3000s", rec.Code, page)
		}
		before := f.rows()
		for _, c := range []struct {
			name, who string
			file      []byte
			want      int
			says      string
		}{
			{"another delegation's member", stranger, nil, 400, "Choose a member of your delegation."},
			{"a statement that is not PDF or Word", p, []byte("GIF89a"), 415, "must be a PDF or a Word document"},
		} {
			code, body := f.postForm(d, c.who, c.file)
			if code != c.want || !strings.Contains(body, c.says) {
				t.Errorf("%s: %d, want %d saying %q", c.name, code, c.want, c.says)
			}
		}
		if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("refused forms changed the data\nbefore %v\n after %v", before, after)
		}
		if code, body := f.postForm(d, p, []byte("%PDF-1.4\n%%EOF\n")); code != 303 {
			t.Fatalf("inscribe: %d %.500s", code, body)
		}
		l := f.list()
		if len(l.Waiting) != 1 || l.Waiting[0].ParticipantID != p || !l.Waiting[0].HasStatement {
			t.Errorf("list after the form: %+v", l.Waiting)
		}
		rec = httptest.NewRecorder()
		f.App.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/rsvp/"+d.Token+"?lang=en&done=speakers", nil))
		if !strings.Contains(rec.Body.String(), "The speaker is on the list.") || !strings.Contains(rec.Body.String(), "Your delegation is already on this list.") {
			t.Errorf("page after the inscription does not say so")
		}
	})
}
