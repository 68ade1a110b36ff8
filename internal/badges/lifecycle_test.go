package badges_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/registration"
)

func TestLifecycleThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	p := f.addParticipant(t, person{name: names[0], role: registration.Head})
	b1 := f.approve(t, p)
	if b1.Number != 1 || b1.Version != 1 || b1.Status != badges.Active {
		t.Fatalf("issued %d v%d %s, want 1 v1 active", b1.Number, b1.Version, b1.Status)
	}
	if c := f.verify(t, b1.Code); c.Number != 1 || c.Version != 1 {
		t.Fatalf("code names %d v%d", c.Number, c.Version)
	}
	// Approving again changes nothing.
	if again := f.approve(t, p); again.ID != b1.ID {
		t.Fatalf("second approval issued another badge")
	}

	res := f.env.Do("GET", "/api/v1/badges/"+b1.ID, "secretariat", nil)
	if res.Status != 200 || !strings.Contains(string(res.Body), `"action":"issued"`) {
		t.Fatalf("get badge: %d %s", res.Status, res.Body)
	}
	res = f.env.Do("POST", "/api/v1/badges/"+b1.ID+"/reprint", "secretariat", map[string]string{"reason": "lost"})
	if res.Status != 201 {
		t.Fatalf("reprint: %d %s", res.Status, res.Body)
	}
	var b2 badges.Detail
	res.JSON(t, &b2)
	if b2.Number != 1 || b2.Version != 2 || b2.Status != badges.Active || b2.Reason != "lost" {
		t.Fatalf("reprint gave %+v", b2.Badge)
	}
	if c := f.verify(t, b2.Code); c.Version != 2 {
		t.Fatalf("reprinted code names version %d", c.Version)
	}
	old := f.env.Do("GET", "/api/v1/badges/"+b1.ID, "admin", nil).Map(t)
	if old["status"] != badges.Superseded {
		t.Fatalf("old version is %v, want superseded", old["status"])
	}
	if res := f.env.Do("POST", "/api/v1/badges/"+b1.ID+"/reprint", "admin", map[string]string{"reason": "again"}); res.Status != 409 {
		t.Fatalf("reprint of a superseded version: %d, want 409", res.Status)
	}
	cur := f.env.Do("GET", "/api/v1/participants/"+p.ID+"/badge", "secretariat", nil).Map(t)
	if cur["id"] != b2.ID {
		t.Fatalf("participant's badge is %v, want %s", cur["id"], b2.ID)
	}

	if res := f.env.Do("POST", "/api/v1/badges/"+b2.ID+"/collected", "secretariat", nil); res.Status != 200 ||
		res.Map(t)["collected_at"] == nil {
		t.Fatalf("collected: %d %s", res.Status, res.Body)
	}
	if res := f.env.Do("POST", "/api/v1/badges/"+b2.ID+"/revoke", "secretariat", map[string]string{"reason": "stolen"}); res.Status != 200 ||
		res.Map(t)["status"] != badges.Revoked {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	for _, path := range []string{"/reprint", "/revoke"} {
		res := f.env.Do("POST", "/api/v1/badges/"+b2.ID+path, "admin", map[string]string{"reason": "again"})
		if res.Status != 409 || !strings.Contains(res.Map(t)["detail"].(string), badges.Revoked) {
			t.Fatalf("%s of a revoked badge: %d %s, want 409 naming the status", path, res.Status, res.Body)
		}
	}
	if res := f.env.Do("POST", "/api/v1/badges/"+b2.ID+"/collected", "admin", nil); res.Status != 409 {
		t.Fatalf("collected of a revoked badge: %d", res.Status)
	}
	for _, tc := range []struct{ method, path, role string }{
		{"GET", "/api/v1/badges/" + b2.ID, "door"},
		{"POST", "/api/v1/events/" + f.eventID + "/signing-keys/rotate", "secretariat"},
	} {
		if res := f.env.Do(tc.method, tc.path, tc.role, nil); res.Status != 403 {
			t.Errorf("%s %s as %s: %d, want 403", tc.method, tc.path, tc.role, res.Status)
		}
	}
	for _, path := range []string{"/api/v1/badges/00000000-0000-4000-8000-000000000000", "/api/v1/participants/00000000-0000-4000-8000-000000000000/badge"} {
		if res := f.env.Do("GET", path, "admin", nil); res.Status != 404 {
			t.Errorf("GET %s: %d, want 404", path, res.Status)
		}
	}
	if res := f.env.Do("POST", "/api/v1/badges/"+b2.ID+"/reprint", "admin", `{"reason":"x","extra":1}`); res.Status != 400 {
		t.Errorf("unknown field: %d, want 400", res.Status)
	}
}

