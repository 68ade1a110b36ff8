package speakers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/speakers"
)

// TestOrderFollowsLevelThenTimeOfInscription: a fixture of mixed levels
// inscribed one after the other comes out by level of precedence, then by
// time of inscription, those with no level set last.
func TestOrderFollowsLevelThenTimeOfInscription(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		inscriptions := []struct{ delegation, name, level string }{
			{"Norway", "NGO Speaker", "ngo"},
			{"France", "Minister One", "minister"},
			{"Chile", "Unranked Speaker", ""},
			{"Jordan", "Head Of State", "head_of_state"},
			{"Kenya", "Minister Two", "minister"},
			{"Japan", "Ambassador Speaker", "ambassador"},
			{"Peru", "Deputy Speaker", "deputy_minister"},
			{"Oman", "Minister Three", "minister"},
		}
		start := f.Now()
		for i, in := range inscriptions {
			d := f.delegation(f.EventID, in.delegation)
			given, family, _ := strings.Cut(in.name, " ")
			p := f.member(d, "H.E.", given, family, "")
			if in.level != "" {
				f.setLevel(p, in.level)
			}
			at := start.Add(time.Duration(i) * time.Minute)
			db.SetClock(func() time.Time { return at })
			if r := f.inscribe(d, p); r.Status != 201 {
				t.Fatalf("inscribe %s: %d %s", in.name, r.Status, r.Body)
			}
		}
		got := names(f.list())
		want := []string{"Head Of State", "Minister One", "Minister Two", "Minister Three", "Deputy Speaker",
			"Ambassador Speaker", "NGO Speaker", "Unranked Speaker"}
		if !slices.Equal(got, want) {
			t.Errorf("order\n got %q\nwant %q", got, want)
		}
	})
}

// TestTwoServersKeepOneEntryPerDelegation: inscriptions of one delegation
// sent at once to two servers on one database keep one entry; allowed
// two, they keep two.
func TestTwoServersKeepOneEntryPerDelegation(t *testing.T) {
	db1, db2 := twoPools(t)
	f := newFixture(t, db1)
	second := f.second(db2)
	for _, allowed := range []int{1, 2} {
		d := f.delegation(f.EventID, fmt.Sprintf("Race %d", allowed))
		var members []string
		for i := range 6 {
			members = append(members, f.member(d, "", "Member", fmt.Sprint(i), ""))
		}
		if r := f.Do("PATCH", "/api/v1/sessions/"+f.SessionID+"/speaking", "admin", map[string]int{"per_delegation": allowed}); r.Status != 200 {
			t.Fatalf("settings: %d %s", r.Status, r.Body)
		}
		statuses := make(chan int, len(members))
		for i, p := range members {
			srv := f.Env
			if i%2 == 1 {
				srv = second
			}
			go func() {
				statuses <- srv.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers", "secretariat",
					map[string]string{"delegation_id": d.ID, "participant_id": p}).Status
			}()
		}
		created := 0
		for range members {
			switch s := <-statuses; s {
			case 201:
				created++
			case 409:
			default:
				t.Errorf("allowed %d: status %d, want 201 or 409", allowed, s)
			}
		}
		var n int64
		must(t, db1.Table("speakers").Where("delegation_id = ?", d.ID).Count(&n).Error)
		if created != allowed || n != int64(allowed) {
			t.Errorf("allowed %d: %d created, %d stored", allowed, created, n)
		}
	}
}

// TestMovesAndMarksAreRecorded: a move needs a reason and is audited; an
// absent speaker moves to the end once and is struck off the second time;
// the history keeps every change; "spoke" moves the list on and starts the
// next speaker's time.
func TestMovesAndMarksAreRecorded(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ids := map[string]string{}
		for _, n := range []string{"A", "B", "C"} {
			d := f.delegation(f.EventID, "Delegation "+n)
			p := f.member(d, "", "Speaker", n, "")
			r := f.inscribe(d, p)
			ids[n] = r.Map(t)["id"].(string)
		}
		base := "/api/v1/sessions/" + f.SessionID + "/speakers/"
		if r := f.Do("POST", base+ids["C"]+"/move", "secretariat", map[string]any{"position": 1, "reason": "Ministerial rank confirmed"}); r.Status != 200 {
			t.Fatalf("move: %d %s", r.Status, r.Body)
		}
		if got := names(f.list()); !slices.Equal(got, []string{"Speaker C", "Speaker A", "Speaker B"}) {
			t.Errorf("after the move: %q", got)
		}
		var audited int64
		must(t, db.Table("audit_log").Where("entity = 'speaker' AND action = 'move' AND entity_id = ?", ids["C"]).Count(&audited).Error)
		if audited != 1 {
			t.Errorf("move audited %d times, want 1", audited)
		}
		mark := func(n, status string) {
			t.Helper()
			if r := f.Do("POST", base+ids[n]+"/mark", "secretariat", map[string]string{"status": status}); r.Status != 200 {
				t.Fatalf("mark %s %s: %d %s", n, status, r.Status, r.Body)
			}
		}
		mark("C", "absent")
		if got := names(f.list()); !slices.Equal(got, []string{"Speaker A", "Speaker B", "Speaker C"}) {
			t.Errorf("after the first absence: %q", got)
		}
		mark("A", "spoke")
		l := f.list()
		if got := names(l); !slices.Equal(got, []string{"Speaker B", "Speaker C"}) {
			t.Errorf("after A spoke: %q", got)
		}
		if l.Settings.TurnStartedAt == nil {
			t.Error("the next speaker's time did not start")
		}
		mark("C", "absent")
		mark("B", "withdrawn")
		l = f.list()
		if len(l.Waiting) != 0 || len(l.Done) != 3 {
			t.Errorf("waiting %d, done %d; want 0 and 3", len(l.Waiting), len(l.Done))
		}
		r := f.Do("GET", base+"history", "secretariat", nil)
		var h struct{ Items []speakers.Change }
		r.JSON(t, &h)
		var actions []string
		for _, c := range h.Items {
			actions = append(actions, c.Action)
		}
		want := []string{"inscribe", "inscribe", "inscribe", "move", "absent_moved_down", "spoke", "absent", "withdrawn"}
		if !slices.Equal(actions, want) {
			t.Errorf("history %q, want %q", actions, want)
		}
		if r := f.Do("POST", base+ids["A"]+"/mark", "secretariat", map[string]string{"status": "spoke"}); r.Status != 409 {
			t.Errorf("marking a speaker done again: %d, want 409", r.Status)
		}
	})
}

