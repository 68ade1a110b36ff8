package badges

import (
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Store is the badges package's storage: every query of the package is one
// of its methods. The services open transactions and hand them to In.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// keyRow is a stored signing key: the public half in clear, the private half
// sealed under the master key with the row id as associated data.
type keyRow struct {
	ID        string `gorm:"primaryKey"`
	EventID   string
	KeyID     int
	PublicKey []byte
	SealedKey []byte
	Active    bool
	CreatedAt time.Time
	RetiredAt *time.Time
}

func (keyRow) TableName() string { return "signing_keys" }

// counters are an event's values taken by a transaction that changes badges.
type counters struct {
	EventNumber int   // events.number, carried in the codes
	Badge       int   // the badge number taken, when one was asked for
	Seq         int64 // the change_seq for every badge row this transaction changes
}

// takeCounters takes the next change sequence of the event and, if
// newNumber, the next badge number. The UPDATE locks the event row until the
// transaction ends (PostgreSQL; SQLite runs one writer at a time), which
// makes badge numbers gap-free and change_seq values commit in order. It
// returns NotFound for an unknown event.
func (s *Store) takeCounters(ctx context.Context, eventID string, newNumber bool) (counters, error) {
	q := `UPDATE events SET next_badge_change = next_badge_change + 1 WHERE id = ?
		RETURNING number AS event_number, next_badge AS badge, next_badge_change - 1 AS seq`
	if newNumber {
		q = `UPDATE events SET next_badge = next_badge + 1, next_badge_change = next_badge_change + 1 WHERE id = ?
		RETURNING number AS event_number, next_badge - 1 AS badge, next_badge_change - 1 AS seq`
	}
	var c []counters
	if err := s.db.WithContext(ctx).Raw(q, eventID).Scan(&c).Error; err != nil {
		return counters{}, err
	}
	if len(c) == 0 {
		return counters{}, apperr.NotFoundf("no such event")
	}
	return c[0], nil
}

func (s *Store) findEvent(ctx context.Context, id string) (event.Event, error) {
	var e event.Event
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return e, apperr.NotFoundf("no such event")
	}
	return e, err
}

// lockEvent reads an event and, in a transaction, locks its row until the
// transaction ends (PostgreSQL; SQLite runs one writer at a time). It
// returns NotFound for an unknown event.
func (s *Store) lockEvent(ctx context.Context, id string) (event.Event, error) {
	var e event.Event
	err := database.ForUpdate(s.db.WithContext(ctx)).Where("id = ?", id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return e, apperr.NotFoundf("no such event")
	}
	return e, err
}

func (s *Store) findActiveKey(ctx context.Context, eventID string) (keyRow, error) {
	var k keyRow
	err := s.db.WithContext(ctx).Where("event_id = ? AND active", eventID).Order("key_id DESC").Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return k, apperr.NotFoundf("the event has no active signing key")
	}
	return k, err
}

// findNewestKey returns the signing key created last, of any event, and
// whether there is one.
func (s *Store) findNewestKey(ctx context.Context) (keyRow, bool, error) {
	var rows []keyRow
	err := s.db.WithContext(ctx).Order("created_at DESC").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return keyRow{}, false, err
	}
	return rows[0], true, nil
}

func (s *Store) maxKeyID(ctx context.Context, eventID string) (int, error) {
	var n *int
	err := s.db.WithContext(ctx).Model(&keyRow{}).Where("event_id = ?", eventID).Select("MAX(key_id)").Scan(&n).Error
	if n == nil {
		return 0, err
	}
	return *n, err
}

func (s *Store) retireKeys(ctx context.Context, eventID string, at time.Time) error {
	return s.db.WithContext(ctx).Model(&keyRow{}).Where("event_id = ? AND active", eventID).
		Updates(map[string]any{"active": false, "retired_at": at}).Error
}

func (s *Store) insertKey(ctx context.Context, k *keyRow) error {
	err := s.db.WithContext(ctx).Create(k).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("a signing key was created at the same time; try again")
	}
	return err
}

func (s *Store) listKeys(ctx context.Context, eventID string, p httpx.Page) ([]keyRow, int64, error) {
	var total int64
	q := s.db.WithContext(ctx).Model(&keyRow{}).Where("event_id = ?", eventID)
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []keyRow
	err := q.Order("key_id").Limit(p.Limit).Offset(p.Offset).Find(&rows).Error
	return rows, total, err
}

