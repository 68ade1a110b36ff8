package registration_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/mail"
	"accreditation/internal/registration"
)

func TestRSVPAnswerNominateApproveAndReview(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 3, Language: "fr"})

	res := f.Do("GET", "/api/v1/rsvp/"+l.Token, "", nil)
	if res.Status != 200 {
		t.Fatalf("get: %d %s", res.Status, res.Body)
	}
	inv := res.Map(t)["invitation"].(map[string]any)
	if inv["quota"].(float64) != 3 || inv["language"] != "fr" || inv["status"] != "sent" {
		t.Errorf("invitation %v", inv)
	}
	// Nominating needs the invitation accepted first.
	if r, _ := f.nominate(l, person("Anne", "Martin", "head")); r.Status != 409 || r.Map(t)["type"] != "/problems/not-accepted" {
		t.Fatalf("nominate before accepting: %d %s", r.Status, r.Body)
	}
	f.accept(l)
	_, head := f.nominate(l, person("Anne", "Martin", "head"))
	if head == nil || head["status"] != "nominated" || head["interpretation_language"] != "fr" {
		t.Fatalf("head: %v", head)
	}
	if r, _ := f.nominate(l, person("Paul", "Durand", "head")); r.Status != 409 {
		t.Fatalf("second head: %d, want 409", r.Status)
	}
	id := head["id"].(string)
	body := map[string]string{"category_id": f.CategoryID}
	if r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "door", body); r.Status != 403 {
		t.Errorf("door approving: %d", r.Status)
	}
	r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "secretariat", body)
	if r.Status != 200 || r.Map(t)["status"] != "approved" || f.hooks.approved.Load() != 1 {
		t.Fatalf("approve: %d %s (hooks %d)", r.Status, r.Body, f.hooks.approved.Load())
	}
	if r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "secretariat", body); r.Status != 409 ||
		r.Map(t)["current_status"] != "approved" {
		t.Errorf("approving twice: %d %s, want 409 naming the current_status", r.Status, r.Body)
	}
	var items []mail.Item
	must(t, f.DB.DB.Where("subject_id = ?", id).Find(&items).Error)
	if len(items) != 1 || items[0].Recipient != "focal@example.org" || !strings.HasPrefix(items[0].DedupeKey, "approval:"+id+":") ||
		!strings.Contains(items[0].Payload, "Accréditation confirmée") {
		t.Errorf("confirmation e-mails: %+v", items)
	}
	// Another event's category is refused.
	if r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "admin", map[string]string{"category_id": "00000000-0000-4000-8000-000000000000"}); r.Status != 400 && r.Status != 409 {
		t.Errorf("foreign category: %d", r.Status)
	}

	// Changing an approved member's name sends them back to review.
	r = f.Do("PATCH", "/api/v1/rsvp/"+l.Token+"/participants/"+id, "", map[string]string{"family_name": "Martin-Roux"})
	if r.Status != 200 || r.Map(t)["status"] != "nominated" || f.hooks.back.Load() != 1 {
		t.Fatalf("rename: %d %s (hooks %d)", r.Status, r.Body, f.hooks.back.Load())
	}
	// A change that is not a name keeps the status.
	f.Do("POST", "/api/v1/participants/"+id+"/approve", "admin", body)
	r = f.Do("PATCH", "/api/v1/rsvp/"+l.Token+"/participants/"+id, "", map[string]string{"dietary": "vegetarian"})
	if r.Map(t)["status"] != "approved" {
		t.Errorf("dietary change moved status: %s", r.Body)
	}

	_, second := f.nominate(l, person("Paul", "Durand", "delegate"))
	if r := f.Do("POST", "/api/v1/participants/"+second["id"].(string)+"/reject", "secretariat", map[string]string{"reason": "duplicate"}); r.Status != 200 || r.Map(t)["status"] != "rejected" {
		t.Fatalf("reject: %d %s", r.Status, r.Body)
	}
	removed := f.hooks.removed.Load()

	// The summary and the delegation's view.
	sum := f.Do("GET", "/api/v1/events/"+f.EventID+"/rsvp/summary", "secretariat", nil).Map(t)["overall"].(map[string]any)
	want := map[string]float64{"invited": 1, "answered": 1, "accepted": 1, "declined": 0, "nominated": 0, "approved": 1, "rejected": 1}
	for k, v := range want {
		if sum[k] != v {
			t.Errorf("summary %s = %v, want %v", k, sum[k], v)
		}
	}
	dr := f.Do("GET", "/api/v1/delegations/"+l.DelegationID+"/rsvp", "admin", nil).Map(t)
	if ps := dr["participants"].([]any); len(ps) != 2 {
		t.Errorf("delegation rsvp: %v", dr)
	}

	// Declining withdraws every active member and runs the Removed hooks.
	r = f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "decline", "note": "Regrets"})
	if r.Status != 200 {
		t.Fatalf("decline: %d %s", r.Status, r.Body)
	}
	var active int64
	f.DB.Table("participants").Where("invitation_id = ? AND status IN ('nominated','approved')", l.InvitationID).Count(&active)
	if active != 0 || f.hooks.removed.Load() != removed+1 {
		t.Errorf("after declining: %d active, removed hooks %d", active, f.hooks.removed.Load()-removed)
	}
	// Every change is attributed to the link's focal point.
	var kinds []string
	f.DB.Raw(`SELECT DISTINCT actor_kind FROM audit_log WHERE entity = 'participant' AND action = 'nominate'`).Scan(&kinds)
	var names []string
	f.DB.Raw(`SELECT DISTINCT actor_name FROM audit_log WHERE actor_kind = 'rsvp'`).Scan(&names)
	if len(kinds) != 1 || kinds[0] != "rsvp" || len(names) != 1 || names[0] != "Claire Focal" {
		t.Errorf("audit actors %v %v", kinds, names)
	}
}