// TestBadInputChangesNothing: each bad request gets a 4xx and leaves the
// lists as they were.
func TestBadInputChangesNothing(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		d := f.delegation(f.EventID, "France")
		other := f.delegation(f.EventID, "Chile")
		p := f.member(d, "H.E.", "Claire", "Martin", "")
		stranger := f.member(other, "", "Pablo", "Neruda", "")
		otherEvent, otherSession := f.event()
		far := f.delegation(otherEvent, "Elsewhere")
		farMember := f.member(far, "", "Far", "Away", "")
		r := f.inscribe(d, p)
		if r.Status != 201 {
			t.Fatalf("inscribe: %d %s", r.Status, r.Body)
		}
		id := r.Map(t)["id"].(string)
		base := "/api/v1/sessions/" + f.SessionID + "/speakers"
		before := f.rows()
		for _, c := range []struct {
			name, method, path string
			body               any
			want               int
		}{
			{"speaker not of the delegation", "POST", base, map[string]string{"delegation_id": d.ID, "participant_id": stranger}, 400},
			{"delegation of another event", "POST", base, map[string]string{"delegation_id": far.ID, "participant_id": farMember}, 400},
			{"session of another event", "POST", "/api/v1/sessions/" + otherSession + "/speakers", map[string]string{"delegation_id": d.ID, "participant_id": p}, 400},
			{"second entry of a delegation", "POST", base, map[string]string{"delegation_id": d.ID, "participant_id": p}, 409},
			{"move without a reason", "POST", base + "/" + id + "/move", map[string]any{"position": 1, "reason": "  "}, 400},
			{"move beyond the list", "POST", base + "/" + id + "/move", map[string]any{"position": 5, "reason": "why not"}, 400},
			{"unknown mark", "POST", base + "/" + id + "/mark", map[string]string{"status": "asleep"}, 400},
			{"unknown speaker", "POST", base + "/00000000-0000-4000-8000-000000000000/mark", map[string]string{"status": "spoke"}, 404},
			{"expert without a subtopic of the session", "POST", "/api/v1/sessions/" + f.SessionID + "/roles", map[string]string{"role": "expert", "subtopic": "Gardening", "guest_name": "Dr Who"}, 400},
			{"role of a participant of another event", "POST", "/api/v1/sessions/" + f.SessionID + "/roles", map[string]string{"role": "keynote", "participant_id": farMember}, 400},
			{"precedence level of another event", "PUT", "/api/v1/events/" + otherEvent + "/participants/" + farMember + "/precedence", map[string]string{"level_id": f.level("minister")}, 400},
		} {
			if r := f.Do(c.method, c.path, "secretariat", c.body); r.Status != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, r.Status, r.Body, c.want)
			}
		}
		for _, c := range []struct {
			name string
			body []byte
			want int
		}{
			{"not a PDF or Word", []byte("GIF89a not a statement"), 415},
			{"a ZIP that is not Word", zipOf(t, "notes.txt"), 415},
			{"over the limit", append([]byte("%PDF-1.7\n"), make([]byte, speakers.MaxStatement)...), 413},
		} {
			req := httptest.NewRequest("PUT", base+"/"+id+"/statement", bytes.NewReader(c.body))
			req.Header.Set("Content-Type", "application/octet-stream")
			req.Header.Set("Authorization", "Bearer "+f.Tokens["secretariat"])
			if r := f.Send(req); r.Status != c.want {
				t.Errorf("statement %s: %d %s, want %d", c.name, r.Status, r.Body, c.want)
			}
		}
		if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("bad input changed the data\nbefore %v\n after %v", before, after)
		}
	})
}

