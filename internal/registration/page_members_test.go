package registration_test

import (
	"bytes"
	"html/template"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"accreditation/internal/database"
	"accreditation/internal/fixtures"
	"accreditation/internal/i18n"
)

// correct sends a member's correction form of the RSVP page.
func (f *fixture) correct(token, id string, form url.Values) *httptestResponse {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/rsvp/"+token+"/participants/"+id+"?lang=en", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := f.Send(req)
	return &httptestResponse{Status: r.Status, Header: r.Header, Body: string(r.Body)}
}

// photoForm sends a member's photo upload form of the RSVP page, with a
// confirmation when confirm is not "".
func (f *fixture) photoForm(token, id string, data []byte, confirm string) *httptestResponse {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("photo", "face.jpg")
	must(f.t, err)
	_, _ = part.Write(data)
	if confirm != "" {
		must(f.t, w.WriteField("confirm", confirm))
	}
	must(f.t, w.Close())
	req := httptest.NewRequest(http.MethodPost, "/rsvp/"+token+"/participants/"+id+"/photo?lang=en", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	r := f.Send(req)
	return &httptestResponse{Status: r.Status, Header: r.Header, Body: string(r.Body)}
}

// member reads one member as the RSVP API shows it.
func (f *fixture) member(token, id string) map[string]any {
	f.t.Helper()
	for _, p := range f.Do(http.MethodGet, "/api/v1/rsvp/"+token, "", nil).Map(f.t)["participants"].([]any) {
		if m := p.(map[string]any); m["id"] == id {
			return m
		}
	}
	f.t.Fatalf("member %s is not in the delegation", id)
	return nil
}

func (f *fixture) approve(id string) {
	f.t.Helper()
	if r := f.Do(http.MethodPost, "/api/v1/participants/"+id+"/approve", "secretariat",
		map[string]string{"category_id": f.CategoryID}); r.Status != http.StatusOK {
		f.t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
}

var versionInput = regexp.MustCompile(`name="version" value="([0-9a-f]{16})"`)

// version is the version the page's correction form of the member carries.
func (f *fixture) version(token, id string) string {
	f.t.Helper()
	page := string(f.Do(http.MethodGet, "/rsvp/"+token+"?lang=en", "", nil).Body)
	i := strings.Index(page, `id="edit-form-`+id+`"`)
	if i < 0 {
		f.t.Fatalf("the page has no correction form for %s", id)
	}
	m := versionInput.FindStringSubmatch(page[i:])
	if m == nil {
		f.t.Fatalf("the correction form of %s carries no version", id)
	}
	return m[1]
}

func en(key string) string { return template.HTMLEscapeString(i18n.T("en", "rsvp."+key)) }

// TestCorrectingAMemberOnThePage corrects a member through the page's form
// as a focal point does without JavaScript: every field the API's PATCH
// takes, under its rules; bad input comes back beside its field with
// nothing stored; an accredited member's page says beforehand that a new
// name or photo sends them back to review, and such a change is saved only
// once confirmed.
func TestCorrectingAMemberOnThePage(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{Quota: 4})
		f.accept(l)
		_, p := f.nominate(l, person("Anne", "Martin", "delegate"))
		id := p["id"].(string)

		page := string(f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=en", "", nil).Body)
		for _, want := range []string{`id="edit-form-` + id + `"`, `action="/rsvp/` + l.Token + `/participants/` + id + `?lang=en#edit-` + id + `"`,
			`id="m-` + id + `-given_names" name="given_names" value="Anne"`, `id="m-` + id + `-family_name" name="family_name" value="Martin"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		if strings.Contains(page, `id="edit-review-`+id+`"`) {
			t.Error("a member awaiting review is told that a change sends them back to review")
		}

		// Every field the API takes, in one form.
		form := url.Values{"honorific": {"Dr"}, "given_names": {"Anne"}, "family_name": {"Martin"}, "native_name": {""},
			"gender": {"female"}, "function": {"Ambassador"}, "role": {"alternate"}, "email": {"Anne.Martin@Example.org"},
			"phone": {"+33 1 23 45 67 89"}, "nationality": {"French"}, "interpretation_language": {"ru"},
			"dietary": {"vegetarian"}, "accessibility": {"wheelchair"}, "version": {f.version(l.Token, id)}}
		if r := f.correct(l.Token, id, form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/rsvp/"+l.Token+"?lang=en&done=corrected#title" {
			t.Fatalf("correction: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
		}
		m := f.member(l.Token, id)
		for k, want := range map[string]string{"honorific": "Dr", "gender": "female", "function": "Ambassador", "role": "alternate",
			"email": "anne.martin@example.org", "phone": "+33 1 23 45 67 89", "nationality": "French",
			"interpretation_language": "ru", "dietary": "vegetarian", "accessibility": "wheelchair", "status": "nominated"} {
			if m[k] != want {
				t.Errorf("%s = %v, want %q", k, m[k], want)
			}
		}
		if page := string(f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=en&done=corrected", "", nil).Body); !strings.Contains(page, en("done_corrected")) {
			t.Error("the page does not say that the corrections were saved")
		}
		// A field the form does not send is left as it is, as in the PATCH.
		if r := f.correct(l.Token, id, url.Values{"function": {"Minister Counsellor"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("partial correction: %d", r.Status)
		}
		if m := f.member(l.Token, id); m["function"] != "Minister Counsellor" || m["dietary"] != "vegetarian" || m["given_names"] != "Anne" {
			t.Errorf("a partial correction changed other fields: %v", m)
		}

		// Bad input: the form again, typed values and messages beside the fields, nothing stored.
		before := f.rows()
		r := f.correct(l.Token, id, url.Values{"given_names": {"An\u0007ne"}, "family_name": {"Martin"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="m-`+id+`-e-given_names">`+en("err_name")) {
			t.Errorf("a name with a control character: %d", r.Status)
		}
		r = f.correct(l.Token, id, url.Values{"email": {"not an address"}, "role": {"king"}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("bad correction: %d", r.Status)
		}
		for _, want := range []string{`<details class="member-edit" id="edit-` + id + `" open>`,
			`id="m-` + id + `-e-email">` + en("err_email"), `id="m-` + id + `-e-role">`, `name="email" value="not an address"`,
			`aria-invalid="true" aria-describedby="m-` + id + `-e-email"`, en("err_fix")} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the refused form lacks %s", want)
			}
		}
		if strings.Contains(r.Body, `id="e-email"`) {
			t.Error("the correction's errors show in the nomination form")
		}
		for _, bad := range []url.Values{{"confirm": {"yes"}}, {"version": {"not a version"}}, {"given_names": {""}, "family_name": {""}}} {
			if r := f.correct(l.Token, id, bad); r.Status != http.StatusBadRequest {
				t.Errorf("correction %v: %d, want 400", bad, r.Status)
			}
		}
		if after := f.rows(); !maps.Equal(before, after) {
			t.Errorf("refused corrections changed data:\nbefore %v\nafter  %v", before, after)
		}

		// A second head is refused beside the role.
		if r, _ := f.nominate(l, person("Paul", "Durand", "head")); r.Status != http.StatusCreated {
			t.Fatalf("nominate a head: %d", r.Status)
		}
		if r := f.correct(l.Token, id, url.Values{"role": {"head"}}); r.Status != http.StatusConflict ||
			!strings.Contains(r.Body, `id="m-`+id+`-e-role">`+en("err_head")) {
			t.Errorf("second head: %d", r.Status)
		}
		// Another delegation's member is not reached through this link.
		other := f.invite(invite{})
		f.accept(other)
		if r := f.correct(other.Token, id, url.Values{"function": {"Spy"}}); r.Status != http.StatusNotFound {
			t.Errorf("another delegation's member: %d, want 404", r.Status)
		}
		if after := f.rows(); after["participants"] != "2" || f.member(l.Token, id)["function"] != "Minister Counsellor" {
			t.Errorf("refusals changed data: %v", after)
		}
	})
}

