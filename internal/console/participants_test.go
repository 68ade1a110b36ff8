package console_test

import (
	"bytes"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/fixtures"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// queue is a signed-in console with one event, two categories and one
// delegation whose RSVP link is known, to nominate people through it.
type queue struct {
	*site
	ev, cat, cat2 string
	token, delID  string
}

func newQueue(t *testing.T, role string) *queue {
	t.Helper()
	q := &queue{site: newSite(t)}
	q.ev = q.event()
	q.cat = q.category("del", "Delegate", "مندوب")
	q.cat2 = q.category("med", "Media", "إعلام")
	q.token, q.delID = q.invite(60)
	q.signIn(role)
	return q
}

func (q *queue) category(code, en, ar string) string {
	q.t.Helper()
	res := q.env.Do(http.MethodPost, "/api/v1/events/"+q.ev+"/categories", "admin", map[string]any{
		"code": code, "names": map[string]string{"en": en, "ar": ar, "fr": en, "ru": en, "az": en}, "colour": "#0055aa",
		"photo_required": false})
	if res.Status != http.StatusCreated {
		q.t.Fatalf("create category: %d %s", res.Status, res.Body)
	}
	return res.Map(q.t)["id"].(string)
}

// invite stores a delegation with a sent invitation whose RSVP token is
// known (as internal/registration's tests do) and accepts it on the link.
func (q *queue) invite(quota int) (token, delegationID string) {
	q.t.Helper()
	now := q.env.Now()
	d := invitations.Delegation{ID: uuid.NewString(), EventID: q.ev, Kind: invitations.MemberState, Country: "FR",
		Names: event.Texts{"en": "France", "fr": "France", "ar": "فرنسا", "ru": "Франция", "az": "Fransa"}, NameEN: "France",
		FocalName: "Claire Focal", FocalEmail: "focal@example.org", CreatedAt: now, UpdatedAt: now}
	if err := q.env.DB.Create(&d).Error; err != nil {
		q.t.Fatal(err)
	}
	token = auth.NewToken()
	hash := auth.HashToken(token)
	inv := invitations.Invitation{ID: uuid.NewString(), EventID: q.ev, DelegationID: d.ID, Language: "en", Quota: quota,
		RSVPDeadline: now.Add(30 * 24 * time.Hour).Truncate(time.Second), Status: invitations.Sent, GivenNames: "Jean",
		FamilyName: "Ministre", Office: "Minister of Justice", Email: d.ID + "@example.org", EmailKey: d.ID,
		RSVPTokenHash: &hash, CreatedAt: now, UpdatedAt: now}
	if err := q.env.DB.Create(&inv).Error; err != nil {
		q.t.Fatal(err)
	}
	if r := q.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"}); r.Status != 200 {
		q.t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	return token, d.ID
}

// nominate nominates one person through the RSVP link and returns their id.
func (q *queue) nominate(body map[string]string) string {
	q.t.Helper()
	if body["role"] == "" {
		body["role"] = "delegate"
	}
	r := q.env.Do("POST", "/api/v1/rsvp/"+q.token+"/participants", "", body)
	if r.Status != http.StatusCreated {
		q.t.Fatalf("nominate %v: %d %s", body, r.Status, r.Body)
	}
	return r.Map(q.t)["id"].(string)
}

func (q *queue) nominateN(n int) []string {
	q.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = q.nominate(map[string]string{"given_names": "Person", "family_name": "Number " + strconv.Itoa(i+1)})
	}
	return ids
}

// statuses reads each participant's status.
func (q *queue) statuses() map[string]string {
	q.t.Helper()
	var rows []struct{ ID, Status string }
	if err := q.env.DB.Raw(`SELECT id, status FROM participants`).Scan(&rows).Error; err != nil {
		q.t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.ID] = r.Status
	}
	return out
}

func (q *queue) status(id string) string { return q.statuses()[id] }

func (q *queue) list() string { return "/console/events/" + q.ev + "/participants" }

// decide posts a decision form with the page's form token.
func (q *queue) decide(path string, form url.Values) page {
	q.t.Helper()
	form.Set("_csrf", q.csrf(q.list()))
	return q.post(path, form)
}

