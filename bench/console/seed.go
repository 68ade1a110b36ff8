package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"accreditation/bench/benchkit"
	"accreditation/internal/badges"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
	"accreditation/internal/invitations"
	"accreditation/internal/mail"
	"accreditation/internal/names"
)

// sizes shape the seeded event.
type sizes struct {
	participants, delegations, perDelegation int
}

// seeded is what seed made, for the report.
type seeded struct {
	eventID                                  string
	qLatin, qArabic                          string
	invitations, badges, scans, outbox, jobs int
}

// The statuses of the invitations, in turn: half accepted, as a conference
// looks a few weeks before it opens.
var invitationStatuses = []string{
	invitations.Accepted, invitations.Accepted, invitations.Accepted, invitations.Accepted, invitations.Accepted,
	invitations.Accepted, invitations.Sent, invitations.Sent, invitations.Declined, invitations.Issued,
	invitations.Draft, invitations.Expired,
}

// seed makes one event of the given sizes. The rows are written directly by
// multi-row INSERTs in one transaction, not through the services (which
// would take minutes for 100,000 participants): a benchmark's fixture, made
// with the same SQL on PostgreSQL and SQLite. Derived columns (search_text)
// are computed as the services compute them.
func seed(ctx context.Context, db *database.DB, sz sizes) (*seeded, error) {
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: 0, Days: 3, StartDays: -1})
	if err != nil {
		return nil, err
	}
	out := &seeded{eventID: ev.ID, qLatin: "lefev", qArabic: "حسني"}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		s := &seeder{tx: tx, ev: ev, now: time.Now().UTC().Truncate(time.Millisecond), people: benchkit.People(), out: out}
		s.categories()
		s.delegationsAndInvitations(sz)
		s.participants(sz.participants)
		s.badgeRows()
		s.scanRows()
		s.outboxRows()
		s.printJobs()
		s.auditRows()
		if s.err == nil {
			s.err = checkintest.Attendees(ctx, tx, ev.ID)
		}
		s.exec(`UPDATE events SET next_badge = ?, next_badge_change = ?, next_reference = ? WHERE id = ?`,
			s.nextBadge, s.nextChange, len(s.invs)+1, ev.ID)
		return s.err
	})
	if err != nil {
		return nil, err
	}
	if db.Dialect == database.Postgres {
		err = db.Exec(`VACUUM ANALYZE`).Error
	} else {
		err = db.Exec(`ANALYZE`).Error
	}
	return out, err
}

type seededInvitation struct {
	id, delegationID, status, email string
	sentAt                          *time.Time
}

type seededBadge struct {
	id, participantID string
	number            int
}

// seeder holds the rows made so far; the first error stops every later step.
type seeder struct {
	tx     *gorm.DB
	ev     *checkintest.Event
	now    time.Time
	people []benchkit.Person
	out    *seeded
	err    error

	cats                  []string
	delegs                []string
	invs                  []seededInvitation
	accepted              []int // indexes into invs
	approved              []string
	current               []seededBadge
	nextBadge, nextChange int
}

func (s *seeder) exec(sql string, args ...any) {
	if s.err == nil {
		s.err = s.tx.Exec(sql, args...).Error
	}
}

// insert writes rows into table with as few statements as the databases'
// limits on bound parameters allow.
func (s *seeder) insert(table string, cols []string, rows [][]any) {
	per := max(1, 16000/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for start := 0; start < len(rows) && s.err == nil; start += per {
		chunk := rows[start:min(len(rows), start+per)]
		args := make([]any, 0, len(chunk)*len(cols))
		for _, r := range chunk {
			args = append(args, r...)
		}
		sql := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", ")
		if err := s.tx.Exec(sql, args...).Error; err != nil {
			s.err = fmt.Errorf("seed %s: %w", table, err)
		}
	}
}

