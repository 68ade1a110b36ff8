package badges

import (
	"context"
	"slices"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
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
	ev, err := s.store.findEvent(ctx, f.EventID)
	if err != nil {
		return nil, 0, err
	}
	var a *arrival
	if f.ArrivedOn != "" {
		from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, ev.Location())
		a = &arrival{day: f.ArrivedOn, from: from.UTC(), to: from.AddDate(0, 0, 1).UTC()}
	}
	return s.store.findBadgeLines(ctx, f, a)
}

// arrival is a day of the event: its date and its bounds in UTC.
type arrival struct {
	day      string
	from, to time.Time
}

// Line returns one badge as a list shows it, with its holder. It returns
// NotFound.
func (s *Service) Line(ctx context.Context, id string) (Line, error) {
	b, err := s.store.findBadge(ctx, id)
	if err != nil {
		return Line{}, err
	}
	lines, _, err := s.store.findBadgeLines(ctx, BadgeFilter{EventID: b.EventID, BadgeID: id}, nil)
	if err != nil {
		return Line{}, err
	}
	if len(lines) == 0 {
		return Line{}, apperr.NotFoundf("no such badge")
	}
	return lines[0], nil
}