func TestReviewQueueApprovesFiftyInOnePost(t *testing.T) {
	q := newQueue(t, "secretariat")
	ids := q.nominateN(53)
	first := q.get(q.list())
	if first.Status != http.StatusOK || !strings.Contains(first.Body, "1–50 of 53") || !strings.Contains(first.Body, `rel="next"`) {
		t.Fatalf("queue: %d, want the first 50 of 53 with a next page", first.Status)
	}
	for _, want := range []string{`action="/console/events/` + q.ev + `/participants/approve"`, `name="ids" value="` + ids[0] + `"`,
		`name="category_id"`, ">Approve selected</button>", `data-select-all="ids"`} {
		if !strings.Contains(first.Body, want) {
			t.Errorf("queue lacks %s", want)
		}
	}
	audits := q.count("audit_log")
	p := q.decide(q.list()+"/approve", url.Values{"ids": ids[:50], "category_id": {q.cat}})
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "done=approved") || !strings.Contains(p.Location, "n=50") {
		t.Fatalf("approve 50: %d → %q %.300s", p.Status, p.Location, p.Body)
	}
	st := q.statuses()
	for i, id := range ids {
		want := "approved"
		if i >= 50 {
			want = "nominated"
		}
		if st[id] != want {
			t.Errorf("participant %d is %s, want %s", i, st[id], want)
		}
	}
	if got := q.count("audit_log") - audits; got < 50 {
		t.Errorf("audit entries written: %d, want one per approval at least", got)
	}
	if got := q.count("badges"); got != 50 {
		t.Errorf("badges issued: %d, want 50", got)
	}
	after := q.get(p.Location)
	if !strings.Contains(after.Body, "Participants approved: 50.") || !strings.Contains(after.Body, "1–3 of 3") {
		t.Errorf("after approving: want the confirmation and the 3 still to decide")
	}
	approved := q.get(q.list() + "?status=approved&category_id=" + q.cat)
	if !strings.Contains(approved.Body, "1–50 of 50") {
		t.Errorf("?status=approved&category_id= does not list the 50")
	}
}

func TestReviewQueueOneRefusalNeverBlocksTheOthers(t *testing.T) {
	q := newQueue(t, "admin")
	ids := q.nominateN(3)
	q.decide(q.list()+"/approve", url.Values{"ids": {ids[1]}, "category_id": {q.cat}})
	stranger := uuid.NewString()
	p := q.decide(q.list()+"/approve", url.Values{"ids": {ids[0], ids[1], stranger, "not-an-id", ids[2]}, "category_id": {q.cat2},
		"back": {q.list() + "?status=all"}})
	if p.Status != http.StatusOK {
		t.Fatalf("partly refused selection: %d, want 200 with the report", p.Status)
	}
	body := html.UnescapeString(p.Body)
	for _, want := range []string{"Participants approved: 2.", "Not done for 3 participant(s):",
		"Person Number 2</a>: This participant's status is: Accredited.", stranger + "</bdi>: There is no such participant.",
		"not-an-id</bdi>: There is no such participant."} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if q.status(ids[0]) != "approved" || q.status(ids[2]) != "approved" {
		t.Errorf("the others were not approved: %v", q.statuses())
	}
	// The list shown is the one the form came from.
	if !strings.Contains(body, `<option value="all" selected>`) {
		t.Errorf("the report is not shown over the list the form came from")
	}
}

func TestReviewQueueRejectsASelectionAfterAsking(t *testing.T) {
	q := newQueue(t, "secretariat")
	ids := q.nominateN(4)
	before := q.statuses()
	ask := q.decide(q.list()+"/reject", url.Values{"ids": ids[:3], "reason": {"Not on the credentials letter"}})
	if ask.Status != http.StatusOK || !strings.Contains(ask.Body, `name="confirmed" value="1"`) ||
		!strings.Contains(ask.Body, "Reject 3 participant(s)?") {
		t.Fatalf("reject without confirmation: %d, want the confirmation page", ask.Status)
	}
	if got := q.statuses(); !equal(got, before) {
		t.Fatalf("asking changed something: %v", got)
	}
	done := q.decide(q.list()+"/reject", url.Values{"ids": ids[:3], "reason": {"Not on the credentials letter"}, "confirmed": {"1"}})
	if done.Status != http.StatusSeeOther || !strings.Contains(done.Location, "done=rejected") {
		t.Fatalf("confirmed rejection: %d → %q", done.Status, done.Location)
	}
	for _, id := range ids[:3] {
		if q.status(id) != "rejected" {
			t.Errorf("%s is %s, want rejected", id, q.status(id))
		}
	}
	var reason string
	q.env.DB.Raw(`SELECT rejection_reason FROM participants WHERE id = ?`, ids[0]).Scan(&reason)
	if reason != "Not on the credentials letter" {
		t.Errorf("reason stored: %q", reason)
	}
	if q.status(ids[3]) != "nominated" {
		t.Errorf("an unselected participant changed")
	}
}

