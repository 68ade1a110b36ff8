// Package checkintest seeds a database with an event ready for door scans:
// zones, categories and their rules, checkpoints, a delegation, participants,
// a signing key and signed badges. Tests and the benchmark use it; it writes
// the rows directly, as the event and badges packages would.
package checkintest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"accreditation/internal/badges"
	"accreditation/internal/clock"
)

// Options shape a seeded event.
type Options struct {
	Number    int    // the event number (unique per database)
	Badges    int    // how many approved participants with an active badge
	StartDays int    // the first day relative to today in the event's timezone (by db's clock)
	Days      int    // how many days the event lasts (at least 1)
	Timezone  string // default Asia/Baku
	Photos    bool   // give every participant a photo (one picture, stored once per participant)
	// SharedPhoto gives every participant the same stored photo, to keep a
	// large seeded database small.
	SharedPhoto bool
	// Master is the server's signing master key; with it the event's key is
	// sealed as the badges package keeps it, so the server can sign new badge
	// versions. Without it the stored key is a placeholder that only verifies.
	Master []byte
}

// Badge is one seeded badge.
type Badge struct {
	ID, ParticipantID string
	Number            int
	Version           int
	Code              string
}

// Event is what Seed made.
type Event struct {
	ID, ZoneID, VIPZoneID              string
	CheckpointID, VIPCheckpointID      string
	CategoryID, DelegationID, KeyRowID string
	Number                             int
	Key                                ed25519.PrivateKey
	Badges                             []Badge
}

// Sign returns the code of badge number/version signed with the event's key.
func (e *Event) Sign(number, version int) string {
	return badges.Credential{Event: uint32(e.Number), KeyID: 1, Number: uint32(number), Version: uint16(version)}.Sign(e.Key)
}