// TestCorrectingAnAccreditedMember checks what the page says and asks before
// an accredited member goes back to review, and that only a name or a photo
// does that.
func TestCorrectingAnAccreditedMember(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{Quota: 4})
		f.accept(l)
		_, p := f.nominate(l, person("Anne", "Martin", "delegate"))
		id := p["id"].(string)
		f.approve(id)

		// The page says so before anything is sent, beside both forms.
		page := string(f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=en", "", nil).Body)
		for _, want := range []string{`id="edit-review-` + id + `">` + en("edit_review_note"), `id="photo-review-` + id + `">` + en("edit_photo_note"),
			`aria-describedby="edit-review-` + id + `"`, `name="confirm" value="review" id="photo-confirm-` + id + `" required`} {
			if !strings.Contains(page, want) {
				t.Errorf("the accredited member's forms lack %s", want)
			}
		}
		// Not a name: saved at once, still accredited.
		if r := f.correct(l.Token, id, url.Values{"dietary": {"halal"}, "version": {f.version(l.Token, id)}}); r.Status != http.StatusSeeOther ||
			!strings.HasSuffix(r.Header.Get("Location"), "done=corrected#title") || f.member(l.Token, id)["status"] != "approved" {
			t.Fatalf("a change that is not a name: %d %s", r.Status, r.Header.Get("Location"))
		}

		// A name from names.tsv: first the confirmation step, nothing stored.
		n, _ := fixtures.Find("ar-3")
		version := f.version(l.Token, id)
		form := url.Values{"honorific": {n.Honorific}, "given_names": {n.Given}, "family_name": {n.Family}, "native_name": {n.Native},
			"role": {"delegate"}, "version": {version}}
		before, back := f.rows(), f.hooks.back.Load()
		r := f.correct(l.Token, id, form)
		if r.Status != http.StatusOK {
			t.Fatalf("an unconfirmed new name: %d %.300s", r.Status, r.Body)
		}
		for _, want := range []string{`id="edit-confirm-` + id + `"`, en("edit_confirm"), `<bdi>Anne Martin</bdi>`,
			`<bdi>` + template.HTMLEscapeString(n.Full()) + `</bdi>`, `<bdi dir="auto">` + n.Native + `</bdi>`,
			`name="confirm" value="review"`, `name="given_names" value="` + n.Given + `"`, `value="` + version + `"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the confirmation step lacks %s", want)
			}
		}
		if after := f.rows(); !maps.Equal(before, after) || f.hooks.back.Load() != back {
			t.Errorf("an unconfirmed change was stored:\nbefore %v\nafter  %v", before, after)
		}
		// Confirmed: saved as typed, back to review, and the page says so.
		form.Set("confirm", "review")
		if r := f.correct(l.Token, id, form); r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "done=review#title") {
			t.Fatalf("confirmed: %d %s", r.Status, r.Body)
		}
		m := f.member(l.Token, id)
		if m["status"] != "nominated" || m["given_names"] != n.Given || m["family_name"] != n.Family || m["native_name"] != n.Native ||
			m["honorific"] != n.Honorific || f.hooks.back.Load() != back+1 {
			t.Errorf("after confirming: %v (back-to-review hooks %d)", m, f.hooks.back.Load()-back)
		}
		if page := string(f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=en&done=review", "", nil).Body); !strings.Contains(page, en("done_review")) ||
			strings.Contains(page, `id="edit-review-`+id+`"`) {
			t.Error("the page does not say that the member is back in review")
		}

		// A form showing the member as they were is not saved over a later change.
		if r := f.correct(l.Token, id, url.Values{"function": {"Stale"}, "version": {version}}); r.Status != http.StatusConflict ||
			!strings.Contains(r.Body, en("edit_changed")) || !strings.Contains(r.Body, `name="given_names" value="`+n.Given+`"`) {
			t.Errorf("a stale form: %d", r.Status)
		}
		if f.member(l.Token, id)["function"] == "Stale" {
			t.Error("a stale form was saved")
		}

		// A photo: without the box ticked, refused beside it; with it, back to review.
		f.approve(id)
		before = f.rows()
		r = f.photoForm(l.Token, id, photoJPEG(t, 400, 500), "")
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="photo-confirm-error-`+id+`">`+en("edit_photo_confirm_missing")) {
			t.Errorf("an unconfirmed photo: %d", r.Status)
		}
		if after := f.rows(); !maps.Equal(before, after) {
			t.Errorf("an unconfirmed photo was stored:\nbefore %v\nafter  %v", before, after)
		}
		if r := f.photoForm(l.Token, id, photoJPEG(t, 400, 500), "review"); r.Status != http.StatusSeeOther ||
			!strings.HasSuffix(r.Header.Get("Location"), "done=review") || f.member(l.Token, id)["status"] != "nominated" {
			t.Errorf("a confirmed photo: %d %s", r.Status, r.Header.Get("Location"))
		}
		// A member awaiting review needs no confirmation for a photo.
		if r := f.photoForm(l.Token, id, photoJPEG(t, 400, 500), ""); r.Status != http.StatusSeeOther {
			t.Errorf("a photo of a member awaiting review: %d", r.Status)
		}
	})
}