func TestQuotaHoldsUnderConcurrentNominations(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{Quota: 5})
		f.accept(l)
		var wg sync.WaitGroup
		statuses := make([]int, 50)
		details := make([]string, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				role := "delegate"
				if i%10 == 0 {
					role = "head"
				}
				r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/participants", "", person(fmt.Sprint("Member ", i), "Racer", role))
				statuses[i] = r.Status
				if r.Status == 409 {
					details[i] = string(r.Body)
				}
			}()
		}
		wg.Wait()
		created, conflicts := 0, 0
		for i, s := range statuses {
			switch s {
			case 201:
				created++
			case 409:
				conflicts++
				if !strings.Contains(details[i], "quota of 5") && !strings.Contains(details[i], "head of delegation") {
					t.Errorf("409 does not say the quota: %s", details[i])
				}
			default:
				t.Errorf("nomination %d: %d", i, s)
			}
		}
		var active, heads int64
		f.DB.Table("participants").Where("invitation_id = ? AND status = 'nominated'", l.InvitationID).Count(&active)
		f.DB.Table("participants").Where("invitation_id = ? AND role = 'head'", l.InvitationID).Count(&heads)
		if created != 5 || conflicts != 45 || active != 5 || heads > 1 {
			t.Errorf("created %d, conflicts %d, stored %d, heads %d; want 5, 45, 5, ≤1", created, conflicts, active, heads)
		}
		r, _ := f.nominate(l, person("One", "More", "delegate"))
		if p := r.Map(t); r.Status != 409 || p["quota"] != float64(5) || !strings.Contains(p["detail"].(string), "quota of 5") {
			t.Errorf("over quota: %d %s", r.Status, r.Body)
		}
	})
}

func TestDeadlineAndReopening(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Status: "accepted", Deadline: f.Now().Add(-time.Hour).Truncate(time.Second)})
	r, _ := f.nominate(l, person("Late", "Comer", "head"))
	p := r.Map(t)
	if r.Status != 409 || p["deadline"] == nil || !strings.Contains(p["detail"].(string), "deadline") {
		t.Fatalf("after the deadline: %d %s", r.Status, r.Body)
	}
	if r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "decline"}); r.Status != 409 {
		t.Errorf("answer after deadline: %d", r.Status)
	}
	until := f.Now().Add(48 * time.Hour).Format(time.RFC3339)
	if r := f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/reopen", "door", map[string]string{"until": until}); r.Status != 403 {
		t.Errorf("door reopening: %d", r.Status)
	}
	if r := f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/reopen", "secretariat", map[string]string{"until": "2001-01-01T00:00:00Z"}); r.Status != 400 {
		t.Errorf("reopen into the past: %d", r.Status)
	}
	r = f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/reopen", "secretariat", map[string]string{"until": until})
	if r.Status != 200 || r.Map(t)["open"] != true {
		t.Fatalf("reopen: %d %s", r.Status, r.Body)
	}
	if r, _ := f.nominate(l, person("Late", "Comer", "head")); r.Status != 201 {
		t.Errorf("after reopening: %d %s", r.Status, r.Body)
	}
}