// Seed creates an event per o. It returns the database's error.
func Seed(ctx context.Context, db *gorm.DB, o Options) (*Event, error) {
	if o.Timezone == "" {
		o.Timezone = "Asia/Baku"
	}
	if o.Days < 1 {
		o.Days = 2
	}
	loc, err := time.LoadLocation(o.Timezone)
	if err != nil {
		return nil, err
	}
	now := clock.Of(db)()
	today := now.In(loc)
	start := today.AddDate(0, 0, o.StartDays).Format(time.DateOnly)
	end := today.AddDate(0, 0, o.StartDays+o.Days-1).Format(time.DateOnly)
	pub, priv, err := badges.GenerateKey()
	if err != nil {
		return nil, err
	}
	id := func() string { return uuid.NewString() }
	e := &Event{ID: id(), ZoneID: id(), VIPZoneID: id(), CheckpointID: id(), VIPCheckpointID: id(), CategoryID: id(),
		DelegationID: id(), KeyRowID: id(), Number: o.Number, Key: priv}
	sealed := []byte("sealed-placeholder")
	if o.Master != nil {
		if sealed, err = badges.SealPrivateKey(o.Master, e.KeyRowID, priv); err != nil {
			return nil, err
		}
	}
	invitationID := id()
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		stmts := []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO events (id, number, name, timezone, starts_on, ends_on, languages, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, []any{e.ID, o.Number, fmt.Sprintf("Conference %d", o.Number), o.Timezone, start, end, `["en","fr","ar","ru","az"]`, now, now}},
			{`INSERT INTO zones (id, event_id, code, names, created_at, updated_at) VALUES (?, ?, 'plenary', '{"en":"Plenary hall"}', ?, ?)`, []any{e.ZoneID, e.ID, now, now}},
			{`INSERT INTO zones (id, event_id, code, names, created_at, updated_at) VALUES (?, ?, 'vip', '{"en":"VIP lounge"}', ?, ?)`, []any{e.VIPZoneID, e.ID, now, now}},
			{`INSERT INTO categories (id, event_id, code, names, colour, created_at, updated_at)
				VALUES (?, ?, 'delegate', '{"en":"Delegate","fr":"Délégué"}', '#1f5fbf', ?, ?)`, []any{e.CategoryID, e.ID, now, now}},
			{`INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, []any{e.CategoryID, e.ZoneID}},
			{`INSERT INTO checkpoints (id, event_id, zone_id, name, created_at, updated_at) VALUES (?, ?, ?, 'Main door', ?, ?)`, []any{e.CheckpointID, e.ID, e.ZoneID, now, now}},
			{`INSERT INTO checkpoints (id, event_id, zone_id, name, created_at, updated_at) VALUES (?, ?, ?, 'VIP door', ?, ?)`, []any{e.VIPCheckpointID, e.ID, e.VIPZoneID, now, now}},
			{`INSERT INTO delegations (id, event_id, kind, country, names, name_en, created_at, updated_at)
				VALUES (?, ?, 'member_state', 'AZ', '{"en":"Azerbaijan","fr":"Azerbaïdjan","az":"Azərbaycan"}', 'Azerbaijan', ?, ?)`, []any{e.DelegationID, e.ID, now, now}},
			{`INSERT INTO invitations (id, event_id, delegation_id, language, quota, rsvp_deadline, status, email, email_key, created_at, updated_at)
				VALUES (?, ?, ?, 'en', 100000, ?, 'accepted', 'focal@example.org', ?, ?, ?)`, []any{invitationID, e.ID, e.DelegationID, now, fmt.Sprintf("focal-%d@example.org", o.Number), now, now}},
			{`INSERT INTO signing_keys (id, event_id, key_id, public_key, sealed_key, active, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)`,
				[]any{e.KeyRowID, e.ID, []byte(pub), sealed, true, now}},
		}
		for _, s := range stmts {
			if err := tx.Exec(s.sql, s.args...).Error; err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		if err := seedBadges(tx, e, invitationID, o, now); err != nil {
			return err
		}
		// As the badges package numbers changes: one per issued badge.
		return tx.Exec(`UPDATE events SET next_badge = ?, next_badge_change = ? WHERE id = ?`, o.Badges+1, o.Badges+1, e.ID).Error
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

var names = [][3]string{
	{"Elmar", "Məmmədyarov", "Elmar Məmmədyarov"}, {"Fatima", "Al-Zahra", "فاطمة الزهراء"},
	{"Ivan", "Petrov", "Иван Петров"}, {"Zoé", "Lefèvre", "Zoé Lefèvre"},
}

func seedBadges(tx *gorm.DB, e *Event, invitationID string, o Options, now time.Time) error {
	const chunk = 500
	n := o.Badges
	var photo []byte
	if o.Photos || o.SharedPhoto {
		photo = Photo()
	}
	sharedID := ""
	// Badges keep their holder's groups, as the badges package writes them,
	// unless the schema is older than that (a migration's test).
	groups := tx.Migrator().HasColumn("badges", "delegation_id")
	for startAt := 0; startAt < n; startAt += chunk {
		var ps, bs, phs []map[string]any
		for i := startAt; i < min(n, startAt+chunk); i++ {
			nm := names[i%len(names)]
			pid, bid := uuid.NewString(), uuid.NewString()
			role := "delegate"
			if i == 0 {
				role = "head"
			}
			ps = append(ps, map[string]any{"id": pid, "event_id": e.ID, "invitation_id": invitationID, "delegation_id": e.DelegationID,
				"honorific": "H.E.", "given_names": nm[0], "family_name": nm[1], "native_name": nm[2], "role": role,
				"status": "approved", "category_id": e.CategoryID, "interpretation_language": "en", "created_at": now, "updated_at": now, "photo_id": nil})
			if photo != nil && sharedID != "" {
				ps[len(ps)-1]["photo_id"] = sharedID
			} else if photo != nil {
				phid := uuid.NewString()
				if o.SharedPhoto {
					sharedID = phid
				}
				ps[len(ps)-1]["photo_id"] = phid
				phs = append(phs, map[string]any{"id": phid, "participant_id": pid, "content_type": "image/jpeg",
					"width": PhotoWidth, "height": PhotoHeight, "sha256": "seed", "data": photo, "created_at": now})
			}
			b := Badge{ID: bid, ParticipantID: pid, Number: i + 1, Version: 1}
			b.Code = e.Sign(b.Number, 1)
			bs = append(bs, map[string]any{"id": bid, "event_id": e.ID, "participant_id": pid, "number": b.Number, "version": 1,
				"status": "active", "key_id": 1, "code": b.Code, "change_seq": i + 1, "created_at": now, "updated_at": now})
			if groups {
				bs[len(bs)-1]["delegation_id"], bs[len(bs)-1]["category_id"] = e.DelegationID, e.CategoryID
			}
			e.Badges = append(e.Badges, b)
		}
		if err := tx.Table("participants").Create(ps).Error; err != nil {
			return fmt.Errorf("seed participants: %w", err)
		}
		if err := tx.Table("badges").Create(bs).Error; err != nil {
			return fmt.Errorf("seed badges: %w", err)
		}
		if len(phs) > 0 {
			if err := tx.Table("photos").Create(phs).Error; err != nil {
				return fmt.Errorf("seed photos: %w", err)
			}
		}
	}
	return nil
}

// Size of the seeded photo.
const (
	PhotoWidth  = 600
	PhotoHeight = 800
)

// Photo returns a JPEG portrait-sized picture with detail at the scale a
// thumbnail keeps (a shaded ellipse over a background, with blotches of
// about 6 pixels), so that its thumbnail weighs at least what a face's does.
func Photo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, PhotoWidth, PhotoHeight))
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]int, (PhotoHeight/6+1)*(PhotoWidth/6+1))
	for i := range noise {
		noise[i] = r.IntN(48)
	}
	for y := range PhotoHeight {
		for x := range PhotoWidth {
			dx, dy := float64(x-300)/170, float64(y-330)/220
			base := 200 - 40*float64(y)/PhotoHeight
			if dx*dx+dy*dy < 1 {
				base = 170 - 60*(dx*dx+dy*dy)
			}
			v := base + float64(noise[(y/6)*(PhotoWidth/6+1)+x/6])
			img.Set(x, y, color.RGBA{uint8(v), uint8(v * 0.85), uint8(v * 0.7), 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}

// Attendees makes the attendance rows of an event whose participants and
// presence were written directly, as approvals and scans would have made
// them: one per approved participant or participant seen in a zone. It
// returns the database's error.
func Attendees(ctx context.Context, db *gorm.DB, eventID string) error {
	return db.WithContext(ctx).Exec(`INSERT INTO attendees (event_id, participant_id, delegation_id, category_id,
			zones_inside, first_in_at)
		SELECT p.event_id, p.id, p.delegation_id, p.category_id, COALESCE(pr.inside, 0), pr.first_in_at
		FROM participants p LEFT JOIN (SELECT participant_id, SUM(CASE WHEN inside THEN 1 ELSE 0 END) AS inside,
				MIN(first_in_at) AS first_in_at
			FROM presence WHERE event_id = ? GROUP BY participant_id) pr ON pr.participant_id = p.id
		WHERE p.event_id = ? AND (p.status = 'approved' OR pr.participant_id IS NOT NULL)`, eventID, eventID).Error
}

// Tallies counts an event's scans, seeded straight into the scans table, in
// scan_tallies and day_arrivals as the scan path counts them as it records
// them.
func Tallies(ctx context.Context, db *gorm.DB, eventID string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO scan_tallies (event_id, checkpoint_id, day, direction, shard, scans, accepted)
			SELECT event_id, checkpoint_id, COALESCE(day, ''), direction, 0, COUNT(*),
				SUM(CASE WHEN verdict IN ('ok', 'already_inside') THEN 1 ELSE 0 END)
			FROM scans WHERE event_id = ? GROUP BY event_id, checkpoint_id, COALESCE(day, ''), direction`, eventID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO day_arrivals (event_id, day, participant_id)
			SELECT DISTINCT event_id, day, participant_id FROM scans
			WHERE event_id = ? AND direction = 'in' AND day IS NOT NULL AND participant_id IS NOT NULL
				AND verdict IN ('ok', 'already_inside')`, eventID).Error
	})
}
