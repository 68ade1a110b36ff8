package visa_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"accreditation/internal/audit"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

func TestErasureAfterTheEventErasesAndAudits(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		// An event that ended ten days ago and keeps details for seven, and
		// one that ended ten days ago and keeps them for thirty.
		f := newFixtureLogged(t, db, io.Discard, "2040-03-18", "2040-03-19")
		now := f.Now().UTC()
		at := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
		must(t, f.DB.Exec(`UPDATE events SET starts_on = ?, ends_on = ? WHERE id = ?`, at(-11), at(-10), f.EventID).Error)
		f.mustDo("PUT", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat",
			with(map[string]any{"expires_on": at(400), "birth_date": "1961-04-12"}), 200)
		kept := f.mustDo("POST", "/api/v1/rsvp/"+f.Token+"/participants", "", map[string]any{"given_names": "Leyla",
			"family_name": "Mammadova", "role": "delegate"}, 201)["id"].(string)
		f.mustDo("PUT", "/api/v1/participants/"+kept+"/passport", "secretariat", with(map[string]any{"expires_on": at(400)}), 200)

		s := f.App.Services.Visa
		f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"erase_after_days": 10}, 200)
		if n, err := s.Erase(context.Background()); err != nil || n != 0 {
			t.Fatalf("erased %d on the last day of retention (%v)", n, err)
		}
		if rec := f.mustDo("GET", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", nil, 200); rec["erased_from"] != at(1) {
			t.Errorf("erased from %v, want %s", rec["erased_from"], at(1))
		}
		f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"erase_after_days": 7}, 200)
		n, err := s.Erase(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("erased %d, %v; want 2", n, err)
		}
		if n := f.count("participant_passports"); n != 0 {
			t.Errorf("%d passports left", n)
		}
		for _, id := range []string{f.MemberID, kept} {
			if r := f.Do("GET", "/api/v1/participants/"+id+"/passport", "secretariat", nil); r.Status != 404 {
				t.Errorf("after erasure: %d %s", r.Status, r.Body)
			}
			entries, _, err := audit.NewStore(f.DB.DB).Find(context.Background(), audit.Filter{Entity: "passport", EntityID: id, Action: "erase", Page: httpx.Page{Limit: 10}})
			must(t, err)
			if len(entries) != 1 || entries[0].ActorKind != "system" || entries[0].After == nil ||
				!strings.Contains(*entries[0].After, `"present":false`) {
				t.Errorf("the erasure of %s audited as %+v", id, entries)
			}
			for _, e := range entries {
				if strings.Contains(*e.Before+*e.After, "AZ1234567") {
					t.Errorf("the audit entry holds the number: %+v", e)
				}
			}
		}
		if r := f.Do("POST", "/api/v1/participants/"+f.MemberID+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}); r.Status != 200 {
			t.Fatalf("approve: %d", r.Status)
		}
		if r := f.Do("POST", "/api/v1/participants/"+f.MemberID+"/visa-letter", "secretariat", nil); r.Status != 409 {
			t.Errorf("a letter after erasure: %d", r.Status)
		}
		// Nothing left to erase: a second run erases nothing and audits nothing.
		var before int64
		must(t, f.DB.Table("audit_log").Count(&before).Error)
		if n, err := s.Erase(context.Background()); err != nil || n != 0 {
			t.Errorf("second run: %d, %v", n, err)
		}
		if after := f.count("audit_log"); after != before {
			t.Errorf("second run audited %d entries", after-before)
		}
	})
}
