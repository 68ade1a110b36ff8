package registration_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// issueLetter gives the fixture's event a signatory and issues the
// invitation's letter through the API, as the Secretariat does.
func (f *fixture) issueLetter(l link) {
	f.t.Helper()
	now := f.Now()
	var n int64
	must(f.t, f.DB.Model(&event.Signatory{}).Where("event_id = ?", f.EventID).Count(&n).Error)
	if n == 0 {
		must(f.t, f.DB.Create(&event.Signatory{ID: httpx.NewID(), EventID: f.EventID, Position: 1, Name: "Yury Fedotov",
			Title: "Executive Director", Organisation: "United Nations Office on Drugs and Crime", OrganisationShort: "UNODC",
			CreatedAt: now, UpdatedAt: now}).Error)
	}
	// Each letter has its own reference number.
	must(f.t, f.DB.Exec(`UPDATE events SET reference_format = 'BAKU/{seq:03}' WHERE id = ? AND reference_format = ''`, f.EventID).Error)
	if r := f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/issue", "secretariat", nil); r.Status != http.StatusOK {
		f.t.Fatalf("issue: %d %s", r.Status, r.Body)
	}
}

// get reads a page or file without the API's JSON.
func (f *fixture) get(path string) (int, http.Header, string) {
	f.t.Helper()
	r := f.Send(httptest.NewRequest(http.MethodGet, path, nil))
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		return r.Status, r.Header, html.UnescapeString(string(r.Body))
	}
	return r.Status, r.Header, string(r.Body)
}

func text(lang, key string) string { return i18n.Table(lang, "rsvp")[key] }

// TestPageShowsTheEventAndTheLetter: the page names the event's dates, venue
// and city in its language, states the deadline as the letter does, and
// serves the letter as issued through the token, shown or downloaded.
func TestPageShowsTheEventAndTheLetter(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	must(t, f.DB.Model(&event.Event{}).Where("id = ?", f.EventID).
		Updates(map[string]any{"venue": "Gulustan Palace", "city": "Baku", "reference_format": "UNODC-ISESCO/BAKU/{seq:03}",
			"next_reference": 1, "venue_names": `{"ar":"قصر كلستان"}`, "city_names": `{"ar":"باكو"}`}).Error)
	baku, _ := time.LoadLocation("Asia/Baku")
	at := time.Date(2040, time.February, 18, 18, 0, 0, 0, baku)
	l := f.invite(invite{Language: "ar", Deadline: at.UTC()})

	status, _, _ := f.get("/rsvp/" + l.Token + "/letter.pdf")
	if status != http.StatusNotFound {
		t.Errorf("letter before issue: %d, want 404", status)
	}
	if r := f.Do("GET", "/api/v1/rsvp/"+l.Token+"/letter.pdf", "", nil); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "no-letter") {
		t.Errorf("API letter before issue: %d %s, want 404 no-letter", r.Status, r.Body)
	}
	f.issueLetter(l)

	for _, c := range []struct{ lang, dates, deadline, venue, city, other string }{
		{"ar", "18–19 مارس 2040", "18 فبراير 2040، 18:00 (Asia/Baku، UTC+04:00)", "قصر كلستان", "باكو", "Gulustan Palace"},
		{"en", "18–19 March 2040", "18 February 2040, 18:00 (Asia/Baku, UTC+04:00)", "Gulustan Palace", "Baku", "قصر كلستان"},
	} {
		status, _, body := f.get("/rsvp/" + l.Token + "?lang=" + c.lang)
		if status != http.StatusOK {
			t.Fatalf("%s: page %d", c.lang, status)
		}
		if strings.Contains(body, c.other) {
			t.Errorf("%s: the page names the venue in another language (%q)", c.lang, c.other)
		}
		for _, want := range []string{c.dates, c.venue, c.city, c.deadline, text(c.lang, "letter_open"),
			`href="/rsvp/` + l.Token + `/letter.pdf"`, `<bdi id="reference">UNODC-ISESCO/BAKU/001</bdi>`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %q", c.lang, want)
			}
		}
		if got := invitations.FormatDeadline(c.lang, at, baku); got != c.deadline {
			t.Errorf("%s: FormatDeadline %q, want %q", c.lang, got, c.deadline)
		}
	}
	// At the end of a day the letter and the page state the date alone.
	if got := invitations.FormatDeadline("en", time.Date(2040, 2, 18, 23, 59, 59, 0, baku), baku); got != "18 February 2040" {
		t.Errorf("end of day: %q", got)
	}

	status, h, body := f.get("/rsvp/" + l.Token + "/letter.pdf")
	if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("letter: %d %s %.20q", status, h.Get("Content-Type"), body)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "inline;") || !strings.Contains(cd, "-ar.pdf") {
		t.Errorf("letter disposition %q", cd)
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("letter cached: %q", h.Get("Cache-Control"))
	}
	_, h, _ = f.get("/rsvp/" + l.Token + "/letter.pdf?download=1")
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("download disposition %q", cd)
	}
	if r := f.Do("GET", "/api/v1/rsvp/"+l.Token+"/letter.pdf", "", nil); r.Status != http.StatusOK || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Errorf("API letter: %d", r.Status)
	}
	if status, _, _ := f.get("/rsvp/not-a-token/letter.pdf"); status != http.StatusNotFound {
		t.Errorf("letter of an unknown link: %d", status)
	}
}