func TestReviewQueueRefusesABadFormAndChangesNothing(t *testing.T) {
	q := newQueue(t, "secretariat")
	ids := q.nominateN(2)
	approve, reject := q.list()+"/approve", q.list()+"/reject"
	tests := []struct {
		name, path string
		form       url.Values
		status     int
		field      string // the field whose message must show
		want       string
	}{
		{"no category", approve, url.Values{"ids": ids}, 400, "category_id", "Choose the category to accredit in."},
		{"category not a UUID", approve, url.Values{"ids": ids, "category_id": {"del"}}, 400, "category_id", "Choose the category"},
		{"unknown category", approve, url.Values{"ids": ids, "category_id": {uuid.NewString()}}, 400, "category_id", "must be a category of this participant's event"},
		{"category with invalid UTF-8", approve, url.Values{"ids": ids, "category_id": {"\xff\xfe"}}, 400, "category_id", "not valid text"},
		{"nobody selected", approve, url.Values{"category_id": {q.cat}}, 400, "ids", "Select at least one participant."},
		{"no reason", reject, url.Values{"ids": ids, "reason": {"   "}}, 400, "reason", "Give the reason for the rejection."},
		{"reason too long", reject, url.Values{"ids": ids, "reason": {strings.Repeat("é", 100_000)}, "confirmed": {"1"}}, 400, "reason", "at most 2000 characters"},
		{"reason with U+202E", reject, url.Values{"ids": ids, "reason": {"Refused \u202Ednuof"}, "confirmed": {"1"}}, 400, "reason", "without control characters"},
		{"reason with invalid UTF-8", reject, url.Values{"ids": ids, "reason": {"bad \xff bytes"}, "confirmed": {"1"}}, 400, "reason", "not valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, audits := q.statuses(), q.count("audit_log")
			p := q.decide(tt.path, tt.form)
			if p.Status != tt.status {
				t.Fatalf("status %d, want %d", p.Status, tt.status)
			}
			body := html.UnescapeString(p.Body)
			msg := `<p class="field-error" id="e-` + tt.field + `">`
			i := strings.Index(body, msg)
			if i < 0 || !strings.Contains(body[i:min(len(body), i+len(msg)+300)], tt.want) {
				t.Errorf("no message %q beside %s", tt.want, tt.field)
			}
			if tt.field != "ids" && !strings.Contains(p.Body, `aria-describedby="e-`+tt.field+`"`) {
				t.Errorf("the field %s is not marked", tt.field)
			}
			for _, id := range tt.form["ids"] {
				if !regexp.MustCompile(`name="ids" value="` + id + `"[^>]* checked>`).MatchString(p.Body) {
					t.Errorf("selection of %s not kept", id)
				}
			}
			if got := q.statuses(); !equal(got, before) || q.count("audit_log") != audits {
				t.Errorf("something changed: %v → %v", before, got)
			}
		})
	}
	// What was typed stays in the field.
	p := q.decide(reject, url.Values{"ids": ids, "reason": {"Refused \u202Ednuof"}, "confirmed": {"1"}})
	if !strings.Contains(html.UnescapeString(p.Body), "Refused \u202Ednuof") {
		t.Errorf("the reason typed is not shown again")
	}
}

