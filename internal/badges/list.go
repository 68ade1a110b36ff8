package badges

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// Current, as a BadgeFilter status, is a badge that is active or suspended:
// the one version of each holder that can still open a door.
const Current = "current"

// ListStatuses are the statuses a list of badges may be filtered by.
var ListStatuses = []string{Current, Active, Suspended, Superseded, Revoked}

// BadgeSorts are the orders a list of badges may be sorted in ("-" first
// for descending): by number (then newest version first), by holder's
// family name, by delegation in protocol order.
var BadgeSorts = []string{"number", "name", "delegation"}

// BadgeFilter chooses the badges of a list.
type BadgeFilter struct {
	EventID       string
	ParticipantID string // every version of one holder's badge
	BadgeID       string
	DelegationID  string
	CategoryID    string
	Status        string // one of ListStatuses; "" for every status
	Printed       *bool
	Collected     *bool
	// ArrivedOn (YYYY-MM-DD, a day in the event's timezone) keeps the
	// badges whose holder was let in (an accepted scan) that day.
	ArrivedOn string
	// Query is part of the holder's name in any script (folded as the
	// participants' search text is) or the badge's number.
	Query string
	Sort  string // one of BadgeSorts, "-" first for descending; "" is "number"
	Page  httpx.Page
}

// Line is one badge of a list, with its holder, delegation and category.
type Line struct {
	Badge          `gorm:"embedded"`
	Honorific      string      `json:"honorific"`
	GivenNames     string      `json:"given_names"`
	FamilyName     string      `json:"family_name"`
	NativeName     string      `json:"native_name"`
	DelegationID   string      `json:"delegation_id"`
	DelegationName event.Texts `json:"delegation_name"`
	DelegationEN   string      `json:"-"`
	CategoryID     *string     `json:"category_id"`
	CategoryCode   *string     `json:"category_code"`
	CategoryName   event.Texts `json:"category_name"`
	CategoryColour *string     `json:"category_colour"`
}

// Name is the holder's name in Latin script.
func (l Line) Name() string {
	return strings.TrimSpace(strings.Join(strings.Fields(l.Honorific+" "+l.GivenNames+" "+l.FamilyName), " "))
}

// Badges returns one page of the event's badges matching f with the total.
// It returns Invalid for an unknown status or sort, or an id that is not a
// UUID, and NotFound for an unknown event.
func (s *Service) Badges(ctx context.Context, f BadgeFilter) ([]Line, int64, error) {
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(ListStatuses, f.Status), "status",
		"must be one of %s", strings.Join(ListStatuses, ", "))
	v.Check(f.Sort == "" || slices.Contains(BadgeSorts, strings.TrimPrefix(f.Sort, "-")), "sort",
		"must be one of %s", strings.Join(BadgeSorts, ", "))
	v.Check(f.DelegationID == "" || httpx.IsUUID(f.DelegationID), "delegation_id", "must be a UUID")
	v.Check(f.CategoryID == "" || httpx.IsUUID(f.CategoryID), "category_id", "must be a UUID")
	day, err := time.Parse(time.DateOnly, f.ArrivedOn)
	v.Check(f.ArrivedOn == "" || err == nil, "arrived", "must be a date (YYYY-MM-DD)")
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	ev, err := findEvent(ctx, s.DB, f.EventID)
	if err != nil {
		return nil, 0, err
	}
	var a *arrival
	if f.ArrivedOn != "" {
		from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, ev.Location())
		a = &arrival{day: f.ArrivedOn, from: from.UTC(), to: from.AddDate(0, 0, 1).UTC()}
	}
	return findBadgeLines(ctx, s.DB, f, a)
}

// arrival is a day of the event: its date and its bounds in UTC.
type arrival struct {
	day      string
	from, to time.Time
}