// TestPageAfterTheDeadline says what can still be changed and whom to write to.
func TestPageAfterTheDeadline(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Language: "fr", Deadline: f.Now().Add(-time.Hour)})
	status, _, body := f.get("/rsvp/" + l.Token)
	if status != http.StatusOK {
		t.Fatalf("page %d", status)
	}
	for _, want := range []string{text("fr", "closed"), text("fr", "closed_still"), text("fr", "write_to"),
		`href="mailto:secretariat@example.org"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the closed page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="credentials-form"`) {
		t.Errorf("the closed page still offers the upload")
	}
}

// TestWithdrawnLinkSaysSo: the link of a withdrawn invitation answers 410
// with "withdrawn" in the invitation's language, on the page and in the API.
func TestWithdrawnLinkSaysSo(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Language: "ar"})
	if r := f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/withdraw", "secretariat", nil); r.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	status, _, body := f.get("/rsvp/" + l.Token)
	if status != http.StatusGone || !strings.Contains(body, text("ar", "link_withdrawn")) || !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("page: %d %s", status, body)
	}
	if strings.Contains(body, text("ar", "link_invalid")) || strings.Contains(body, text("ar", "link_expired")) {
		t.Errorf("the page says the link is wrong or expired")
	}
	status, _, body = f.get("/rsvp/" + l.Token + "?lang=en")
	if status != http.StatusGone || !strings.Contains(body, text("en", "link_withdrawn")) {
		t.Errorf("page in English: %d %s", status, body)
	}
	r := f.Do("GET", "/api/v1/rsvp/"+l.Token, "", nil)
	var p map[string]any
	_ = json.Unmarshal(r.Body, &p)
	if r.Status != http.StatusGone || p["type"] != httpx.ProblemType+"invitation-withdrawn" ||
		p["language"] != "ar" || p["message"] != text("ar", "link_withdrawn") {
		t.Errorf("API: %d %s", r.Status, r.Body)
	}
	if r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/participants", "", person("Ana", "Costa", "delegate")); r.Status != http.StatusGone {
		t.Errorf("nominating on a withdrawn link: %d", r.Status)
	}
}

// TestEmptyGivenNameIsRequired: a member with neither given nor family name
// is told the field is required, not that it has control characters.
func TestEmptyGivenNameIsRequired(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	form := url.Values{"given_names": {""}, "family_name": {""}, "role": {"delegate"}, "interpretation_language": {"en"}}
	req := httptest.NewRequest(http.MethodPost, "/rsvp/"+l.Token+"/participants?lang=en", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := f.Send(req)
	body := html.UnescapeString(string(r.Body))
	if r.Status != http.StatusBadRequest || !strings.Contains(body, text("en", "err_required")) {
		t.Errorf("page: %d, want 400 with %q", r.Status, text("en", "err_required"))
	}
	if strings.Contains(body, text("en", "err_name")) {
		t.Errorf("the page speaks of control characters for an empty name")
	}
	res, _ := f.nominate(l, person("", "", "delegate"))
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "required") || strings.Contains(string(res.Body), "control") {
		t.Errorf("API: %d %s", res.Status, res.Body)
	}
	var n int64
	must(t, f.DB.Table("participants").Count(&n).Error)
	if n != 0 {
		t.Errorf("%d members stored", n)
	}
}

// TestCredentialsPictures: a JPEG or PNG picture of the letter is taken
// (re-encoded, its type from the content), an executable named .pdf or a
// damaged picture is refused beside the field, and nothing is stored.
func TestCredentialsPictures(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{})
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 200)...)
		r := f.upload(l.Token, "letter.pdf", exe)
		if r.Status != http.StatusUnsupportedMediaType || !strings.Contains(r.Body, text("en", "err_credentials_type")) {
			t.Errorf("executable: %d", r.Status)
		}
		png := photoPNG(t, 400, 500)
		r = f.upload(l.Token, "scan.png", png[:len(png)/2])
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, text("en", "err_credentials_damaged")) {
			t.Errorf("damaged picture: %d", r.Status)
		}
		if n := f.audits("credentials_letter"); n != 0 {
			t.Errorf("%d letters stored after refusals", n)
		}
		if r := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", exe); r.Status != http.StatusUnsupportedMediaType {
			t.Errorf("API executable: %d", r.Status)
		}

		r = f.upload(l.Token, "Письмо.jpg", photoJPEG(t, 800, 1100))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("JPEG: %d %s", r.Status, r.Body)
		}
		res := f.Do("GET", "/api/v1/delegations/"+l.DelegationID+"/credentials/status", "secretariat", nil)
		if m := res.Map(t); m["content_type"] != "image/jpeg" || m["file_name"] != "Письмо.jpg" {
			t.Errorf("status: %v", m)
		}
		raw := f.Do("GET", "/api/v1/delegations/"+l.DelegationID+"/credentials?download=1", "secretariat", nil)
		if raw.Header.Get("Content-Type") != "image/jpeg" || !strings.Contains(raw.Header.Get("Content-Disposition"), `filename=".jpg"`) &&
			!strings.Contains(raw.Header.Get("Content-Disposition"), `.jpg"`) {
			t.Errorf("download: %s %s", raw.Header.Get("Content-Type"), raw.Header.Get("Content-Disposition"))
		}

		put := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "image/png", png)
		if put.Status != http.StatusCreated {
			t.Fatalf("API PNG: %d %s", put.Status, put.Body)
		}
		if m := put.Map(t); m["content_type"] != "image/png" || m["status"] != "received" {
			t.Errorf("API PNG: %v", m)
		}
		_, _, page := f.get("/rsvp/" + l.Token + "?lang=en")
		if !strings.Contains(page, `data-status="received"`) || !strings.Contains(page, text("en", "credentials_received")) {
			t.Errorf("the page does not show the letter's status")
		}
	})
}