func TestReviewQueueFiltersSearchAndSort(t *testing.T) {
	q := newQueue(t, "secretariat")
	ar3, _ := fixtures.Find("ar-3")
	fa1, _ := fixtures.Find("fa-1")
	a := q.nominate(map[string]string{"given_names": ar3.Given, "family_name": ar3.Family, "native_name": ar3.Native, "role": "head"})
	b := q.nominate(map[string]string{"given_names": fa1.Given, "family_name": fa1.Family, "native_name": fa1.Native})
	q.decide(q.list()+"/approve", url.Values{"ids": {b}, "category_id": {q.cat}})
	for _, c := range []struct {
		query      string
		with, wout []string
	}{
		{"", []string{a}, []string{b}},
		{"?status=all", []string{a, b}, nil},
		{"?status=approved", []string{b}, []string{a}},
		{"?status=all&role=head", []string{a}, []string{b}},
		{"?status=all&category_id=" + q.cat, []string{b}, []string{a}},
		{"?status=all&delegation_id=" + q.delID, []string{a, b}, nil},
		{"?status=all&q=" + url.QueryEscape("محمد"), []string{a}, []string{b}},
		{"?status=all&q=" + url.QueryEscape("گلچین\u200cزاده"), []string{b}, []string{a}},
		{"?status=all&q=golchin", []string{b}, []string{a}},
	} {
		p := q.get(q.list() + c.query)
		if p.Status != http.StatusOK {
			t.Errorf("%s: %d", c.query, p.Status)
			continue
		}
		for _, id := range c.with {
			if !strings.Contains(p.Body, `value="`+id+`"`) {
				t.Errorf("%s: %s missing", c.query, id)
			}
		}
		for _, id := range c.wout {
			if strings.Contains(p.Body, `value="`+id+`"`) {
				t.Errorf("%s: %s shown", c.query, id)
			}
		}
	}
	byName := q.get(q.list() + "?status=all&sort=name")
	if i, j := strings.Index(byName.Body, fa1.Family), strings.Index(byName.Body, ar3.Family); i < 0 || j < 0 || i < j {
		t.Errorf("sort=name: El Hassani should come before Golchinzadeh")
	}
	desc := q.get(q.list() + "?status=all&sort=-name")
	if i, j := strings.Index(desc.Body, fa1.Family), strings.Index(desc.Body, ar3.Family); i > j {
		t.Errorf("sort=-name: Golchinzadeh should come first")
	}
	for _, bad := range []string{"?status=maybe", "?role=king", "?delegation_id=x", "?category_id=1", "?cursor=nonsense", "?limit=0"} {
		if p := q.get(q.list() + bad); p.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, p.Status)
		}
	}
	if p := q.get(q.list() + "?q=" + url.QueryEscape("x\u202Ey")); p.Status != http.StatusOK || !strings.Contains(p.Body, `id="e-q"`) {
		t.Errorf("q with U+202E: %d, want the list with a message beside the search", p.Status)
	}
	if p := q.get(q.list() + "?q=%FF%00"); p.Status != http.StatusOK || !strings.Contains(p.Body, `id="e-q"`) {
		t.Errorf("q with invalid bytes: %d, want the list with a message beside the search", p.Status)
	}
}

func TestReviewQueuePagesBySortedKeyset(t *testing.T) {
	q := newQueue(t, "secretariat")
	q.nominateN(7)
	for _, sort := range []string{"nominated", "-nominated", "name", "-name"} {
		seen := map[string]bool{}
		next := q.list() + "?limit=3&sort=" + sort
		for pages := 0; next != "" && pages < 5; pages++ {
			p := q.get(next)
			for _, m := range idValue.FindAllStringSubmatch(p.Body, -1) {
				if seen[m[1]] {
					t.Errorf("sort %s: %s shown twice", sort, m[1])
				}
				seen[m[1]] = true
			}
			next = ""
			if m := nextLink.FindStringSubmatch(p.Body); m != nil {
				next = html.UnescapeString(m[1])
			}
		}
		if len(seen) != 7 {
			t.Errorf("sort %s: %d participants over the pages, want 7", sort, len(seen))
		}
	}
}