// badgeQuery is the badges of f joined with their holders, and with their
// delegations and categories when lines are read (a count needs neither;
// nor does it need the holders unless f filters by them).
func badgeQuery(ctx context.Context, db *gorm.DB, f BadgeFilter, a *arrival, lines bool) *gorm.DB {
	q := db.WithContext(ctx).Table("badges AS b").Where("b.event_id = ?", f.EventID)
	if lines || f.DelegationID != "" || f.CategoryID != "" || strings.TrimSpace(f.Query) != "" {
		// p.event_id repeats b.event_id so that the holders can be read in
		// name order from their index.
		q = q.Joins("JOIN participants p ON p.id = b.participant_id").Where("p.event_id = ?", f.EventID)
	}
	if lines {
		q = q.Joins("JOIN delegations d ON d.id = p.delegation_id").
			Joins("LEFT JOIN categories c ON c.id = p.category_id")
	}
	switch f.Status {
	case "":
	case Current:
		q = q.Where("b.status IN ?", []string{Active, Suspended})
	default:
		q = q.Where("b.status = ?", f.Status)
	}
	if f.ParticipantID != "" {
		q = q.Where("b.participant_id = ?", f.ParticipantID)
	}
	if f.BadgeID != "" {
		q = q.Where("b.id = ?", f.BadgeID)
	}
	if f.DelegationID != "" {
		q = q.Where("p.delegation_id = ?", f.DelegationID)
	}
	if f.CategoryID != "" {
		q = q.Where("p.category_id = ?", f.CategoryID)
	}
	for col, want := range map[string]*bool{"b.printed_at": f.Printed, "b.collected_at": f.Collected} {
		switch {
		case want == nil:
		case *want:
			q = q.Where(col + " IS NOT NULL")
		default:
			q = q.Where(col + " IS NULL")
		}
	}
	if a != nil {
		// The scans are the door's record (checkin writes them, with the
		// event-local day; older rows have none and are dated by their
		// time); a badge list only reads whose holder was let in that day.
		q = q.Where(`b.participant_id IN (SELECT s.participant_id FROM scans s WHERE s.event_id = ?
			AND s.direction = 'in' AND s.verdict IN ('ok', 'already_inside') AND s.participant_id IS NOT NULL
			AND (s.day = ? OR (s.day IS NULL AND s.scanned_at >= ? AND s.scanned_at < ?)))`,
			f.EventID, a.day, a.from, a.to)
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		like := database.Like(registration.Fold(text))
		if n, err := strconv.Atoi(strings.TrimLeft(text, "#")); err == nil {
			q = q.Where(`(b.number = ? OR p.search_text LIKE ? ESCAPE '\')`, n, like)
		} else {
			q = q.Where(`p.search_text LIKE ? ESCAPE '\'`, like)
		}
	}
	return q
}

var badgeOrders = map[string]string{
	"number":     "b.number {dir}, b.version DESC",
	"name":       "p.family_name {dir}, p.given_names {dir}, b.number, b.version DESC",
	"delegation": "d.protocol_order {dir}, d.name_en {dir}, p.family_name, b.number, b.version DESC",
}

// findBadgeLines returns one page of the badges of f, with the total.
func findBadgeLines(ctx context.Context, db *gorm.DB, f BadgeFilter, a *arrival) ([]Line, int64, error) {
	var total int64
	if err := badgeQuery(ctx, db, f, a, false).Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count badges")
	}
	col, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if col == "" {
		col = "number"
	}
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	q := badgeQuery(ctx, db, f, a, true).Select(`b.*, p.honorific, p.given_names, p.family_name, p.native_name,
		p.delegation_id, d.names AS delegation_name, d.name_en AS delegation_en, p.category_id,
		c.code AS category_code, c.names AS category_name, c.colour AS category_colour`).
		Order(strings.ReplaceAll(badgeOrders[col], "{dir}", dir)).Order("b.id")
	if f.Page.Limit > 0 {
		q = q.Limit(f.Page.Limit).Offset(f.Page.Offset)
	}
	out := []Line{}
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "read badges")
	}
	for i := range out {
		if len(out[i].DelegationName) == 0 {
			out[i].DelegationName = event.Texts{"en": out[i].DelegationEN}
		}
	}
	return out, total, nil
}

// Line returns one badge as a list shows it, with its holder. It returns
// NotFound.
func (s *Service) Line(ctx context.Context, id string) (Line, error) {
	b, err := findBadge(ctx, s.DB, id)
	if err != nil {
		return Line{}, err
	}
	lines, _, err := findBadgeLines(ctx, s.DB, BadgeFilter{EventID: b.EventID, BadgeID: id}, nil)
	if err != nil {
		return Line{}, err
	}
	if len(lines) == 0 {
		return Line{}, apperr.NotFoundf("no such badge")
	}
	return lines[0], nil
}