func (s *seeder) categories() {
	codes := []string{"minister", "head-io", "parliamentarian", "religious", "ngo", "expert", "media", "secretariat", "security", "interpreter"}
	var rows, zones [][]any
	for k, code := range codes {
		id := uuid.NewString()
		s.cats = append(s.cats, id)
		rows = append(rows, []any{id, s.ev.ID, code, fmt.Sprintf(`{"en":%q}`, code), "#333333", k + 1, s.now, s.now})
		zones = append(zones, []any{id, s.ev.ZoneID})
	}
	s.insert("categories", []string{"id", "event_id", "code", "names", "colour", "position", "created_at", "updated_at"}, rows)
	s.insert("category_zones", []string{"category_id", "zone_id"}, zones)
}

func (s *seeder) delegationsAndInvitations(sz sizes) {
	var rows [][]any
	for i := range sz.delegations {
		id := uuid.NewString()
		s.delegs = append(s.delegs, id)
		name := fmt.Sprintf("Delegation %04d", i+1)
		rows = append(rows, []any{id, s.ev.ID, invitations.Kinds[i%len(invitations.Kinds)], fmt.Sprintf(`{"en":%q}`, name), name,
			"Focal point " + name, fmt.Sprintf("focal.%d@example.org", i+1), i + 1, s.now, s.now})
	}
	s.insert("delegations", []string{"id", "event_id", "kind", "names", "name_en", "focal_name", "focal_email",
		"protocol_order", "created_at", "updated_at"}, rows)

	rows = nil
	n := sz.delegations * sz.perDelegation
	for i := range n {
		p := s.people[(i*7)%len(s.people)]
		inv := seededInvitation{id: uuid.NewString(), delegationID: s.delegs[i%len(s.delegs)],
			status: invitationStatuses[i%len(invitationStatuses)], email: fmt.Sprintf("invitee.%d@example.org", i)}
		var ref any
		var issued, sent, responded *time.Time
		at := func(daysAgo int) *time.Time { t := s.now.AddDate(0, 0, -daysAgo); return &t }
		if inv.status != invitations.Draft {
			ref, issued = fmt.Sprintf("REF/%05d", i+1), at(30)
		}
		switch inv.status {
		case invitations.Sent, invitations.Accepted, invitations.Declined, invitations.Expired:
			sent = at(28)
			inv.sentAt = sent
		}
		if inv.status == invitations.Accepted || inv.status == invitations.Declined {
			responded = at(10 + i%15)
		}
		// Deadlines spread over the coming weeks, some already past.
		deadline := s.now.AddDate(0, 0, i%45-5)
		rows = append(rows, []any{inv.id, s.ev.ID, inv.delegationID, "en", 200, deadline, inv.status, ref,
			p.Honorific, p.Given, p.Family, p.Native, "Minister of Foreign Affairs", inv.email, inv.email,
			issued, sent, responded, s.now, s.now})
		if inv.status == invitations.Accepted {
			s.accepted = append(s.accepted, i)
		}
		s.invs = append(s.invs, inv)
	}
	s.out.invitations = n
	s.insert("invitations", []string{"id", "event_id", "delegation_id", "language", "quota", "rsvp_deadline", "status",
		"reference_number", "honorific", "given_names", "family_name", "native_name", "office", "email", "email_key",
		"issued_at", "sent_at", "responded_at", "created_at", "updated_at"}, rows)
}

// participants are nominated on the accepted invitations only: the first of
// each is its head. 60% are approved, 25% nominated, 10% rejected, 5%
// withdrawn; heads are approved.
func (s *seeder) participants(n int) {
	if len(s.accepted) == 0 {
		s.err = fmt.Errorf("seed: no accepted invitation to nominate participants on")
		return
	}
	roles := []string{"delegate", "alternate", "adviser", "security", "support"}
	start := s.now.Add(-time.Hour)
	rows := make([][]any, 0, n)
	for i := range n {
		inv := s.invs[s.accepted[i%len(s.accepted)]]
		p := s.people[i%len(s.people)]
		search := names.Fold(strings.Join([]string{p.Honorific, p.Given, p.Family, p.Native}, " "))
		role, status := roles[i%len(roles)], "approved"
		switch {
		case i < len(s.accepted):
			role = "head"
		case i%20 >= 19:
			status = "withdrawn"
		case i%20 >= 17:
			status = "rejected"
		case i%20 >= 12:
			status = "nominated"
		}
		var category, decided any
		reason := ""
		if status == "approved" || status == "rejected" {
			decided = s.now.Add(-time.Duration(i%500) * time.Minute)
		}
		if status == "approved" {
			category = s.cats[i%len(s.cats)]
		}
		if status == "rejected" {
			reason = "Not a member of the delegation's government"
		}
		id := uuid.NewString()
		if status == "approved" {
			s.approved = append(s.approved, id)
		}
		created := start.Add(time.Duration(i) * time.Millisecond)
		rows = append(rows, []any{id, s.ev.ID, inv.id, inv.delegationID, p.Honorific, p.Given, p.Family, p.Native,
			[]string{"f", "m"}[i%2], "Delegate", role, strings.ReplaceAll(search, " ", ".") + fmt.Sprintf(".%d@example.org", i),
			"", "en", status, category, reason, search, decided, created, created})
	}
	s.insert("participants", []string{"id", "event_id", "invitation_id", "delegation_id", "honorific", "given_names",
		"family_name", "native_name", "gender", "function", "role", "email", "nationality", "interpretation_language",
		"status", "category_id", "rejection_reason", "search_text", "decided_at", "created_at", "updated_at"}, rows)
}