func (s *Store) eventIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("events").Order("number").Pluck("id", &ids).Error
	return ids, err
}

func (s *Store) findBadge(ctx context.Context, id string) (Badge, error) {
	var b Badge
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return b, apperr.NotFoundf("no such badge")
	}
	return b, err
}

// currentBadge returns the participant's active or suspended badge, or
// NotFound.
func (s *Store) currentBadge(ctx context.Context, participantID string) (Badge, error) {
	var b Badge
	err := s.db.WithContext(ctx).Where("participant_id = ? AND status IN ?", participantID, []string{Active, Suspended}).
		Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return b, apperr.NotFoundf("the participant has no current badge")
	}
	return b, err
}

// latestBadge returns the participant's highest badge version, or NotFound.
func (s *Store) latestBadge(ctx context.Context, participantID string) (Badge, error) {
	var b Badge
	err := s.db.WithContext(ctx).Where("participant_id = ?", participantID).Order("version DESC").Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return b, apperr.NotFoundf("the participant has no badge")
	}
	return b, err
}

func (s *Store) insertBadge(ctx context.Context, b *Badge) error {
	err := s.db.WithContext(ctx).Create(b).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("the participant's badge was changed at the same time; try again")
	}
	return err
}

func (s *Store) updateBadge(ctx context.Context, id string, changes map[string]any) error {
	return s.db.WithContext(ctx).Model(&Badge{}).Where("id = ?", id).Updates(changes).Error
}

func (s *Store) addHistory(ctx context.Context, h HistoryEntry) error {
	return s.db.WithContext(ctx).Create(&h).Error
}

func (s *Store) findHistory(ctx context.Context, badgeID string) ([]HistoryEntry, error) {
	h := []HistoryEntry{}
	err := s.db.WithContext(ctx).Where("badge_id = ?", badgeID).Order("at, id").Find(&h).Error
	return h, err
}

// cardRow is what a badge prints, read in one query.
type cardRow struct {
	BadgeID         string
	Number          int
	Version         int
	Code            string
	EventName       string
	EventNames      event.Texts
	Languages       event.Strings
	BadgeLanguages  event.Strings
	StartsOn        string
	EndsOn          string
	CategoryID      *string
	CategoryNames   event.Texts
	CategoryColour  *string
	Honorific       string
	GivenNames      string
	FamilyName      string
	NativeName      string
	Function        string
	DelegationName  string
	DelegationNames event.Texts
	PhotoData       []byte
	Zones           []string `gorm:"-"` // the codes of the zones the category opens
}

// findCardRows returns the printed data of the badges ids, in that order;
// ids that do not exist are left out.
func (s *Store) findCardRows(ctx context.Context, ids []string) ([]cardRow, error) {
	var rows []cardRow
	err := s.db.WithContext(ctx).Raw(`SELECT b.id AS badge_id, b.number, b.version, b.code,
			e.name AS event_name, e.names AS event_names, e.languages, e.badge_languages, e.starts_on, e.ends_on,
			p.category_id, c.names AS category_names, c.colour AS category_colour,
			p.honorific, p.given_names, p.family_name, p.native_name, p.function,
			d.name_en AS delegation_name, d.names AS delegation_names, ph.data AS photo_data
		FROM badges b
		JOIN participants p ON p.id = b.participant_id
		JOIN events e ON e.id = b.event_id
		JOIN delegations d ON d.id = p.delegation_id
		LEFT JOIN categories c ON c.id = p.category_id
		LEFT JOIN photos ph ON ph.id = p.photo_id
		WHERE b.id IN ?`, ids).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	if err := s.addZones(ctx, rows); err != nil {
		return nil, err
	}
	ordered := make([]cardRow, len(ids))
	found := make([]bool, len(ids))
	for _, r := range rows {
		ordered[pos[r.BadgeID]], found[pos[r.BadgeID]] = r, true
	}
	out := ordered[:0]
	for i, r := range ordered {
		if found[i] {
			out = append(out, r)
		}
	}
	return out, nil
}