func TestExpiredInvitationAnswersOnceReopened(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Status: "expired", Deadline: f.Now().Add(-time.Hour).Truncate(time.Second)})
	if r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "accept"}); r.Status != 409 {
		t.Errorf("answer after the deadline: %d %s", r.Status, r.Body)
	}
	until := f.Now().Add(48 * time.Hour).Format(time.RFC3339)
	if r := f.Do("POST", "/api/v1/invitations/"+l.InvitationID+"/reopen", "secretariat", map[string]string{"until": until}); r.Status != 200 {
		t.Fatalf("reopen: %d %s", r.Status, r.Body)
	}
	r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "accept", "note": "Honoured"})
	if r.Status != 200 {
		t.Fatalf("answer once reopened: %d %s", r.Status, r.Body)
	}
	if inv := r.Map(t)["invitation"].(map[string]any); inv["status"] != "accepted" || inv["response_note"] != "Honoured" {
		t.Errorf("invitation after the answer: %v", inv)
	}
	var actions []string
	f.DB.Raw(`SELECT action FROM audit_log WHERE entity = 'invitation' AND entity_id = ? ORDER BY at, id`, l.InvitationID).Scan(&actions)
	if strings.Join(actions, ",") != "reopen,accepted" {
		t.Errorf("audit actions %v, want reopen then the transition to accepted", actions)
	}
}

func TestUnknownExpiredAndGuessedTokens(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	past := f.Now().Add(-time.Minute)
	expired := f.invite(invite{Expires: &past})
	good := f.invite(invite{})
	if r := f.Do("GET", "/api/v1/rsvp/"+expired.Token, "", nil); r.Status != 410 {
		t.Errorf("expired: %d", r.Status)
	}
	if r := f.Do("GET", "/rsvp/"+expired.Token, "", nil); r.Status != 410 || !strings.Contains(string(r.Body), "expired") {
		t.Errorf("expired page: %d", r.Status)
	}
	for i := range 30 {
		if r := f.Do("GET", "/api/v1/rsvp/not-a-token-"+fmt.Sprint(i), "", nil); r.Status != 404 {
			t.Fatalf("unknown token %d: %d", i, r.Status)
		}
	}
	r := f.Do("GET", "/api/v1/rsvp/not-a-token-30", "", nil)
	if r.Status != 429 || !retryAfterSet(r) {
		t.Errorf("31st unknown token: %d, Retry-After %q; want 429 with Retry-After", r.Status, r.Header.Get("Retry-After"))
	}
	// Another client is not affected.
	req := httptest.NewRequest("GET", "/api/v1/rsvp/not-a-token-31", nil)
	req.RemoteAddr = "198.51.100.7:4000"
	if r := f.Send(req); r.Status != 404 {
		t.Errorf("other client: %d, want 404", r.Status)
	}
	if r := f.Do("GET", "/api/v1/rsvp/"+good.Token, "", nil); r.Status != 200 {
		t.Errorf("a valid token from the guessing address: %d, want 200", r.Status)
	}
}

// TestValidTokenPassesBehindAGuessingNAT: a delegation's office reaches the
// service from one address (a NAT, vouched for by the trusted load balancer);
// someone there guesses links until refused. Every valid link from that
// address still opens, on the API and the page, and the guessing stays
// refused.
func TestValidTokenPassesBehindAGuessingNAT(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixtureWith(t, db, map[string]string{"TRUSTED_PROXIES": "192.0.2.1"})
		minister, adviser := f.invite(invite{}), f.invite(invite{})
		from := func(path, addr string) *apptest.Response {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("X-Forwarded-For", addr)
			return f.Send(req)
		}
		const office = "198.51.100.20"
		for i := range registration.GuessLimit {
			if r := from("/api/v1/rsvp/guess-"+fmt.Sprint(i), office); r.Status != 404 {
				t.Fatalf("guess %d: %d, want 404", i+1, r.Status)
			}
		}
		if r := from("/api/v1/rsvp/guess-last", office); r.Status != 429 || !retryAfterSet(r) {
			t.Fatalf("guess past the allowance: %d, Retry-After %q; want 429 with Retry-After", r.Status, r.Header.Get("Retry-After"))
		}
		for _, l := range []link{minister, adviser} {
			if r := from("/api/v1/rsvp/"+l.Token, office); r.Status != 200 {
				t.Errorf("valid token from the office: %d %s, want 200", r.Status, r.Body)
			}
			if r := from("/rsvp/"+l.Token, office); r.Status != 200 {
				t.Errorf("RSVP page from the office: %d, want 200", r.Status)
			}
		}
		if r := from("/rsvp/guess-page", office); r.Status != 429 || !retryAfterSet(r) {
			t.Errorf("a guess on the page after the valid links: %d, Retry-After %q; want 429 with Retry-After", r.Status, r.Header.Get("Retry-After"))
		}
		if r := from("/api/v1/rsvp/guess-elsewhere", "203.0.113.50"); r.Status != 404 {
			t.Errorf("a guess from another address: %d, want 404", r.Status)
		}
	})
}

// retryAfterSet reports whether r says, in whole seconds, when to come back
// (within the guessing window).
func retryAfterSet(r *apptest.Response) bool {
	n, err := strconv.Atoi(r.Header.Get("Retry-After"))
	return err == nil && n > 0 && time.Duration(n)*time.Second <= registration.GuessWindow+time.Second
}