func TestParticipantPageShowsEverything(t *testing.T) {
	for _, role := range []string{"admin", "secretariat"} {
		t.Run(role, func(t *testing.T) {
			q := newQueue(t, role)
			id := q.nominate(map[string]string{"honorific": "H.E. Mr", "given_names": "Mohamed Amine", "family_name": "El Hassani",
				"native_name": "مُحَمَّد أمين الحسني", "function": "Minister of Culture", "gender": "male", "nationality": "MA",
				"email": "m.hassani@example.org", "phone": "+212 600 000000", "interpretation_language": "ar",
				"dietary": "Halal", "accessibility": "Wheelchair access", "role": "head"})
			if r := q.env.Send(photoRequest(q.token, id)); r.Status != http.StatusOK {
				t.Fatalf("photo upload: %d %s", r.Status, r.Body)
			}
			page := "/console/participants/" + id
			en := q.get(page)
			if en.Status != http.StatusOK {
				t.Fatalf("participant page: %d", en.Status)
			}
			body := html.UnescapeString(en.Body)
			for _, want := range []string{"<h1>", "H.E. Mr Mohamed Amine El Hassani", "مُحَمَّد أمين الحسني", "Minister of Culture", "Male",
				"MA", "m.hassani@example.org", "+212 600 000000", "Halal", "Wheelchair access", "France", "Jean Ministre",
				"Awaiting decision", `src="/console/participants/` + id + `/photo"`, `alt="Photo of Mohamed Amine El Hassani"`,
				"No badge yet", "No scan of this person's badge.", "Nominated by the delegation", `action="/console/participants/` + id + `/approve"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			ph := q.get(page + "/photo")
			if ph.Status != http.StatusOK || ph.Header.Get("Content-Type") != "image/jpeg" || len(ph.Body) < 100 {
				t.Errorf("photo: %d %s (%d bytes)", ph.Status, ph.Header.Get("Content-Type"), len(ph.Body))
			}
			if list := q.get(q.list()); !strings.Contains(list.Body, `src="/console/participants/`+id+`/photo"`) {
				t.Errorf("the queue shows no thumbnail")
			}
			if p := q.get("/console/participants/" + uuid.NewString() + "/photo"); p.Status != http.StatusNotFound {
				t.Errorf("photo of nobody: %d", p.Status)
			}

			// Approve this one from their page.
			tok := q.csrf(page)
			bad := q.post(page+"/approve", url.Values{"_csrf": {tok}})
			if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, `id="e-category_id"`) || q.status(id) != "nominated" {
				t.Errorf("approve without a category: %d, status %s", bad.Status, q.status(id))
			}
			ok := q.post(page+"/approve", url.Values{"_csrf": {tok}, "category_id": {q.cat}})
			if ok.Status != http.StatusSeeOther || ok.Location != page+"?done=approved_one" {
				t.Fatalf("approve one: %d → %q %.300s", ok.Status, ok.Location, ok.Body)
			}
			again := q.post(page+"/approve", url.Values{"_csrf": {tok}, "category_id": {q.cat}})
			if again.Status != http.StatusConflict || !strings.Contains(html.UnescapeString(again.Body), "This participant's status is: Accredited.") {
				t.Errorf("approve twice: %d, want 409 saying why", again.Status)
			}
			ar := q.get(page + "?done=approved_one")
			q.post("/console/language", url.Values{"_csrf": {tok}, "lang": {"ar"}, "next": {page}})
			ar = q.get(page)
			arBody := html.UnescapeString(ar.Body)
			for _, want := range []string{`dir="rtl"`, `lang="ar"`, "مُحَمَّد أمين الحسني", "H.E. Mr Mohamed Amine El Hassani", "معتمد",
				"مندوب", "سجل الشارة", "اعتُمد"} {
				if !strings.Contains(arBody, want) {
					t.Errorf("Arabic page lacks %q", want)
				}
			}
			q.post("/console/language", url.Values{"_csrf": {tok}, "lang": {"en"}, "next": {page}})
			en = q.get(page)
			if b := html.UnescapeString(en.Body); !strings.Contains(b, "Badge history") || !strings.Contains(b, "Valid") {
				t.Errorf("after approval the page shows no badge")
			}

			// Reject, after asking, with a reason.
			ask := q.post(page+"/reject", url.Values{"_csrf": {tok}, "reason": {"Duplicate nomination"}})
			if ask.Status != http.StatusOK || !strings.Contains(ask.Body, `name="confirmed"`) || q.status(id) != "approved" {
				t.Fatalf("reject without confirmation: %d", ask.Status)
			}
			long := q.post(page+"/reject", url.Values{"_csrf": {tok}, "reason": {strings.Repeat("x", 100_000)}, "confirmed": {"1"}})
			if long.Status != http.StatusBadRequest || !strings.Contains(long.Body, `id="e-reason"`) || q.status(id) != "approved" {
				t.Errorf("reason too long: %d, status %s", long.Status, q.status(id))
			}
			done := q.post(page+"/reject", url.Values{"_csrf": {tok}, "reason": {"Duplicate nomination"}, "confirmed": {"1"}})
			if done.Status != http.StatusSeeOther || q.status(id) != "rejected" {
				t.Fatalf("reject one: %d, status %s", done.Status, q.status(id))
			}
			after := html.UnescapeString(q.get(page).Body)
			for _, want := range []string{"Duplicate nomination", "Rejected", "Accredited → Rejected", "Revoked"} {
				if !strings.Contains(after, want) {
					t.Errorf("after rejection the page lacks %q", want)
				}
			}
			for _, bad := range []string{"/console/participants/nope", "/console/participants/" + uuid.NewString()} {
				if p := q.get(bad); p.Status != http.StatusNotFound && p.Status != http.StatusBadRequest {
					t.Errorf("%s: %d", bad, p.Status)
				}
			}
		})
	}
}

func TestNamesShowUnchanged(t *testing.T) {
	q := newQueue(t, "secretariat")
	keys := []string{"ar-1", "ar-3", "fa-1", "ur-1", "ru-1", "kk-1", "az-4", "fr-2", "ha-1", "vi-1", "id-1", "long-1"}
	ids := map[string]string{}
	for _, k := range keys {
		n, ok := fixtures.Find(k)
		if !ok {
			t.Fatalf("no name %s in names.tsv", k)
		}
		ids[k] = q.nominate(map[string]string{"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family, "native_name": n.Native})
	}
	for _, lang := range []string{"en", "ar"} {
		tok := q.csrf(q.list())
		q.post("/console/language", url.Values{"_csrf": {tok}, "lang": {lang}, "next": {q.list()}})
		list := html.UnescapeString(q.get(q.list()).Body)
		for _, k := range keys {
			n, _ := fixtures.Find(k)
			page := html.UnescapeString(q.get("/console/participants/" + ids[k]).Body)
			for where, body := range map[string]string{"list": list, "page": page} {
				if !strings.Contains(body, n.Latin()) {
					t.Errorf("%s %s: Latin name of %s (%s) not shown unchanged", lang, where, k, n.Exercises)
				}
				if n.Native != "" && !strings.Contains(body, `dir="auto" class="native">`+n.Native+"<") &&
					!strings.Contains(body, `class="native" dir="auto">`+n.Native+"<") {
					t.Errorf("%s %s: own-script name of %s (%s) not shown unchanged", lang, where, k, n.Exercises)
				}
			}
		}
	}
}

func TestParticipantScreensNeedStaff(t *testing.T) {
	q := newQueue(t, "secretariat")
	id := q.nominateN(1)[0]
	other := newClient()
	for _, path := range []string{q.list(), "/console/participants/" + id, "/console/participants/" + id + "/photo"} {
		req, _ := http.NewRequest(http.MethodGet, q.srv.URL+path, nil)
		res, err := other.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s signed out: %d, want 303 to sign in", path, res.StatusCode)
		}
	}
}

var (
	idValue  = regexp.MustCompile(`name="ids" value="([^"]+)"`)
	nextLink = regexp.MustCompile(`href="([^"]+)" rel="next"`)
)

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// photoRequest uploads a portrait for a participant through the RSVP link.
func photoRequest(token, id string) *http.Request {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	req := httptest.NewRequest(http.MethodPut, "/api/v1/rsvp/"+token+"/participants/"+id+"/photo", bytes.NewReader(b.Bytes()))
	req.Header.Set("Content-Type", "image/jpeg")
	return req
}

// TestReviewQueueSaysWhyAFacelessApprovalIsRefused: approving a participant
// without a photo in a category whose badges carry one is refused, and the
// report says why in the page's language; the other selected participant
// (with a photo) is approved.
func TestReviewQueueSaysWhyAFacelessApprovalIsRefused(t *testing.T) {
	q := newQueue(t, "secretariat")
	res := q.env.Do(http.MethodPost, "/api/v1/events/"+q.ev+"/categories", "admin", map[string]any{
		"code": "minister", "names": map[string]string{"en": "Minister", "ar": "وزير"}, "colour": "#B71C1C"})
	if res.Status != http.StatusCreated {
		t.Fatalf("create category: %d %s", res.Status, res.Body)
	}
	minister := res.Map(t)["id"].(string)
	for i, lang := range []string{"en", "ar"} {
		ids := []string{q.nominate(map[string]string{"given_names": "Faceless", "family_name": "Number " + strconv.Itoa(i)}),
			q.nominate(map[string]string{"given_names": "Pictured", "family_name": "Number " + strconv.Itoa(i)})}
		if r := q.env.Send(photoRequest(q.token, ids[1])); r.Status != http.StatusOK {
			t.Fatalf("photo: %d %s", r.Status, r.Body)
		}
		q.language(lang, q.list())
		p := q.decide(q.list()+"/approve", url.Values{"ids": ids, "category_id": {minister}})
		want := i18n.T(lang, "console.participants.err.photo")
		if p.Status != http.StatusOK || !strings.Contains(html.UnescapeString(p.Body), want) {
			t.Errorf("%s: %d, want the report with %q", lang, p.Status, want)
		}
		if q.status(ids[0]) != "nominated" || q.status(ids[1]) != "approved" {
			t.Errorf("%s: statuses %s and %s, want nominated and approved", lang, q.status(ids[0]), q.status(ids[1]))
		}
	}
}