func TestHooksSuspendSupersedeAndRevoke(t *testing.T) {
	f := newFixture(t)
	p := f.addParticipant(t, person{name: fixtures.Names()[5]})
	b := f.approve(t, p)
	ctx := context.Background()

	if err := f.hook(t, f.svc.BackToReview, p); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.svc.Badge(ctx, b.ID); d.Status != badges.Suspended {
		t.Fatalf("after review: %s, want suspended", d.Status)
	}
	if res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf", "admin", nil); res.Status != 409 {
		t.Fatalf("PDF of a suspended badge: %d, want 409", res.Status)
	}
	// The printed card shows the old name or photo: re-approval supersedes it
	// with the next version of the same number, to be printed.
	again := f.approve(t, p)
	if again.ID == b.ID || again.Number != b.Number || again.Version != 2 || again.Status != badges.Active {
		t.Fatalf("re-approval: %d v%d %s, want version 2 of the same number active", again.Number, again.Version, again.Status)
	}
	old, _ := f.svc.Badge(ctx, b.ID)
	var actions []string
	for _, h := range old.History {
		actions = append(actions, h.Action)
	}
	if got, want := strings.Join(actions, ","), "issued,suspended,superseded"; old.Status != badges.Superseded || got != want {
		t.Fatalf("old version after re-approval: %s, history %s, want superseded, %s", old.Status, got, want)
	}
	p.Status, p.RejectionReason = registration.Rejected, "not eligible"
	if err := f.hook(t, f.svc.Removed, p); err != nil {
		t.Fatal(err)
	}
	d, _ := f.svc.Badge(ctx, again.ID)
	if d.Status != badges.Revoked || d.Reason != "not eligible" {
		t.Fatalf("after rejection: %s %q", d.Status, d.Reason)
	}
	// Approved once more: the next version of the same number.
	p.Status = registration.Approved
	if nb := f.approve(t, p); nb.Number != b.Number || nb.Version != 3 || nb.Status != badges.Active {
		t.Fatalf("approval after revocation gave %d v%d %s", nb.Number, nb.Version, nb.Status)
	}
	// A failing hook rolls back: no badge for an unknown event.
	q := f.addParticipant(t, person{name: fixtures.Names()[6]})
	q.EventID = "00000000-0000-4000-8000-000000000000"
	if err := f.hook(t, f.svc.Approved, q); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("approval in an unknown event: %v", err)
	}
}

func TestChangeSeqGrowsWithEveryChange(t *testing.T) {
	f := newFixture(t)
	p := f.addParticipant(t, person{name: fixtures.Names()[1]})
	b := f.approve(t, p)
	ctx := ctxAs("desk")
	seqs := []int64{b.ChangeSeq}
	d, err := f.svc.Collected(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	seqs = append(seqs, d.ChangeSeq)
	if d, err = f.svc.Reprint(ctx, b.ID, "damaged"); err != nil {
		t.Fatal(err)
	}
	seqs = append(seqs, d.ChangeSeq)
	if d, err = f.svc.Revoke(ctx, d.ID, "lost"); err != nil {
		t.Fatal(err)
	}
	seqs = append(seqs, d.ChangeSeq)
	for i := 1; i < len(seqs); i++ {
		if seqs[i] <= seqs[i-1] {
			t.Fatalf("change_seq %v does not grow", seqs)
		}
	}
}

// TestConcurrentReprints races 20 reprints of a participant's badge: every
// one lands as its own version, and exactly one version stays active.
func TestConcurrentReprints(t *testing.T) {
	f := newFixture(t)
	p := f.addParticipant(t, person{name: fixtures.Names()[2]})
	f.approve(t, p)
	ctx := ctxAs("desk")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				cur, err := f.svc.ForParticipant(ctx, p.ID)
				if err != nil {
					errs <- err
					return
				}
				_, err = f.svc.Reprint(ctx, cur.ID, "race")
				if apperr.Is(err, apperr.Conflict) {
					continue // another reprint got there first: try the new current version
				}
				if err != nil {
					errs <- err
				}
				return
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var rows []badges.Badge
	if err := f.db.Where("participant_id = ?", p.ID).Order("version").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	active := 0
	for i, b := range rows {
		if b.Version != i+1 {
			t.Fatalf("versions are not 1..21 without gaps: row %d has version %d", i, b.Version)
		}
		if b.Status == badges.Active {
			active++
		}
	}
	if len(rows) != 21 || active != 1 || rows[20].Status != badges.Active {
		t.Fatalf("%d versions, %d active (last %s); want 21 versions, the last one the only active", len(rows), active, rows[len(rows)-1].Status)
	}
}

// TestConcurrentApprovalsNumberWithoutGaps approves 20 participants at once.
func TestConcurrentApprovalsNumberWithoutGaps(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	var ps []registration.Participant
	for i := range 20 {
		ps = append(ps, f.addParticipant(t, person{name: names[i%len(names)]}))
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(ps))
	for _, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- f.hook(t, f.svc.Approved, p)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var numbers []int
	if err := f.db.Model(&badges.Badge{}).Where("event_id = ?", f.eventID).Order("number").Pluck("number", &numbers).Error; err != nil {
		t.Fatal(err)
	}
	for i, n := range numbers {
		if n != i+1 {
			t.Fatalf("numbers %v are not 1..20", numbers)
		}
	}
	if len(numbers) != 20 {
		t.Fatalf("%d badges, want 20", len(numbers))
	}
}
