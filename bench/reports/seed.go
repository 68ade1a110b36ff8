package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"accreditation/bench/benchkit"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
	"accreditation/internal/invitations"
	"accreditation/internal/names"
)

type seeded struct {
	id, delegationID                        string
	qLatin, qArabic, qCyrillic, qInvitation string
	scans                                   int64
}

// seed makes the event with SQL that builds whole tables at once from
// generate_series: the seeding is PostgreSQL only, like the benchmark.
func seed(ctx context.Context, db *database.DB, n, nDeleg, perDeleg int) (*seeded, error) {
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: 0, Days: 3, StartDays: -1})
	if err != nil {
		return nil, err
	}
	out := &seeded{id: ev.ID, qLatin: "lefev", qArabic: "حسني", qCyrillic: "щербак", qInvitation: "haddad"}
	now := time.Now().UTC()
	ps := benchkit.People()
	tx := db.Begin()
	defer tx.Rollback()
	exec := func(sql string, args ...any) {
		if err == nil {
			err = tx.Exec(sql, args...).Error
		}
	}
	exec(`CREATE TEMP TABLE bench_people (k INTEGER PRIMARY KEY, honorific TEXT, given TEXT, family TEXT, native TEXT, search TEXT, email TEXT)`)
	for i, p := range ps {
		search := names.Fold(strings.Join([]string{p.Honorific, p.Given, p.Family, p.Native}, " "))
		exec(`INSERT INTO bench_people VALUES (?, ?, ?, ?, ?, ?, ?)`, i, p.Honorific, p.Given, p.Family, p.Native, search,
			strings.ToLower(strings.ReplaceAll(search, " ", ".")))
	}
	exec(`CREATE TEMP TABLE bench_categories (k INTEGER PRIMARY KEY, id UUID)`)
	for k, code := range []string{"minister", "head-io", "parliamentarian", "religious", "ngo", "expert", "media", "secretariat", "security", "interpreter"} {
		id := uuid.NewString()
		exec(`INSERT INTO bench_categories VALUES (?, ?)`, k, id)
		exec(`INSERT INTO categories (id, event_id, code, names, colour, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, '#333333', ?, ?, ?)`, id, ev.ID, code, fmt.Sprintf(`{"en":%q}`, code), k+1, now, now)
		exec(`INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, id, ev.ZoneID)
	}
	exec(`INSERT INTO delegations (id, event_id, kind, country, names, name_en, protocol_order, created_at, updated_at)
		SELECT md5('d' || i)::uuid, @event, (CAST(@kinds AS text[]))[1 + i % 7], '', '{"en":"Delegation ' || lpad(i::text, 4, '0') || '"}',
			'Delegation ' || lpad(i::text, 4, '0'), i, @now, @now
		FROM generate_series(1, @n) i`,
		map[string]any{"event": ev.ID, "kinds": "{" + strings.Join(invitations.Kinds, ",") + "}", "now": now, "n": nDeleg})
	statuses := "{accepted,accepted,accepted,accepted,accepted,accepted,sent,sent,declined,issued,draft,expired}"
	exec(`INSERT INTO invitations (id, event_id, delegation_id, language, quota, rsvp_deadline, status, reference_number,
			honorific, given_names, family_name, native_name, office, email, email_key, created_at, updated_at)
		SELECT md5('i' || i)::uuid, @event, md5('d' || (1 + i % @nd))::uuid, 'en', 200, @deadline,
			(CAST(@statuses AS text[]))[1 + i % 12], CASE WHEN i % 12 = 10 THEN NULL ELSE 'REF/' || lpad(i::text, 5, '0') END,
			p.honorific, p.given, p.family, p.native, 'Minister of Foreign Affairs', p.email || '.' || i || '@example.org',
			p.email || '.' || i || '@example.org', @now, @now
		FROM generate_series(0, @ni - 1) i JOIN bench_people p ON p.k = (i * 7) % @np`,
		map[string]any{"event": ev.ID, "nd": nDeleg, "ni": nDeleg * perDeleg, "deadline": now.AddDate(0, 1, 0),
			"statuses": statuses, "now": now, "np": len(ps)})
	// Participant i belongs to invitation i % ni, so the first ni are one
	// head per invitation; 60% approved, 25% nominated, 10% rejected, 5% withdrawn.
	exec(`INSERT INTO participants (id, event_id, invitation_id, delegation_id, honorific, given_names, family_name,
			native_name, gender, function, role, email, nationality, interpretation_language, status, category_id,
			search_text, decided_at, created_at, updated_at)
		SELECT md5('p' || i)::uuid, @event, md5('i' || (i % @ni))::uuid, md5('d' || (1 + (i % @ni) % @nd))::uuid,
			p.honorific, p.given, p.family, p.native, '', 'Delegate', CASE WHEN i < @ni THEN 'head'
				ELSE (ARRAY['delegate','alternate','adviser','security','support'])[1 + i % 5] END,
			p.email || '.' || i || '@example.org', '', 'en',
			CASE WHEN i < @ni OR i % 20 < 12 THEN 'approved' WHEN i % 20 < 17 THEN 'nominated' WHEN i % 20 < 19 THEN 'rejected' ELSE 'withdrawn' END,
			CASE WHEN i < @ni OR i % 20 < 12 THEN c.id END, p.search, NULL,
			CAST(@start AS TIMESTAMP) + i * interval '1 millisecond', CAST(@start AS TIMESTAMP) + i * interval '1 millisecond'
		FROM generate_series(0, @n - 1) i JOIN bench_people p ON p.k = i % @np JOIN bench_categories c ON c.k = i % 10`,
		map[string]any{"event": ev.ID, "ni": nDeleg * perDeleg, "nd": nDeleg, "np": len(ps), "n": n, "start": now.Add(-time.Hour)})
	exec(`INSERT INTO badges (id, event_id, participant_id, number, version, status, key_id, code, change_seq, created_at, updated_at)
		SELECT gen_random_uuid(), event_id, id, ROW_NUMBER() OVER (ORDER BY created_at), 1, 'active', 1, 'bench',
			ROW_NUMBER() OVER (ORDER BY created_at), created_at, created_at
		FROM participants WHERE event_id = @event AND status = 'approved'`, map[string]any{"event": ev.ID})
	// Every holder comes in at the main door; a third go out again; a third
	// are refused at the VIP door.
	day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
	exec(`INSERT INTO scans (scan_id, event_id, checkpoint_id, zone_id, direction, code_hash, badge_number,
		badge_version, badge_id, participant_id, verdict, badge_status, day, offline, conflict, scanned_at, received_at, fingerprint)
		SELECT gen_random_uuid(), b.event_id, CASE WHEN k = 2 THEN CAST(@vipcp AS UUID) ELSE CAST(@cp AS UUID) END,
			CASE WHEN k = 2 THEN CAST(@vipzone AS UUID) ELSE CAST(@zone AS UUID) END,
			CASE WHEN k = 1 THEN 'out' ELSE 'in' END, 'bench', b.number, 1, b.id, b.participant_id,
			CASE WHEN k = 2 THEN 'not_valid_here' ELSE 'ok' END, 'active',
			CASE b.number % 3 WHEN 0 THEN @d0 WHEN 1 THEN @d1 ELSE @d2 END, FALSE, FALSE,
			CAST(@at AS TIMESTAMP) + k * interval '1 minute', CAST(@at AS TIMESTAMP) + k * interval '1 minute', 'bench'
		FROM badges b CROSS JOIN generate_series(0, 2) k
		WHERE b.event_id = @event AND (k = 0 OR b.number % 3 = k)`,
		map[string]any{"cp": ev.CheckpointID, "vipcp": ev.VIPCheckpointID, "zone": ev.ZoneID, "vipzone": ev.VIPZoneID,
			"d0": day(-1), "d1": day(0), "d2": day(1), "at": now, "event": ev.ID})
	exec(`INSERT INTO presence (event_id, participant_id, zone_id, inside, changed_at, first_in_at)
		SELECT s.event_id, s.participant_id, s.zone_id, s.badge_number % 3 <> 1, s.scanned_at, s.scanned_at
		FROM scans s WHERE s.event_id = ? AND s.verdict = 'ok' AND s.direction = 'in'`, ev.ID)
	if err == nil {
		err = checkintest.Attendees(ctx, tx, ev.ID)
	}
	if err != nil {
		return nil, err
	}
	if err := tx.Commit().Error; err != nil {
		return nil, err
	}
	if err := db.Exec(`VACUUM ANALYZE`).Error; err != nil {
		return nil, err
	}
	if err := db.Raw(`SELECT COUNT(*) FROM scans WHERE event_id = ?`, ev.ID).Scan(&out.scans).Error; err != nil {
		return nil, err
	}
	err = db.Raw(`SELECT id FROM delegations WHERE event_id = ? ORDER BY protocol_order LIMIT 1 OFFSET 500`, ev.ID).Scan(&out.delegationID).Error
	return out, err
}
