package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// delegation creates a delegation of ev through the API and returns its id.
func (s *site) delegation(ev, nameEN string) string {
	s.t.Helper()
	res := s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/delegations", "admin", map[string]any{
		"kind": "member_state", "country": "AZ", "name": map[string]string{"en": nameEN, "ar": "وفد " + nameEN}})
	if res.Status != http.StatusCreated {
		s.t.Fatalf("create delegation: %d %s", res.Status, res.Body)
	}
	return res.Map(s.t)["id"].(string)
}

// invitationForm is a complete, valid form of the invitation page.
func invitationForm(token, delegation, email string) url.Values {
	return url.Values{"_csrf": {token}, "delegation_id": {delegation}, "language": {"ru"}, "quota": {"3"},
		"rsvp_deadline": {"2040-03-01T18:00"}, "honorific": {"H.E. Mr"}, "given_names": {"Ivan"},
		"family_name": {"Petrov"}, "native_name": {"Иван Петров"}, "office": {"Minister"}, "email": {email}}
}

var invitationPath = regexp.MustCompile(`^/console/invitations/([0-9a-f-]{36})\?done=created$`)

// invite creates an invitation through the console form and returns its id.
func (s *site) invite(ev, delegation, email string) string {
	s.t.Helper()
	token := s.csrf("/console/events/" + ev + "/invitations/new")
	p := s.post("/console/events/"+ev+"/invitations", invitationForm(token, delegation, email))
	m := invitationPath.FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		s.t.Fatalf("create invitation: %d → %q %.500s", p.Status, p.Location, p.Body)
	}
	return m[1]
}

func (s *site) status(id string) string {
	s.t.Helper()
	var st string
	if err := s.env.DB.Table("invitations").Where("id = ?", id).Pluck("status", &st).Error; err != nil {
		s.t.Fatal(err)
	}
	return st
}

func TestInvitationPagesRender(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	for _, role := range []string{"admin", "secretariat"} {
		for _, lang := range []string{"en", "ar"} {
			t.Run(role+"/"+lang, func(t *testing.T) {
				s.client = newClient()
				s.signIn(role)
				token := s.csrf("/console/events/" + ev)
				s.post("/console/language", url.Values{"_csrf": {token}, "lang": {lang}, "next": {"/console/"}})
				id := s.invite(ev, del, role+lang+"@example.org")
				for _, path := range []string{
					"/console/events/" + ev + "/invitations",
					"/console/events/" + ev + "/invitations?status=issued&sort=-deadline&q=%D0%98%D0%B2%D0%B0%D0%BD",
					"/console/events/" + ev + "/invitations?delegation_id=" + del + "&language=ru&sort=reference",
					"/console/events/" + ev + "/invitations/new",
					"/console/events/" + ev + "/invitations/import",
					"/console/invitations/" + id,
					"/console/events/" + ev + "/outbox",
					"/console/events/" + ev + "/outbox?status=failed",
				} {
					p := s.get(path)
					if p.Status != http.StatusOK || !strings.Contains(p.Body, `lang="`+lang+`"`) {
						t.Errorf("%s: %d, want 200 in %s", path, p.Status, lang)
					}
					if strings.Contains(p.Body, "console.invitations.") {
						t.Errorf("%s shows a catalogue key instead of its text", path)
					}
				}
			})
		}
	}
}

func TestInvitationListFindsAndSorts(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	s.invite(ev, del, "petrov@example.org")
	token := s.csrf("/console/events/" + ev + "/invitations/new")
	f := invitationForm(token, del, "karimova@example.org")
	f.Set("given_names", "Leyla")
	f.Set("family_name", "Karimova")
	f.Set("native_name", "ليلى كريموفا")
	s.post("/console/events/"+ev+"/invitations", f)
	base := "/console/events/" + ev + "/invitations"
	if p := s.get(base + "?q=" + url.QueryEscape("كريموفا")); !strings.Contains(p.Body, "Karimova") || strings.Contains(p.Body, "Petrov") {
		t.Errorf("search in Arabic script does not find just Karimova")
	}
	if p := s.get(base + "?q=" + url.QueryEscape("Иван")); !strings.Contains(p.Body, "Petrov") || strings.Contains(p.Body, "Karimova") {
		t.Errorf("search in Cyrillic does not find just Petrov")
	}
	asc, desc := s.get(base+"?sort=invitee").Body, s.get(base+"?sort=-invitee").Body
	if strings.Index(asc, "Karimova") > strings.Index(asc, "Petrov") || strings.Index(desc, "Karimova") < strings.Index(desc, "Petrov") {
		t.Errorf("sorting by invitee does not order the rows")
	}
	if p := s.get(base + "?status=issued"); strings.Contains(p.Body, "Petrov") {
		t.Errorf("status filter shows a draft")
	}
	for _, bad := range []string{"?status=bogus", "?delegation_id=x", "?language=xx", "?cursor=zz", "?q=%FF%00"} {
		if p := s.get(base + bad); p.Status >= 500 || (bad != "?q=%FF%00" && p.Status != http.StatusBadRequest) {
			t.Errorf("%s: %d", bad, p.Status)
		}
	}
}