// addZones sets the codes of the zones each row's category opens, in the
// order the zones were made.
func (s *Store) addZones(ctx context.Context, rows []cardRow) error {
	var cats []string
	for _, r := range rows {
		if r.CategoryID != nil && !slices.Contains(cats, *r.CategoryID) {
			cats = append(cats, *r.CategoryID)
		}
	}
	if len(cats) == 0 {
		return nil
	}
	var opens []struct{ CategoryID, Code string }
	err := s.db.WithContext(ctx).Raw(`SELECT cz.category_id, z.code FROM category_zones cz
		JOIN zones z ON z.id = cz.zone_id WHERE cz.category_id IN ? ORDER BY z.created_at, z.code`, cats).
		Scan(&opens).Error
	if err != nil {
		return err
	}
	for i := range rows {
		for _, o := range opens {
			if rows[i].CategoryID != nil && o.CategoryID == *rows[i].CategoryID {
				rows[i].Zones = append(rows[i].Zones, o.Code)
			}
		}
	}
	return nil
}

// PrintFilter chooses the badges of a print job.
type PrintFilter struct {
	DelegationID  *string `json:"delegation_id,omitempty"`
	CategoryID    *string `json:"category_id,omitempty"`
	OnlyUnprinted bool    `json:"only_unprinted,omitempty"`
}

// findPrintOrder returns the ids of the event's active badges that match f,
// in protocol order: delegations by protocol_order, the head of each
// delegation first, then by family and given names.
func (s *Store) findPrintOrder(ctx context.Context, eventID string, f PrintFilter) ([]string, error) {
	q := s.db.WithContext(ctx).Table("badges AS b").
		Joins("JOIN participants p ON p.id = b.participant_id").
		Joins("JOIN delegations d ON d.id = p.delegation_id").
		Where("b.event_id = ? AND b.status = ?", eventID, Active)
	if f.DelegationID != nil {
		q = q.Where("p.delegation_id = ?", *f.DelegationID)
	}
	if f.CategoryID != nil {
		q = q.Where("p.category_id = ?", *f.CategoryID)
	}
	if f.OnlyUnprinted {
		q = q.Where("b.printed_at IS NULL")
	}
	var ids []string
	err := q.Order("d.protocol_order, d.name_en, d.id").
		Order("CASE WHEN p.role = 'head' THEN 0 ELSE 1 END").
		Order("p.family_name, p.given_names, b.number").Pluck("b.id", &ids).Error
	return ids, err
}

// belongsToEvent reports whether the row id of table belongs to the event.
func (s *Store) belongsToEvent(ctx context.Context, table, id, eventID string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Table(table).Where("id = ? AND event_id = ?", id, eventID).Count(&n).Error
	return n > 0, err
}

// markPrinted sets printed_at on the badges ids, in slices that keep each
// statement's parameter list short.
func (s *Store) markPrinted(ctx context.Context, ids []string, at time.Time, seq int64) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		err := s.db.WithContext(ctx).Model(&Badge{}).Where("id IN ?", ids[:n]).
			Updates(map[string]any{"printed_at": at, "change_seq": seq, "updated_at": at}).Error
		if err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// PrintJobFilter chooses the print jobs of a list.
type PrintJobFilter struct {
	EventID string
	Status  string // one of JobStatuses; empty for every status
	Page    httpx.Page
}

// findPrintJobs returns one page of the print jobs matching f, newest first,
// with the total.
func (s *Store) findPrintJobs(ctx context.Context, f PrintJobFilter) ([]PrintJob, int64, error) {
	q := s.db.WithContext(ctx).Model(&PrintJob{}).Where("event_id = ?", f.EventID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var jobs []PrintJob
	err := q.Order("created_at DESC, id DESC").Limit(f.Page.Limit).Offset(f.Page.Offset).Find(&jobs).Error
	return jobs, total, err
}

// badgeCount is the count of one delegation's and category's active badges.
type badgeCount struct {
	DelegationID *string // nil only for rows written behind the service's back
	CategoryID   *string
	Active       int
	Printed      int
	Collected    int
}

// countActiveBadges counts an event's active badges, printed and
// collected, by delegation and category, in one grouped query.
func (s *Store) countActiveBadges(ctx context.Context, eventID string) ([]badgeCount, error) {
	var rows []badgeCount
	err := s.db.WithContext(ctx).Raw(`SELECT delegation_id, category_id, COUNT(*) AS active,
		COUNT(printed_at) AS printed, COUNT(collected_at) AS collected
		FROM badges WHERE event_id = ? AND status = ? GROUP BY delegation_id, category_id`, eventID, Active).
		Scan(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count badges")
	}
	return rows, nil
}
