package speakers_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"accreditation/internal/database"
	"accreditation/internal/speakers"
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
	return f.postPage("/rsvp/"+d.Token+"/speakers/"+f.SessionID+"?lang=en", mw.FormDataContentType(), &b)
}

// postPage posts a form of the RSVP page and returns the status and the page.
func (f *fixture) postPage(path, contentType string, body io.Reader) (int, string) {
	req := httptest.NewRequest("POST", path, body)
	req.Header.Set("Content-Type", contentType)
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

// postWithdraw sends the RSVP page's withdrawal form of an entry.
func (f *fixture) postWithdraw(d delegation, speakerID string) (int, string) {
	f.t.Helper()
	return f.postPage("/rsvp/"+d.Token+"/speakers/"+f.SessionID+"/withdraw?lang=en", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"speaker_id": {speakerID}}.Encode()))
}

// TestRSVPPageWithdrawsAnInscription: a focal point withdraws their own
// delegation's waiting entry from the page, with the reason in the list's
// history; another delegation's entry, an unknown one and the speaker who
// has the floor are refused on the page, and nothing changes.
func TestRSVPPageWithdrawsAnInscription(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		chile := f.delegation(f.EventID, "Chile")
		france := f.delegation(f.EventID, "France")
		first := f.inscribe(chile, f.member(chile, "", "Pablo", "Neruda", "")).Map(t)["id"].(string)
		mine := f.inscribe(france, f.member(france, "H.E.", "Claire", "Martin", "")).Map(t)["id"].(string)
		oman := f.delegation(f.EventID, "Oman")
		f.inscribe(oman, f.member(oman, "", "Salim", "Al-Harthy", "سالم الحارثي"))
		if r := f.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers/turn", "secretariat", nil); r.Status != 200 {
			t.Fatalf("start the turn: %d %s", r.Status, r.Body)
		}
		page := func(d delegation, query string) string {
			rec := httptest.NewRecorder()
			f.App.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/rsvp/"+d.Token+"?lang=en"+query, nil))
			return rec.Body.String()
		}
		if p := page(france, ""); !strings.Contains(p, `value="`+mine+`"`) || !strings.Contains(p, `aria-label="Withdraw H.E. Claire Martin from the list of speakers"`) {
			t.Fatalf("France's page has no withdrawal form for its entry:\n%.4000s", p)
		}
		if p := page(oman, ""); !strings.Contains(p, `Salim Al-Harthy · <span class="native" dir="auto">سالم الحارثي</span>`) {
			t.Error("Oman's page does not name its speaker in his own script")
		}
		if p := page(chile, ""); strings.Contains(p, `value="`+first+`"`) {
			t.Error("Chile's page offers to withdraw the speaker who has the floor")
		}
		before := f.rows()
		for _, c := range []struct {
			name string
			d    delegation
			id   string
			want int
			says string
		}{
			{"another delegation's entry", france, first, 404, "Your delegation has no such entry on this list."},
			{"an unknown entry", france, "not-an-id", 404, "Your delegation has no such entry on this list."},
			{"the speaker who has the floor", chile, first, 409, "This speaker has the floor now"},
		} {
			code, body := f.postWithdraw(c.d, c.id)
			if code != c.want || !strings.Contains(body, c.says) {
				t.Errorf("%s: %d, want %d saying %q", c.name, code, c.want, c.says)
			}
		}
		if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("refused withdrawals changed the data\nbefore %v\n after %v", before, after)
		}
		if code, body := f.postWithdraw(france, mine); code != 303 {
			t.Fatalf("withdraw: %d %.500s", code, body)
		}
		if got := names(f.list()); !slices.Equal(got, []string{"Pablo Neruda", "Salim Al-Harthy"}) {
			t.Errorf("waiting after the withdrawal: %q", got)
		}
		if p := page(france, "&done=speakers-withdrawn"); !strings.Contains(p, "The speaker was withdrawn from the list.") || strings.Contains(p, `value="`+mine+`"`) {
			t.Error("the page after the withdrawal does not say so, or still offers it")
		}
		if code, _ := f.postWithdraw(france, mine); code != 409 {
			t.Errorf("withdrawing again: %d, want 409", code)
		}
		var h struct{ Items []speakers.Change }
		f.Do("GET", "/api/v1/sessions/"+f.SessionID+"/speakers/history", "secretariat", nil).JSON(t, &h)
		last := h.Items[len(h.Items)-1]
		if last.Action != "withdrawn" || last.SpeakerID != mine || !strings.Contains(last.Reason, "focal point") {
			t.Errorf("history's last change: %+v", last)
		}
	})
}
