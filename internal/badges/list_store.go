package badges

import (
	"accreditation/internal/names"
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/event"
)

// badgeQuery is the badges of f joined with their holders, and with their
// delegations and categories when lines are read (a count needs neither;
// nor does it need the holders unless f filters by them).
func (s *Store) badgeQuery(ctx context.Context, f BadgeFilter, a *arrival, lines bool) *gorm.DB {
	q := s.db.WithContext(ctx).Table("badges AS b").Where("b.event_id = ?", f.EventID)
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
		like := database.Like(names.Fold(text))
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
func (s *Store) findBadgeLines(ctx context.Context, f BadgeFilter, a *arrival) ([]Line, int64, error) {
	var total int64
	if err := s.badgeQuery(ctx, f, a, false).Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count badges")
	}
	col, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if col == "" {
		col = "number"
	}
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	q := s.badgeQuery(ctx, f, a, true).Select(`b.*, p.honorific, p.given_names, p.family_name, p.native_name,
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
