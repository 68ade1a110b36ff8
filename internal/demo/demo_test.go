package demo_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/fixtures"
)

// started is a server whose first start loaded the demo conference.
func started(t *testing.T) (*apptest.Env, string) {
	t.Helper()
	env := apptest.New(t)
	if err := env.App.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	var id string
	if err := env.DB.Raw("SELECT id FROM events").Scan(&id).Error; err != nil || id == "" {
		t.Fatalf("the demo event: %q, %v", id, err)
	}
	return env, id
}

// counts runs a query of (key, count) rows and returns the counts by key.
func counts(t *testing.T, env *apptest.Env, query string, args ...any) map[string]int {
	t.Helper()
	var rows []struct {
		K string
		N int
	}
	if err := env.DB.Raw(query, args...).Scan(&rows).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.K] = r.N
	}
	return out
}

func count(t *testing.T, env *apptest.Env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// need fails the test for each key of want whose count in got is below
// its minimum.
func need(t *testing.T, what string, got map[string]int, want map[string]int) {
	t.Helper()
	for k, min := range want {
		if got[k] < min {
			t.Errorf("%s %q: %d, want at least %d (all: %v)", what, k, got[k], min, got)
		}
	}
}

// TestDemoFillsEveryScreen loads the demo through the server's first start
// and checks that each list of the console has something in each state, then
// that a second start loads nothing more.
func TestDemoFillsEveryScreen(t *testing.T) {
	env, ev := started(t)
	need(t, "delegations of kind", counts(t, env, "SELECT kind AS k, COUNT(*) AS n FROM delegations GROUP BY kind"),
		map[string]int{"member_state": 20, "observer_state": 1, "international_organization": 8, "ngo": 1,
			"parliament": 1, "expert": 1, "media": 1})
	need(t, "invitations", counts(t, env, "SELECT status AS k, COUNT(*) AS n FROM invitations GROUP BY status"),
		map[string]int{"draft": 1, "issued": 1, "sent": 1, "accepted": 20, "declined": 1, "withdrawn": 1, "expired": 1})
	need(t, "invitations in", counts(t, env, "SELECT language AS k, COUNT(*) AS n FROM invitations GROUP BY language"),
		map[string]int{"ar": 1, "fr": 1, "en": 1, "ru": 1, "az": 1})
	need(t, "participants", counts(t, env, "SELECT status AS k, COUNT(*) AS n FROM participants GROUP BY status"),
		map[string]int{"nominated": 20, "approved": 80, "rejected": 2, "withdrawn": 2})
	if n := count(t, env, "SELECT COUNT(*) FROM participants"); n < 140 || n > 160 {
		t.Errorf("%d participants, want about 150", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM participants WHERE status = 'rejected' AND rejection_reason = ''"); n != 0 {
		t.Errorf("%d rejections without a reason", n)
	}
	if n := count(t, env, `SELECT COUNT(*) FROM participants WHERE status = 'nominated' AND invitation_id NOT IN
		(SELECT id FROM invitations WHERE status = 'accepted')`); n != 0 {
		t.Errorf("%d nominated participants outside an accepted delegation", n)
	}
	need(t, "approved in category", counts(t, env, `SELECT c.code AS k, COUNT(*) AS n FROM participants p
		JOIN categories c ON c.id = p.category_id WHERE p.status = 'approved' GROUP BY c.code`),
		map[string]int{"minister": 10, "delegate": 20, "head_io": 3, "parliamentarian": 1, "religious_leader": 1,
			"ngo": 1, "expert": 1, "media": 1, "secretariat": 1, "security": 1, "interpreter": 1})
	if n := count(t, env, "SELECT COUNT(DISTINCT invitation_id) FROM credentials_letters"); n < 5 {
		t.Errorf("%d delegations sent their credentials, want at least 5", n)
	}
	// The demo's letters are the 2013 conference's, saved as its own (a new
	// event's built-in letters are neutral).
	if n := count(t, env, "SELECT COUNT(*) FROM letter_templates WHERE body LIKE '%ISESCO%' OR body LIKE '%ИСЕСКО%' OR body LIKE '%إيسيسكو%'"); n != 5 {
		t.Errorf("%d of the demo's letter templates are the 2013 conference's, want 5", n)
	}
	checkNames(t, env)
	checkPhotos(t, env)
	checkBadges(t, env)
	checkDoors(t, env)
	need(t, "outbox", counts(t, env, "SELECT kind AS k, COUNT(*) AS n FROM outbox WHERE status = 'queued' GROUP BY kind"),
		map[string]int{"invitation": 20, "confirmation": 50})

	before := count(t, env, "SELECT COUNT(*) FROM participants")
	if err := env.App.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, m := count(t, env, "SELECT COUNT(*) FROM events"), count(t, env, "SELECT COUNT(*) FROM participants"); n != 1 || m != before {
		t.Errorf("after a second start: %d events, %d participants; want 1 and %d", n, m, before)
	}
	if res := env.Do("GET", "/api/v1/events/"+ev+"/participants?limit=50", "secretariat", nil); res.Status != http.StatusOK {
		t.Errorf("participants list: %d %s", res.Status, res.Body)
	}
}

// checkNames: every name of names.tsv is a participant's, unchanged.
func checkNames(t *testing.T, env *apptest.Env) {
	t.Helper()
	var got []fixtures.Name
	if err := env.DB.Raw(`SELECT honorific, given_names AS given, family_name AS family, native_name AS native
		FROM participants`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	for _, n := range fixtures.Names() {
		want := fixtures.Name{Honorific: n.Honorific, Given: n.Given, Family: n.Family, Native: n.Native}
		if !slices.Contains(got, want) {
			t.Errorf("no participant is %s (%s) exactly", n.Full(), n.Key)
		}
	}
	if n := count(t, env, "SELECT COUNT(*) FROM participants WHERE native_name <> ''"); n < 40 {
		t.Errorf("%d participants have a name in their own script, want at least 40", n)
	}
}

// checkPhotos: nearly everyone has a generated portrait the size of a
// passport photo, each a different picture.
func checkPhotos(t *testing.T, env *apptest.Env) {
	t.Helper()
	withPhoto := count(t, env, "SELECT COUNT(*) FROM participants WHERE photo_id IS NOT NULL")
	if total := count(t, env, "SELECT COUNT(*) FROM participants"); withPhoto < total-5 || withPhoto == total {
		t.Errorf("%d of %d participants have a photo; want all but a few", withPhoto, total)
	}
	if n := count(t, env, `SELECT COUNT(*) FROM photos WHERE content_type <> 'image/jpeg' OR width < 300 OR height < 400
		OR width * 4 <> height * 3`); n != 0 {
		t.Errorf("%d photos are not 3:4 JPEGs of at least 300×400", n)
	}
	if n := count(t, env, "SELECT COUNT(DISTINCT sha256) FROM photos"); n != withPhoto {
		t.Errorf("%d distinct photos for %d participants", n, withPhoto)
	}
}

// checkBadges: approvals issued badges; some are printed by finished print
// jobs, collected, one reprinted, some revoked.
func checkBadges(t *testing.T, env *apptest.Env) {
	t.Helper()
	need(t, "badges", counts(t, env, "SELECT status AS k, COUNT(*) AS n FROM badges GROUP BY status"),
		map[string]int{"active": 80, "revoked": 2, "superseded": 1, "suspended": 1})
	if n := count(t, env, "SELECT COUNT(*) FROM badges WHERE version = 2 AND status = 'active'"); n != 1 {
		t.Errorf("%d reprinted badges, want 1", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM badges WHERE printed_at IS NOT NULL"); n < 20 {
		t.Errorf("%d printed badges, want at least 20", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM badges WHERE collected_at IS NOT NULL"); n < 5 {
		t.Errorf("%d collected badges, want at least 5", n)
	}
	need(t, "print jobs", counts(t, env, "SELECT status AS k, COUNT(*) AS n FROM print_jobs GROUP BY status"),
		map[string]int{"done": 3})
	if n := count(t, env, "SELECT COUNT(*) FROM participants p WHERE p.status = 'approved' AND NOT EXISTS "+
		"(SELECT 1 FROM badges b WHERE b.participant_id = p.id)"); n != 0 {
		t.Errorf("%d approved participants without a badge", n)
	}
}

// checkDoors: scans on the conference's days, with each kind of verdict the
// doors give to a known badge, and one offline conflict.
func checkDoors(t *testing.T, env *apptest.Env) {
	t.Helper()
	need(t, "scans", counts(t, env, "SELECT verdict AS k, COUNT(*) AS n FROM scans GROUP BY verdict"),
		map[string]int{"ok": 100, "already_inside": 1, "revoked": 1, "superseded": 1, "not_valid_here": 2})
	need(t, "scans on", counts(t, env, "SELECT day AS k, COUNT(*) AS n FROM scans GROUP BY day"),
		map[string]int{"2013-03-18": 100, "2013-03-19": 20})
	if n := count(t, env, "SELECT COUNT(*) FROM scans WHERE conflict"); n != 1 {
		t.Errorf("%d conflicts, want 1", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM scans WHERE device_id IS NULL"); n != 0 {
		t.Errorf("%d scans without a device", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM attendees WHERE first_in_at IS NOT NULL"); n < 50 {
		t.Errorf("%d attendees arrived, want at least 50", n)
	}
}

// TestRemovingTheDemoLeavesNothing deletes the loaded demo as an admin
// does and checks that no table keeps a row of it: every table but the
// accounts' is empty, and the audit log keeps only the deletion.
func TestRemovingTheDemoLeavesNothing(t *testing.T) {
	env, ev := started(t)
	if res := env.Do("DELETE", "/api/v1/events/"+ev, "admin", nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete the demo: %d %s", res.Status, res.Body)
	}
	tables, err := env.DB.Migrator().GetTables()
	if err != nil || len(tables) < 20 {
		t.Fatalf("tables %v, %v", tables, err)
	}
	keep := []string{"users", "tokens", "devices", "device_pairings", "rate_limits", "audit_log", "goose_db_version"}
	for _, table := range tables {
		if slices.Contains(keep, table) || strings.HasPrefix(table, "sqlite_") {
			continue
		}
		if n := count(t, env, "SELECT COUNT(*) FROM "+table); n != 0 {
			t.Errorf("%s keeps %d rows of the removed demo", table, n)
		}
	}
	if n := count(t, env, "SELECT COUNT(*) FROM audit_log WHERE event_id = ? AND NOT (entity = 'event' AND action = 'delete')", ev); n != 0 {
		t.Errorf("the audit log keeps %d entries of the removed demo", n)
	}
	if n := count(t, env, "SELECT COUNT(*) FROM audit_log WHERE event_id = ? AND entity = 'event' AND action = 'delete'", ev); n != 1 {
		t.Errorf("%d audit entries of the deletion, want 1", n)
	}
}