// badgeRows gives every approved participant a badge: 70% printed, 40%
// collected, one in a hundred suspended, one in two hundred at its second
// version (the first superseded).
func (s *seeder) badgeRows() {
	var rows, hist [][]any
	seq := 0
	add := func(id, pid string, number, version int, status, reason string, printed, collected *time.Time) {
		seq++
		rows = append(rows, []any{id, s.ev.ID, pid, number, version, status, 1, "bench", reason, printed, collected, seq, s.now, s.now})
		hist = append(hist, []any{uuid.NewString(), id, s.now, badges.ActionIssued, "", "bench"})
	}
	for k, pid := range s.approved {
		number := k + 1
		var printed, collected *time.Time
		if k%10 < 7 {
			t := s.now.Add(-time.Duration(k%300) * time.Minute)
			printed = &t
		}
		if k%10 < 4 {
			t := s.now.Add(-time.Duration(k%200) * time.Minute)
			collected = &t
		}
		version := 1
		if k%200 == 0 {
			add(uuid.NewString(), pid, number, 1, "superseded", "name corrected", printed, nil)
			version = 2
		}
		status, reason := "active", ""
		if k%100 == 50 {
			status, reason = "suspended", "lost"
		}
		b := seededBadge{id: uuid.NewString(), participantID: pid, number: number}
		add(b.id, pid, number, version, status, reason, printed, collected)
		if status == "active" {
			s.current = append(s.current, b)
		}
	}
	s.nextBadge, s.nextChange = len(s.approved)+1, seq+1
	s.out.badges = len(rows)
	s.insert("badges", []string{"id", "event_id", "participant_id", "number", "version", "status", "key_id", "code",
		"reason", "printed_at", "collected_at", "change_seq", "created_at", "updated_at"}, rows)
	s.insert("badge_history", []string{"id", "badge_id", "at", "action", "reason", "actor"}, hist)
	// A badge keeps its holder's delegation and category, as issuing does.
	s.exec(`UPDATE badges SET
		delegation_id = (SELECT p.delegation_id FROM participants p WHERE p.id = badges.participant_id),
		category_id = (SELECT p.category_id FROM participants p WHERE p.id = badges.participant_id)
		WHERE event_id = ?`, s.ev.ID)
}

