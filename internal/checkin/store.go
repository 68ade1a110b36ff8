package checkin

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/database"
	"accreditation/internal/registration"
)

// Store is the checkin package's database access: every query of the
// package is one of its methods. Services open transactions and hand them
// to In.
type Store struct {
	db *gorm.DB
}

// NewStore returns a store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx, so that another package's
// transaction (a hook's) takes this package's writes too.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// checkpointRow is a checkpoint with what a verdict needs of its event.
type checkpointRow struct {
	ID          string
	EventID     string
	ZoneID      string
	Name        string
	EventNumber int64
	Timezone    string
	StartsOn    string
	EndsOn      string
	SessionID   *string // the session the checkpoint guards
}

// findCheckpoint returns a checkpoint with its event. Errors: NotFound.
func (s *Store) findCheckpoint(ctx context.Context, id string) (checkpointRow, error) {
	var rows []checkpointRow
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, c.event_id, c.zone_id, c.name, e.number AS event_number,
		e.timezone, e.starts_on, e.ends_on, c.session_id FROM checkpoints c JOIN events e ON e.id = c.event_id WHERE c.id = ?`, id).
		Scan(&rows).Error
	if err != nil {
		return checkpointRow{}, apperr.Wrap(err, "load the checkpoint")
	}
	if len(rows) == 0 {
		return checkpointRow{}, apperr.NotFoundf("no checkpoint %s", id).With("field", "checkpoint_id")
	}
	return rows[0], nil
}

// registeredFor reports whether a participant is registered for a session
// (registration's table, known here by name only).
func (s *Store) registeredFor(ctx context.Context, sessionID, participantID string) (bool, error) {
	var n []int
	err := s.db.WithContext(ctx).Raw(`SELECT 1 FROM session_registrations WHERE session_id = ? AND participant_id = ?`,
		sessionID, participantID).Find(&n).Error
	if err != nil {
		return false, apperr.Wrap(err, "load the session's registrations")
	}
	return len(n) > 0, nil
}

// categoryZones returns the zones each category of an event opens.
func (s *Store) categoryZones(ctx context.Context, eventID string) (map[string]map[string]bool, error) {
	var rows []struct{ CategoryID, ZoneID string }
	err := s.db.WithContext(ctx).Raw(`SELECT cz.category_id, cz.zone_id FROM category_zones cz
		JOIN categories c ON c.id = cz.category_id WHERE c.event_id = ?`, eventID).Scan(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "load the zone rules")
	}
	out := map[string]map[string]bool{}
	for _, r := range rows {
		if out[r.CategoryID] == nil {
			out[r.CategoryID] = map[string]bool{}
		}
		out[r.CategoryID][r.ZoneID] = true
	}
	return out, nil
}

// publicKey returns an event's public key by event number and key id; ok is
// false when there is none.
func (s *Store) publicKey(ctx context.Context, eventNumber uint32, keyID uint16) (ed25519.PublicKey, bool, error) {
	var rows []struct{ PublicKey []byte }
	err := s.db.WithContext(ctx).Raw(`SELECT k.public_key FROM signing_keys k JOIN events e ON e.id = k.event_id
		WHERE e.number = ? AND k.key_id = ?`, int64(eventNumber), int(keyID)).Scan(&rows).Error
	if err != nil {
		return nil, false, apperr.Wrap(err, "load the signing key")
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	return ed25519.PublicKey(rows[0].PublicKey), true, nil
}

// badgeRow is a badge with its holder as the door shows it.
type badgeRow struct {
	ID              string
	ParticipantID   string
	Number          int
	Version         int
	MaxVersion      int
	Status          string
	Honorific       string
	GivenNames      string
	FamilyName      string
	NativeName      string
	PhotoID         *string
	CategoryID      *string
	DelegationID    string
	DelegationName  string
	DelegationNames string
	CategoryNames   *string
	CategoryColour  *string
	ChangeSeq       int64 // only in snapshots
	// ParticipantStatus is the holder's: the door shows the holder's photo
	// only when they are approved.
	ParticipantStatus string
}

// shown reports whether the door may show the holder's photo (and, in a
// snapshot, the holder): an active badge of an approved participant.
func (b *badgeRow) shown() bool {
	return b.Status == badges.Active && b.ParticipantStatus == registration.Approved
}

const badgeSelect = `SELECT b.id, b.participant_id, b.number, b.version, b.status,
	(SELECT max(m.version) FROM badges m WHERE m.event_id = b.event_id AND m.number = b.number) AS max_version,
	p.honorific, p.given_names, p.family_name, p.native_name, p.photo_id, p.category_id, p.delegation_id,
	p.status AS participant_status, d.name_en AS delegation_name, d.names AS delegation_names, c.names AS category_names, c.colour AS category_colour
	FROM badges b JOIN participants p ON p.id = b.participant_id JOIN delegations d ON d.id = p.delegation_id
	LEFT JOIN categories c ON c.id = p.category_id WHERE b.event_id = ? AND b.number = ? `

// findBadge returns the badge (event, number, version), or with version 0 the
// number's highest version; ok is false when there is none.
func (s *Store) findBadge(ctx context.Context, eventID string, number, version int) (badgeRow, bool, error) {
	var rows []badgeRow
	q := badgeSelect + `AND b.version = ?`
	args := []any{eventID, number, version}
	if version == 0 {
		q = badgeSelect + `ORDER BY b.version DESC LIMIT 1`
		args = args[:2]
	}
	// Find rather than Scan: Scan renders the SQL with its values for the
	// logger on every call, a cost on the scan path.
	if err := s.db.WithContext(ctx).Raw(q, args...).Find(&rows).Error; err != nil {
		return badgeRow{}, false, apperr.Wrap(err, "load the badge")
	}
	if len(rows) == 0 {
		return badgeRow{}, false, nil
	}
	return rows[0], true, nil
}

// scanRow is one row of the scans table.
type scanRow struct {
	ScanID        string `gorm:"primaryKey"`
	EventID       string
	CheckpointID  string
	ZoneID        string
	DeviceID      *string
	UserID        *string
	Direction     string
	Code          *string
	CodeHash      string
	BadgeNumber   *int
	BadgeVersion  *int
	BadgeID       *string
	ParticipantID *string
	Verdict       string
	Note          *string // the message key when it is not the verdict's own
	BadgeStatus   *string // the badge's status as judged
	Day           *string // scanned_at's date in the event's timezone
	DeviceVerdict *string
	Offline       bool
	Conflict      bool
	OffCheckpoint bool // a device's scan at another checkpoint than its own
	ScannedAt     time.Time
	ReceivedAt    time.Time
	Fingerprint   string
}

// TableName is the scans table.
func (scanRow) TableName() string { return "scans" }

// presenceChange is what a scan does to the holder's presence in a zone;
// the holder's delegation and category go on their attendance row when the
// scan makes it.
type presenceChange struct {
	EventID, ParticipantID, ZoneID string
	Direction                      string
	DelegationID                   string
	CategoryID                     *string
}

const scanColumns = `scan_id, event_id, checkpoint_id, zone_id, device_id, user_id, direction, code, code_hash,
	badge_number, badge_version, badge_id, participant_id, verdict, note, badge_status, day, device_verdict, offline,
	conflict, scanned_at, received_at, fingerprint, off_checkpoint`

const scanValues = `@scan_id, @event_id, @checkpoint_id, @zone_id, @device_id, @user_id, @direction, @code, @code_hash,
	@badge_number, @badge_version, @badge_id, @participant_id, @verdict, @note, @badge_status, @day, @device_verdict,
	@offline, @conflict, @scanned_at, @received_at, @fingerprint, @off_checkpoint`

func (r *scanRow) args() map[string]any {
	return map[string]any{"shard": rand.IntN(tallyShards), "scan_id": r.ScanID, "event_id": r.EventID, "checkpoint_id": r.CheckpointID,
		"zone_id": r.ZoneID, "device_id": r.DeviceID, "user_id": r.UserID, "direction": r.Direction, "code": r.Code,
		"code_hash": r.CodeHash, "badge_number": r.BadgeNumber, "badge_version": r.BadgeVersion, "badge_id": r.BadgeID,
		"participant_id": r.ParticipantID, "verdict": r.Verdict, "note": r.Note, "badge_status": r.BadgeStatus,
		"day": r.Day, "device_verdict": r.DeviceVerdict, "offline": r.Offline, "conflict": r.Conflict,
		"scanned_at": r.ScannedAt, "received_at": r.ReceivedAt, "fingerprint": r.Fingerprint,
		"off_checkpoint": r.OffCheckpoint}
}

// recordScan stores a scan and, when p is set, applies its presence change
// atomically with it. An "in" that finds the holder inside is stored as
// already_inside; row.Verdict holds the verdict stored. stored is false when
// a scan with the same scan_id exists: then nothing changed and the caller
// answers from it.
func (s *Store) recordScan(ctx context.Context, row *scanRow, p *presenceChange) (stored bool, err error) {
	if database.IsPostgres(s.db) {
		stored, err = s.recordScanPostgres(ctx, row, p)
	} else {
		stored, err = s.recordScanTx(ctx, row, p)
	}
	if err != nil {
		return false, apperr.Wrap(err, "record the scan")
	}
	return stored, nil
}

// PostgreSQL does a scan in one statement, so one round trip and one commit:
// the scan's INSERT claims the scan_id first, and the presence UPDATE runs
// only when it did, so a repeated scan_id changes nothing. For an "in" the
// presence row is locked (FOR UPDATE, which in READ COMMITTED waits for a
// concurrent scan and then reads its result), the verdict is ok or
// already_inside by what it says, and the UPDATE marks the holder inside: of
// concurrent entries on any number of servers exactly one is ok. When the
// presence row's inside flag changes, the holder's attendance row counts the
// zone in or out (zones_inside), so it always equals the number of the
// holder's presence rows that are inside; its first_in_at is the first entry
// into any zone.
//
// Every statement that records a scan also counts it, when it claimed its
// scan_id, in scan_tallies and, for a holder let in, in day_arrivals
// (tallySQL): the attendance report reads those instead of the scans.
const (
	insertScanSQL = `WITH claim AS (INSERT INTO scans (` + scanColumns + `) VALUES (` + scanValues + `)
			ON CONFLICT (scan_id) DO NOTHING RETURNING verdict),
		` + tallySQL + `
		SELECT verdict FROM claim`
	exitScanSQL = `WITH claim AS (INSERT INTO scans (` + scanColumns + `) VALUES (` + scanValues + `)
			ON CONFLICT (scan_id) DO NOTHING RETURNING verdict),
		` + tallySQL + `,
		up AS (UPDATE presence SET inside = FALSE, changed_at = @scanned_at
			WHERE event_id = @event_id AND participant_id = @participant_id AND zone_id = @zone_id AND inside
			AND EXISTS (SELECT 1 FROM claim) RETURNING 1),
		att AS (UPDATE attendees SET zones_inside = zones_inside - 1
			WHERE event_id = @event_id AND participant_id = @participant_id AND EXISTS (SELECT 1 FROM up))
		SELECT 1 AS present, (SELECT verdict FROM claim) AS verdict`
	// newPresenceSQL makes the row of a holder never seen in the zone,
	// outside, before the entry statement runs again, and the holder's
	// attendance row when they were never seen in any zone.
	newPresenceSQL = `WITH att AS (INSERT INTO attendees (event_id, participant_id, delegation_id, category_id)
			VALUES (@event_id, @participant_id, @delegation_id, @category_id)
			ON CONFLICT (event_id, participant_id) DO NOTHING)
		INSERT INTO presence (event_id, participant_id, zone_id, inside, changed_at)
		VALUES (@event_id, @participant_id, @zone_id, FALSE, @scanned_at)
		ON CONFLICT (event_id, participant_id, zone_id) DO NOTHING`
)

var (
	entryValues = strings.Replace(scanValues, "@verdict",
		"CASE WHEN pres.inside THEN '"+AlreadyInside+"' ELSE '"+OK+"' END", 1)
	entryScanSQL = `WITH pres AS (SELECT inside FROM presence
			WHERE event_id = @event_id AND participant_id = @participant_id AND zone_id = @zone_id FOR UPDATE),
		claim AS (INSERT INTO scans (` + scanColumns + `)
			SELECT ` + entryValues + ` FROM pres ON CONFLICT (scan_id) DO NOTHING RETURNING verdict),
		` + tallySQL + `,
		up AS (UPDATE presence SET inside = TRUE, changed_at = @scanned_at, first_in_at = COALESCE(first_in_at, @scanned_at)
			WHERE event_id = @event_id AND participant_id = @participant_id AND zone_id = @zone_id AND NOT inside
			AND EXISTS (SELECT 1 FROM claim) RETURNING 1),
		att AS (UPDATE attendees SET zones_inside = zones_inside + 1, first_in_at = COALESCE(first_in_at, @scanned_at)
			WHERE event_id = @event_id AND participant_id = @participant_id AND EXISTS (SELECT 1 FROM up))
		SELECT (SELECT COUNT(*) FROM pres) AS present, (SELECT verdict FROM claim) AS verdict`
)

// tallyShards is how many rows of scan_tallies share the count of one
// checkpoint, day and direction, so that concurrent scans there seldom wait
// for one another's row lock.
const tallyShards = 16

// accepted is the SQL condition on a verdict that let the holder in.
const accepted = `IN ('` + OK + `', '` + AlreadyInside + `')`

// tallySQL are the WITH clauses, after claim, that count the scan claim
// stored: one more scan (accepted or not) at its checkpoint on its day in
// its direction, and, for an entry let in, the holder among the day's
// arrivals.
const tallySQL = `tally AS (INSERT INTO scan_tallies (event_id, checkpoint_id, day, direction, shard, scans, accepted)
			SELECT @event_id, @checkpoint_id, COALESCE(CAST(@day AS TEXT), ''), @direction, @shard, 1,
				CASE WHEN claim.verdict ` + accepted + ` THEN 1 ELSE 0 END FROM claim
			ON CONFLICT (event_id, checkpoint_id, day, direction, shard)
			DO UPDATE SET scans = scan_tallies.scans + 1, accepted = scan_tallies.accepted + excluded.accepted),
		arrival AS (INSERT INTO day_arrivals (event_id, day, participant_id)
			SELECT @event_id, CAST(@day AS TEXT), CAST(@participant_id AS UUID) FROM claim
			WHERE claim.verdict ` + accepted + ` AND CAST(@direction AS TEXT) = '` + In + `'
				AND CAST(@day AS TEXT) IS NOT NULL AND CAST(@participant_id AS UUID) IS NOT NULL
			ON CONFLICT (event_id, day, participant_id) DO NOTHING)`

// pgStatement is a statement with @name parameters rewritten to $n for the
// driver, which prepares it once per connection.
type pgStatement struct {
	sql   string
	names []string
}

var paramName = regexp.MustCompile(`@([a-z_]+)`)

func positional(q string) pgStatement {
	st := pgStatement{}
	index := map[string]int{}
	st.sql = paramName.ReplaceAllStringFunc(q, func(m string) string {
		name := m[1:]
		if _, ok := index[name]; !ok {
			st.names = append(st.names, name)
			index[name] = len(st.names)
		}
		return "$" + strconv.Itoa(index[name])
	})
	return st
}

var (
	pgInsertScan = positional(insertScanSQL)
	pgExitScan   = positional(exitScanSQL)
	pgEntryScan  = positional(entryScanSQL)
)

// query runs st with args on the pool directly: the scan path skips GORM's
// statement building.
func (st pgStatement) query(db *gorm.DB, args map[string]any, dest ...any) (bool, error) {
	vals := make([]any, len(st.names))
	for i, n := range st.names {
		vals[i] = args[n]
	}
	err := db.Statement.ConnPool.QueryRowContext(db.Statement.Context, st.sql, vals...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (s *Store) recordScanPostgres(ctx context.Context, row *scanRow, p *presenceChange) (bool, error) {
	db := s.db.WithContext(ctx)
	args := row.args()
	var verdict *string
	present := 1
	var err error
	switch {
	case p == nil:
		var ok bool
		if ok, err = pgInsertScan.query(db, args, &verdict); err != nil || !ok {
			return false, err
		}
	case p.Direction == Out:
		_, err = pgExitScan.query(db, args, &present, &verdict)
	default:
		for range 2 {
			if _, err = pgEntryScan.query(db, args, &present, &verdict); err != nil || present > 0 {
				break
			}
			if err = db.Exec(newPresenceSQL, p.args(row.ScannedAt)).Error; err != nil {
				break
			}
		}
	}
	if err != nil {
		return false, err
	}
	if present == 0 {
		return false, errors.New("the presence row could not be made")
	}
	if verdict == nil {
		return false, nil
	}
	row.Verdict = *verdict
	return true, nil
}

// recordScanTx records a scan in a transaction (SQLite: BEGIN IMMEDIATE, one
// writer at a time).
func (s *Store) recordScanTx(ctx context.Context, row *scanRow, p *presenceChange) (bool, error) {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if p != nil {
			enter, err := s.In(tx).applyPresence(ctx, *p, row.ScannedAt)
			if err != nil {
				return err
			}
			if p.Direction == In && !enter {
				row.Verdict = AlreadyInside
			}
		}
		res := tx.Exec(`INSERT INTO scans (`+scanColumns+`) VALUES (`+scanValues+`) ON CONFLICT (scan_id) DO NOTHING`, row.args())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errDuplicateScan
		}
		return s.In(tx).tally(ctx, row)
	})
	if errors.Is(err, errDuplicateScan) {
		return false, nil
	}
	return err == nil, err
}

var errDuplicateScan = errors.New("duplicate scan_id")

// tally counts a stored scan in scan_tallies and day_arrivals, as tallySQL
// does on PostgreSQL.
func (s *Store) tally(ctx context.Context, row *scanRow) error {
	tx := s.db.WithContext(ctx)
	ok := row.Verdict == OK || row.Verdict == AlreadyInside
	let := 0
	if ok {
		let = 1
	}
	day := ""
	if row.Day != nil {
		day = *row.Day
	}
	err := tx.Exec(`INSERT INTO scan_tallies (event_id, checkpoint_id, day, direction, shard, scans, accepted)
		VALUES (?, ?, ?, ?, 0, 1, ?) ON CONFLICT (event_id, checkpoint_id, day, direction, shard)
		DO UPDATE SET scans = scan_tallies.scans + 1, accepted = scan_tallies.accepted + excluded.accepted`,
		row.EventID, row.CheckpointID, day, row.Direction, let).Error
	if err != nil || !ok || row.Direction != In || row.Day == nil || row.ParticipantID == nil {
		return err
	}
	return tx.Exec(`INSERT INTO day_arrivals (event_id, day, participant_id) VALUES (?, ?, ?)
		ON CONFLICT (event_id, day, participant_id) DO NOTHING`, row.EventID, day, *row.ParticipantID).Error
}

// applyPresence marks the holder inside (an "in") or outside (an "out") the
// zone, and counts the zone in or out on the holder's attendance row when
// that changed. For an "in" it reports whether the holder was outside. The
// conditional UPDATE takes the row lock, so of concurrent "in" scans exactly
// one finds the holder outside; the INSERT ... ON CONFLICT DO NOTHING settles
// the first entry the same way.
func (s *Store) applyPresence(ctx context.Context, p presenceChange, at time.Time) (bool, error) {
	tx := s.db.WithContext(ctx)
	if p.Direction == Out {
		res := tx.Exec(`UPDATE presence SET inside = ?, changed_at = ?
			WHERE event_id = ? AND participant_id = ? AND zone_id = ? AND inside = ?`,
			false, at, p.EventID, p.ParticipantID, p.ZoneID, true)
		if res.Error != nil || res.RowsAffected == 0 {
			return false, res.Error
		}
		return false, tx.Exec(`UPDATE attendees SET zones_inside = zones_inside - 1 WHERE event_id = ? AND participant_id = ?`,
			p.EventID, p.ParticipantID).Error
	}
	res := tx.Exec(`UPDATE presence SET inside = ?, changed_at = ?, first_in_at = COALESCE(first_in_at, ?)
		WHERE event_id = ? AND participant_id = ? AND zone_id = ? AND inside = ?`,
		true, at, at, p.EventID, p.ParticipantID, p.ZoneID, false)
	if res.Error != nil {
		return false, res.Error
	}
	if res.RowsAffected == 0 {
		res = tx.Exec(`INSERT INTO presence (event_id, participant_id, zone_id, inside, changed_at, first_in_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, participant_id, zone_id) DO NOTHING`,
			p.EventID, p.ParticipantID, p.ZoneID, true, at, at)
		if res.Error != nil || res.RowsAffected == 0 {
			return false, res.Error
		}
	}
	err := tx.Exec(`INSERT INTO attendees (event_id, participant_id, delegation_id, category_id, zones_inside, first_in_at)
		VALUES (@event_id, @participant_id, @delegation_id, @category_id, 1, @scanned_at)
		ON CONFLICT (event_id, participant_id) DO UPDATE SET zones_inside = attendees.zones_inside + 1,
			first_in_at = COALESCE(attendees.first_in_at, excluded.first_in_at)`, p.args(at)).Error
	return err == nil, err
}

func (p presenceChange) args(at time.Time) map[string]any {
	return map[string]any{"event_id": p.EventID, "participant_id": p.ParticipantID, "zone_id": p.ZoneID,
		"delegation_id": p.DelegationID, "category_id": p.CategoryID, "scanned_at": at}
}

// findScan returns the stored scan with scanID. Errors: NotFound.
func (s *Store) findScan(ctx context.Context, scanID string) (scanRow, error) {
	var row scanRow
	err := s.db.WithContext(ctx).Where("scan_id = ?", scanID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return scanRow{}, apperr.NotFoundf("no scan %s", scanID)
	}
	if err != nil {
		return scanRow{}, apperr.Wrap(err, "load the scan")
	}
	return row, nil
}

// eventExists reports whether an event exists. Errors: NotFound.
func (s *Store) eventExists(ctx context.Context, eventID string) error {
	var n int64
	if err := s.db.WithContext(ctx).Table("events").Where("id = ?", eventID).Count(&n).Error; err != nil {
		return apperr.Wrap(err, "load the event")
	}
	if n == 0 {
		return apperr.NotFoundf("no event %s", eventID)
	}
	return nil
}

// findConflicts lists an event's conflicting offline scans, oldest first.
func (s *Store) findConflicts(ctx context.Context, eventID string, limit, offset int) ([]scanRow, int, error) {
	q := s.db.WithContext(ctx).Model(&scanRow{}).Where("event_id = ? AND conflict = ?", eventID, true)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count the conflicts")
	}
	var rows []scanRow
	if err := q.Order("scanned_at, scan_id").Limit(limit).Offset(offset).Find(&rows).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "list the conflicts")
	}
	return rows, int(total), nil
}

// badgePhoto checks that a photo is an approved participant's with an
// active badge, of one of events (of any event when events is nil).
// Errors: NotFound.
func (s *Store) badgePhoto(ctx context.Context, photoID string, events []string) error {
	q := s.db.WithContext(ctx).Table("participants p").Joins("JOIN badges b ON b.participant_id = p.id").
		Where("p.photo_id = ? AND p.status = ? AND b.status = ?", photoID, registration.Approved, badges.Active)
	if events != nil {
		q = q.Where("b.event_id IN ?", events)
	}
	var ids []string
	if err := q.Limit(1).Pluck("p.id", &ids).Error; err != nil {
		return apperr.Wrap(err, "load the photo")
	}
	if len(ids) == 0 {
		return apperr.NotFoundf("no photo %s", photoID)
	}
	return nil
}

// photo returns a photo's content type and bytes. Errors: NotFound.
func (s *Store) photo(ctx context.Context, id string) (string, []byte, error) {
	var rows []struct {
		ContentType string
		Data        []byte
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT content_type, data FROM photos WHERE id = ?`, id).Scan(&rows).Error; err != nil {
		return "", nil, apperr.Wrap(err, "load the photo")
	}
	if len(rows) == 0 {
		return "", nil, apperr.NotFoundf("no photo %s", id)
	}
	return rows[0].ContentType, rows[0].Data, nil
}