func TestCreateIssueDispatchWithoutMailServer(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	id := s.invite(ev, del, "petrov@example.org")
	page := "/console/invitations/" + id
	if p := s.get(page + "?done=created"); !strings.Contains(p.Body, "created as a draft") || !strings.Contains(p.Body, "Иван Петров") {
		t.Fatalf("invitation page after creation lacks the confirmation or the name")
	}
	token := s.csrf(page)
	if p := s.post(page+"/issue", url.Values{"_csrf": {token}}); p.Status != http.StatusSeeOther || s.status(id) != "issued" {
		t.Fatalf("issue: %d, status %s", p.Status, s.status(id))
	}
	shown := s.get(page)
	if !strings.Contains(shown.Body, `<iframe class="pdf" src="/console/invitations/`+id+`/letter.pdf"`) {
		t.Errorf("invitation page does not embed its letter")
	}
	pdf := s.get(page + "/letter.pdf")
	if pdf.Status != 200 || !strings.HasPrefix(pdf.Body, "%PDF") || pdf.Header.Get("X-Frame-Options") != "SAMEORIGIN" ||
		!strings.Contains(pdf.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Errorf("letter.pdf: %d %q %q", pdf.Status, pdf.Header.Get("X-Frame-Options"), pdf.Header.Get("Content-Security-Policy"))
	}
	if dl := s.get(page + "/letter.pdf?download=1"); !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download is not an attachment: %q", dl.Header.Get("Content-Disposition"))
	}
	if bad := s.get(page + "/letter.pdf?version=x"); bad.Status != http.StatusBadRequest {
		t.Errorf("letter.pdf?version=x: %d", bad.Status)
	}
	p := s.post(page+"/dispatch", url.Values{"_csrf": {token}})
	if p.Status != http.StatusSeeOther || s.status(id) != "sent" || s.count("outbox") != 1 {
		t.Fatalf("dispatch: %d, status %s, outbox %d", p.Status, s.status(id), s.count("outbox"))
	}
	if got := s.get(p.Location); !strings.Contains(got.Body, "queued, not delivered: no mail server") {
		t.Errorf("dispatch without a mail server does not say the mail stays queued")
	}
	out := s.get("/console/events/" + ev + "/outbox?status=queued")
	if !strings.Contains(out.Body, "petrov@example.org") || !strings.Contains(out.Body, "are not delivered until one is") {
		t.Errorf("outbox does not list the queued letter or does not say it stays queued")
	}
	if p := s.post(page+"/remind", url.Values{"_csrf": {token}}); p.Status != http.StatusSeeOther || s.count("outbox") != 2 {
		t.Errorf("remind: %d, outbox %d", p.Status, s.count("outbox"))
	}
	if p := s.post(page+"/remind", url.Values{"_csrf": {token}}); p.Status != http.StatusConflict || !strings.Contains(p.Body, "already sent") {
		t.Errorf("second reminder: %d, want 409 saying it was sent", p.Status)
	}
}

