package checkin_test

import (
	"context"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
	"accreditation/migrations"
)

// TestMigrationFillsAttendees: the migration that adds attendance rows makes
// one per approved or seen participant from the presence recorded before it,
// each person counted once however many zones they are in.
func TestMigrationFillsAttendees(t *testing.T) {
	ctx := context.Background()
	db, p := migrationsOf(t)
	if _, err := p.DownTo(ctx, 62); err != nil {
		t.Fatal(err)
	}
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: 4})
	if err != nil {
		t.Fatal(err)
	}
	early, late := db.Now().Add(-2*time.Hour).Truncate(time.Second), db.Now().Add(-time.Hour).Truncate(time.Second)
	b := ev.Badges
	for _, r := range []struct {
		participant, zone string
		inside            bool
		firstIn           *time.Time
	}{
		{b[0].ParticipantID, ev.ZoneID, true, &late}, // inside two zones
		{b[0].ParticipantID, ev.VIPZoneID, true, &early},
		{b[1].ParticipantID, ev.ZoneID, false, &late}, // came and left
		{b[2].ParticipantID, ev.ZoneID, false, nil},   // a row made, never let in
	} {
		err := db.Exec(`INSERT INTO presence (event_id, participant_id, zone_id, inside, changed_at, first_in_at)
			VALUES (?, ?, ?, ?, ?, ?)`, ev.ID, r.participant, r.zone, r.inside, late, r.firstIn).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	// A rejected participant seen before is kept; one never seen is not.
	db.Exec(`UPDATE participants SET status = 'rejected' WHERE id IN (?, ?)`, b[1].ParticipantID, b[3].ParticipantID)
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ParticipantID string
		DelegationID  string
		CategoryID    string
		ZonesInside   int
		FirstInAt     *time.Time
	}
	if err := db.Raw(`SELECT participant_id, delegation_id, category_id, zones_inside, first_in_at FROM attendees`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		got[r.ParticipantID] = r.ZonesInside
		if r.DelegationID != ev.DelegationID || r.CategoryID != ev.CategoryID {
			t.Errorf("%s: delegation %s, category %s", r.ParticipantID, r.DelegationID, r.CategoryID)
		}
		switch {
		case r.ParticipantID == b[0].ParticipantID && (r.FirstInAt == nil || !r.FirstInAt.Equal(early)),
			r.ParticipantID == b[1].ParticipantID && (r.FirstInAt == nil || !r.FirstInAt.Equal(late)),
			r.ParticipantID == b[2].ParticipantID && r.FirstInAt != nil:
			t.Errorf("%s: first in at %v", r.ParticipantID, r.FirstInAt)
		}
	}
	if len(rows) != 3 || got[b[0].ParticipantID] != 2 || got[b[1].ParticipantID] != 0 || got[b[2].ParticipantID] != 0 {
		t.Errorf("attendees %+v, want three: two zones inside, none, none", rows)
	}
}

// migrationsOf opens a test database and the migrations' provider on it.
func migrationsOf(t *testing.T) (*database.DB, *goose.Provider) {
	t.Helper()
	db := database.OpenTest(t)
	dialect := goose.DialectPostgres
	if db.Dialect == database.SQLite {
		dialect = goose.DialectSQLite3
	}
	p, err := goose.NewProvider(dialect, db.SQL(), migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}