// scanRows lets half of the active badges in at the main door (a quarter of
// them today, the rest yesterday), a sixth go out again, a tenth are refused
// at the VIP door, and one in a thousand entries is an offline conflict;
// presence and attendance follow.
func (s *seeder) scanRows() {
	loc, err := time.LoadLocation("Asia/Baku")
	if err != nil {
		s.err = err
		return
	}
	var scans, presence [][]any
	scan := func(b seededBadge, cp, zone, dir, verdict string, at time.Time, conflict bool) {
		var deviceVerdict any
		if conflict {
			deviceVerdict = "ok"
		}
		scans = append(scans, []any{uuid.NewString(), s.ev.ID, cp, zone, dir, "bench", b.number, 1, b.id, b.participantID,
			verdict, deviceVerdict, "active", at.In(loc).Format(time.DateOnly), conflict, conflict, at, at, "bench"})
	}
	for _, b := range s.current {
		if b.number%2 != 0 {
			continue
		}
		at := s.now.Add(-26 * time.Hour).Add(time.Duration(b.number) * time.Second)
		if b.number%4 == 0 {
			at = s.now.Add(-time.Duration(b.number%600) * time.Second)
		}
		scan(b, s.ev.CheckpointID, s.ev.ZoneID, "in", "ok", at, b.number%1000 == 0)
		out := b.number%6 == 0
		if out {
			scan(b, s.ev.CheckpointID, s.ev.ZoneID, "out", "ok", at.Add(time.Minute), false)
		}
		presence = append(presence, []any{s.ev.ID, b.participantID, s.ev.ZoneID, !out, at, at})
		if b.number%10 == 0 {
			scan(b, s.ev.VIPCheckpointID, s.ev.VIPZoneID, "in", "not_valid_here", at.Add(2*time.Minute), false)
		}
	}
	s.out.scans = len(scans)
	s.insert("scans", []string{"scan_id", "event_id", "checkpoint_id", "zone_id", "direction", "code_hash", "badge_number",
		"badge_version", "badge_id", "participant_id", "verdict", "device_verdict", "badge_status", "day", "offline",
		"conflict", "scanned_at", "received_at", "fingerprint"}, scans)
	s.insert("presence", []string{"event_id", "participant_id", "zone_id", "inside", "changed_at", "first_in_at"}, presence)
}

// outboxRows are the invitation mails of every invitation sent: one in forty
// failed, one in twenty-five still queued, the others sent.
func (s *seeder) outboxRows() {
	var rows [][]any
	for i, inv := range s.invs {
		if inv.sentAt == nil {
			continue
		}
		m := mail.Message{To: inv.email, Subject: fmt.Sprintf("Invitation REF/%05d", i+1), Text: "Dear colleague, …", Language: "en"}
		payload, _ := json.Marshal(m)
		status, attempts, lastError, sent := mail.Sent, 1, "", any(*inv.sentAt)
		switch {
		case i%40 == 0:
			status, attempts, lastError, sent = mail.Failed, 5, "550 5.1.1 mailbox unavailable", nil
		case i%25 == 0:
			status, attempts, sent = mail.Queued, 0, nil
		}
		rows = append(rows, []any{uuid.NewString(), s.ev.ID, "invitation", "invitation:" + inv.id + ":1", inv.id, inv.email,
			string(payload), status, attempts, *inv.sentAt, lastError, sent, *inv.sentAt, *inv.sentAt})
	}
	s.out.outbox = len(rows)
	s.insert("outbox", []string{"id", "event_id", "kind", "dedupe_key", "subject_id", "recipient", "payload", "status",
		"attempts", "next_attempt_at", "last_error", "sent_at", "created_at", "updated_at"}, rows)
}

// printJobs are three finished jobs: all badges, one delegation's, and one
// that failed.
func (s *seeder) printJobs() {
	printed := s.nextBadge * 7 / 10
	deleg := fmt.Sprintf(`{"delegation_id":%q}`, s.delegs[0])
	at := func(h int) time.Time { return s.now.Add(-time.Duration(h) * time.Hour) }
	rows := [][]any{
		{uuid.NewString(), s.ev.ID, `{}`, string(badges.A6), badges.JobDone, printed, printed, "badges-all.zip", "application/zip", 512 << 20, "", at(5), at(5), at(4)},
		{uuid.NewString(), s.ev.ID, deleg, string(badges.A6), badges.JobDone, 60, 60, "badges-delegation.pdf", "application/pdf", 9 << 20, "", at(3), at(3), at(3)},
		{uuid.NewString(), s.ev.ID, `{"only_unprinted":true}`, string(badges.A6), badges.JobFailed, 120, s.nextBadge - printed, "", "", 0, "printer out of paper", at(1), at(1), at(1)},
	}
	s.out.jobs = len(rows)
	s.insert("print_jobs", []string{"id", "event_id", "filter", "layout", "status", "done", "total", "file_name", "file_type",
		"file_size", "error", "created_at", "started_at", "finished_at"}, rows)
}