func TestInvitationFormRefusals(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	s.invite(ev, del, "taken@example.org")
	token := s.csrf("/console/events/" + ev + "/invitations/new")
	long := strings.Repeat("x", 100000)
	for _, c := range []struct {
		name, field, value, want string
		status                   int
	}{
		{"empty e-mail", "email", "", "must be an e-mail address", 400},
		{"bad e-mail", "email", "not-an-address", "must be an e-mail address", 400},
		{"taken e-mail", "email", "taken@example.org", "already invited", 409},
		{"no delegation", "delegation_id", "", "must be a UUID", 400},
		{"other delegation", "delegation_id", "00000000-0000-4000-8000-000000000000", "is not a delegation of this event", 400},
		{"language", "language", "zz", "must be one of the event", 400},
		{"quota text", "quota", "many", "whole number", 400},
		{"quota range", "quota", "0", "from 1 to 1000", 400},
		{"deadline text", "rsvp_deadline", "tomorrow", "date and a time", 400},
		{"deadline past", "rsvp_deadline", "2001-01-01T10:00", "in the future", 400},
		{"deadline empty", "rsvp_deadline", "", "is required", 400},
		{"deadline after the event", "rsvp_deadline", "2040-03-20T10:00", "no later than the event", 400},
		{"long name", "family_name", long, "", 400},
		{"invalid UTF-8", "given_names", "Iv\xffan", "not valid text", 400},
		{"bidi override", "family_name", "Petrov\u202Eevil", "", 400},
		{"NUL byte", "office", "Minis\x00ter", "cannot be stored", 400},
		{"no name", "family_name", "", "is required", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := s.count("invitations")
			f := invitationForm(token, del, "new@example.org")
			f.Set(c.field, c.value)
			if c.name == "no name" {
				f.Set("given_names", "")
			}
			p := s.post("/console/events/"+ev+"/invitations", f)
			if p.Status != c.status || !strings.Contains(p.Body, c.want) {
				t.Errorf("%d, want %d with %q", p.Status, c.status, c.want)
			}
			if !strings.Contains(p.Body, `aria-describedby="e-`+c.field) && !strings.Contains(p.Body, ` e-`+c.field+`"`) {
				t.Errorf("no message beside %s", c.field)
			}
			if c.field != "office" && !strings.Contains(p.Body, `value="Minister"`) {
				t.Errorf("what was typed is not kept")
			}
			if s.count("invitations") != before {
				t.Errorf("a refused form stored an invitation")
			}
		})
	}
}

func TestInvitationEdit(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	id := s.invite(ev, del, "petrov@example.org")
	page := "/console/invitations/" + id
	token := s.csrf(page)
	f := invitationForm(token, del, "petrov@example.org")
	f.Set("family_name", "Sidorov")
	if p := s.post(page, f); p.Status != http.StatusSeeOther {
		t.Fatalf("edit a draft: %d %.300s", p.Status, p.Body)
	}
	var name string
	s.env.DB.Table("invitations").Where("id = ?", id).Pluck("family_name", &name)
	if name != "Sidorov" {
		t.Errorf("family name after edit: %q", name)
	}
	f.Set("quota", "1001")
	if p := s.post(page, f); p.Status != 400 || !strings.Contains(p.Body, "from 1 to 1000") || !strings.Contains(p.Body, `value="1001"`) {
		t.Errorf("bad quota on edit: %d", p.Status)
	}
	s.post(page+"/issue", url.Values{"_csrf": {token}})
	// Issued, only the terms change; the invitee's fields are kept as stored.
	f.Set("quota", "7")
	f.Set("family_name", "Ignored")
	if p := s.post(page, f); p.Status != http.StatusSeeOther {
		t.Fatalf("edit terms of an issued invitation: %d %.300s", p.Status, p.Body)
	}
	var quota int
	s.env.DB.Table("invitations").Where("id = ?", id).Pluck("quota", &quota)
	s.env.DB.Table("invitations").Where("id = ?", id).Pluck("family_name", &name)
	if quota != 7 || name != "Sidorov" {
		t.Errorf("after editing an issued invitation: quota %d name %q", quota, name)
	}
	if p := s.get("/console/invitations/00000000-0000-4000-8000-000000000000"); p.Status != 404 {
		t.Errorf("unknown invitation: %d", p.Status)
	}
	if p := s.get("/console/invitations/nope"); p.Status != 400 {
		t.Errorf("bad invitation id: %d", p.Status)
	}
}