// TestFocalPointInscribesOwnMembersWhileOpen: a focal point inscribes a
// member of their own delegation with a statement while the window is
// open; another delegation's member, a session of another event and an
// inscription after the close are refused.
func TestFocalPointInscribesOwnMembersWhileOpen(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		d := f.delegation(f.EventID, "France")
		other := f.delegation(f.EventID, "Chile")
		p := f.member(d, "H.E.", "Claire", "Martin", "")
		stranger := f.member(other, "", "Pablo", "Neruda", "")
		_, otherSession := f.event()
		now := f.Now()
		closes := now.Add(time.Hour)
		if r := f.Do("PATCH", "/api/v1/sessions/"+f.SessionID+"/speaking", "secretariat",
			map[string]any{"opens_at": now.Add(-time.Hour), "closes_at": closes}); r.Status != 200 {
			t.Fatalf("settings: %d %s", r.Status, r.Body)
		}
		ctx := focal()
		_, err := f.svc.InscribeMember(ctx, d.link(), f.SessionID, stranger, nil)
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("another delegation's member: %v, want Invalid", err)
		}
		_, err = f.svc.InscribeMember(ctx, d.link(), otherSession, p, nil)
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a session of another event: %v, want NotFound", err)
		}
		db.SetClock(func() time.Time { return closes })
		_, err = f.svc.InscribeMember(ctx, d.link(), f.SessionID, p, nil)
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("after the close: %v, want Conflict", err)
		}
		var n int64
		must(t, db.Table("speakers").Count(&n).Error)
		if n != 0 {
			t.Fatalf("%d entries after refused inscriptions", n)
		}
		db.SetClock(func() time.Time { return now })
		docx := zipOf(t, "word/document.xml")
		sp, err := f.svc.InscribeMember(ctx, d.link(), f.SessionID, p, &speakers.Upload{Name: "statement.docx", Data: docx})
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.svc.FindStatement(context.Background(), f.SessionID, sp.ID)
		if err != nil || st.ContentType != speakers.DOCX || !bytes.Equal(st.Data, docx) {
			t.Errorf("statement %q %v", st.ContentType, err)
		}
	})
}

// TestLevelSetAfterInscriptionReplacesTheSpeaker: a level of precedence set
// or changed after inscription gives the waiting entry the place it would
// have had, by level then time of inscription, with the move in the list's
// history; the speaker who has the floor keeps it.
func TestLevelSetAfterInscriptionReplacesTheSpeaker(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		start := f.Now()
		ids := map[string]string{}
		for i, n := range []string{"Opening", "A", "B", "C"} {
			d := f.delegation(f.EventID, "Delegation "+n)
			p := f.member(d, "", "Speaker", n, "")
			ids[n] = p
			if n == "A" {
				f.setLevel(p, "minister")
			}
			at := start.Add(time.Duration(i) * time.Minute)
			db.SetClock(func() time.Time { return at })
			if r := f.inscribe(d, p); r.Status != 201 {
				t.Fatalf("inscribe %s: %d %s", n, r.Status, r.Body)
			}
		}
		if got := names(f.list()); !slices.Equal(got, []string{"Speaker A", "Speaker Opening", "Speaker B", "Speaker C"}) {
			t.Fatalf("before: %q", got)
		}
		f.setLevel(ids["C"], "minister")
		if got := names(f.list()); !slices.Equal(got, []string{"Speaker A", "Speaker C", "Speaker Opening", "Speaker B"}) {
			t.Errorf("C made a minister: %q", got)
		}
		f.setLevel(ids["A"], "ngo")
		if got := names(f.list()); !slices.Equal(got, []string{"Speaker C", "Speaker A", "Speaker Opening", "Speaker B"}) {
			t.Errorf("A made an NGO speaker: %q", got)
		}
		f.setLevel(ids["A"], "ngo")
		l := f.list()
		head := l.Waiting[0]
		base := "/api/v1/sessions/" + f.SessionID + "/speakers/"
		if r := f.Do("POST", base+head.ID+"/mark", "secretariat", map[string]string{"status": "spoke"}); r.Status != 200 {
			t.Fatalf("mark spoke: %d %s", r.Status, r.Body)
		}
		// A has the floor now; lowered below everyone it keeps it.
		f.setLevel(ids["B"], "head_of_state")
		f.setLevel(ids["A"], "deputy_minister")
		l = f.list()
		if got := names(l); !slices.Equal(got, []string{"Speaker A", "Speaker B", "Speaker Opening"}) {
			t.Errorf("while A has the floor: %q", got)
		}
		if l.Waiting[0].LevelCode != "deputy_minister" {
			t.Errorf("the speaker who has the floor kept the level %q", l.Waiting[0].LevelCode)
		}
		r := f.Do("GET", base+"history", "secretariat", nil)
		var h struct{ Items []speakers.Change }
		r.JSON(t, &h)
		relevels := 0
		for _, c := range h.Items {
			if c.Action == "relevel" {
				relevels++
			}
		}
		// C up, A down, B up; setting A's level again or while it has the floor moves nothing.
		if relevels != 3 {
			t.Errorf("history has %d relevel entries, want 3", relevels)
		}
	})
}