// TestCorrectionsAfterTheDeadline: the page no longer offers the form, and a
// form sent anyway is refused with nothing stored.
func TestCorrectionsAfterTheDeadline(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	_, p := f.nominate(l, person("Anne", "Martin", "delegate"))
	id := p["id"].(string)
	f.DB.Exec(`UPDATE invitations SET rsvp_deadline = ? WHERE id = ?`, f.Now().Add(-time.Hour), l.InvitationID)
	if page := string(f.Do(http.MethodGet, "/rsvp/"+l.Token+"?lang=en", "", nil).Body); strings.Contains(page, `id="edit-form-`+id+`"`) {
		t.Error("the page offers corrections after the deadline")
	}
	before := f.rows()
	if r := f.correct(l.Token, id, url.Values{"function": {"Late"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, en("err_deadline")) {
		t.Errorf("a correction after the deadline: %d", r.Status)
	}
	if after := f.rows(); !maps.Equal(before, after) {
		t.Errorf("a late correction changed data:\nbefore %v\nafter  %v", before, after)
	}
}

// TestCorrectionsRace sends two corrections of one member from the same form
// at once: one is saved, the other is told that the member changed, and the
// member holds the winner's values whole.
func TestCorrectionsRace(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{})
		f.accept(l)
		_, p := f.nominate(l, person("Anne", "Martin", "delegate"))
		id := p["id"].(string)
		version := f.version(l.Token, id)
		forms := []url.Values{
			{"function": {"Ambassador"}, "dietary": {"vegan"}, "version": {version}},
			{"function": {"Counsellor"}, "dietary": {"halal"}, "version": {version}},
		}
		statuses := make([]int, len(forms))
		var wg sync.WaitGroup
		for i, form := range forms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = f.correct(l.Token, id, form).Status
			}()
		}
		wg.Wait()
		won := -1
		for i, st := range statuses {
			switch st {
			case http.StatusSeeOther:
				won = i
			case http.StatusConflict:
			default:
				t.Errorf("correction %d: %d", i, st)
			}
		}
		if statuses[0] == statuses[1] || won < 0 {
			t.Fatalf("statuses %v, want one saved and one told of the change", statuses)
		}
		m := f.member(l.Token, id)
		if m["function"] != forms[won].Get("function") || m["dietary"] != forms[won].Get("dietary") {
			t.Errorf("member %v, want the values of correction %d", m, won)
		}
	})
}