func TestInvitationSelectionActions(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	a := s.invite(ev, del, "a@example.org")
	b := s.invite(ev, del, "b@example.org")
	c := s.invite(ev, del, "c@example.org")
	list := "/console/events/" + ev + "/invitations"
	token := s.csrf(list)
	act := func(action string, ids ...string) page {
		return s.post(list+"/action?status=draft", url.Values{"_csrf": {token}, "action": {action}, "ids": ids})
	}
	if p := act("issue", a, b); p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "done=issue&n=2") ||
		!strings.Contains(p.Location, "status=draft") {
		t.Fatalf("issue a selection: %d → %q", p.Status, p.Location)
	}
	if s.status(a) != "issued" || s.status(b) != "issued" || s.status(c) != "draft" {
		t.Errorf("statuses after issuing a and b: %s %s %s", s.status(a), s.status(b), s.status(c))
	}
	// One refused (a draft cannot be dispatched) does not stop the others.
	p := act("dispatch", a, c, b, "not-an-id")
	if p.Status != http.StatusConflict || !strings.Contains(p.Body, "Not possible while the invitation is draft") ||
		!strings.Contains(p.Body, "No such invitation") || !strings.Contains(p.Body, "no mail server: 2") {
		t.Errorf("dispatch with refusals: %d %.2000s", p.Status, p.Body)
	}
	if s.status(a) != "sent" || s.status(b) != "sent" || s.count("outbox") != 2 {
		t.Errorf("after dispatch: %s %s, outbox %d", s.status(a), s.status(b), s.count("outbox"))
	}
	if p := act("remind", a, b); p.Status != http.StatusSeeOther || s.count("outbox") != 4 {
		t.Errorf("remind a selection: %d, outbox %d", p.Status, s.count("outbox"))
	}
	if p := act("issue"); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "Select at least one") {
		t.Errorf("nothing selected: %d", p.Status)
	}
	if p := act("explode", a); p.Status != http.StatusBadRequest {
		t.Errorf("unknown action: %d", p.Status)
	}
	// Withdrawing asks first, and nothing changes until confirmed.
	ask := act("withdraw", a, c)
	if ask.Status != http.StatusOK || !strings.Contains(ask.Body, `name="confirmed" value="1"`) || s.status(a) != "sent" {
		t.Fatalf("withdraw without confirmation: %d, status %s", ask.Status, s.status(a))
	}
	done := s.post(list+"/action", url.Values{"_csrf": {token}, "action": {"withdraw"}, "ids": {a, c}, "confirmed": {"1"}})
	if done.Status != http.StatusSeeOther || s.status(a) != "withdrawn" || s.status(c) != "withdrawn" || s.status(b) != "sent" {
		t.Errorf("withdraw confirmed: %d, %s %s %s", done.Status, s.status(a), s.status(b), s.status(c))
	}
	// One invitation from its page: withdrawing asks first too.
	one := "/console/invitations/" + b + "/withdraw"
	if p := s.post(one, url.Values{"_csrf": {token}}); p.Status != 200 || s.status(b) != "sent" {
		t.Errorf("withdraw one without confirmation: %d %s", p.Status, s.status(b))
	}
	if p := s.post(one, url.Values{"_csrf": {token}, "confirmed": {"1"}}); p.Status != http.StatusSeeOther || s.status(b) != "withdrawn" {
		t.Errorf("withdraw one: %d %s", p.Status, s.status(b))
	}
	// Another event's invitation is not acted on through this event.
	other := s.eventAhead()
	if p := s.post("/console/events/"+other+"/invitations/action", url.Values{"_csrf": {token}, "action": {"issue"}, "ids": {c}}); p.Status != http.StatusConflict {
		t.Errorf("acting on another event's invitation: %d", p.Status)
	}
}

func TestNewRSVPLinkShownOnce(t *testing.T) {
	s := newSite(t)
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	s.signIn("secretariat")
	id := s.invite(ev, del, "a@example.org")
	page := "/console/invitations/" + id
	token := s.csrf(page)
	if p := s.post(page+"/rsvp-link", url.Values{"_csrf": {token}, "confirmed": {"1"}}); p.Status != http.StatusConflict {
		t.Errorf("link for a draft: %d", p.Status)
	}
	s.post(page+"/issue", url.Values{"_csrf": {token}})
	if p := s.post(page+"/rsvp-link", url.Values{"_csrf": {token}}); p.Status != 200 || !strings.Contains(p.Body, "stops working") ||
		strings.Contains(p.Body, "/rsvp/") {
		t.Errorf("new link without confirmation: %d", p.Status)
	}
	p := s.post(page+"/rsvp-link", url.Values{"_csrf": {token}, "confirmed": {"1"}})
	if p.Status != 200 || !strings.Contains(p.Body, "https://accreditation.test/rsvp/") || !strings.Contains(p.Body, "shown only once") {
		t.Errorf("new link: %d", p.Status)
	}
}
