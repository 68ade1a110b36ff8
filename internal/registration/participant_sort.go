package registration

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
)

// Sort orders of a list of participants, for ParticipantFilter.Sort; a "-"
// before one reverses it. The empty order is SortNominated, the API's.
const (
	SortNominated = "nominated" // when the delegation nominated them
	SortName      = "name"      // family name, then given names
)

// ParticipantSorts lists the sort orders a list of participants accepts.
var ParticipantSorts = []string{SortNominated, SortName}

// sortOf splits a ParticipantFilter.Sort into its column and direction;
// ok is false for an order not in ParticipantSorts.
func sortOf(sort string) (col string, desc, ok bool) {
	col = strings.TrimPrefix(sort, "-")
	if col == "" {
		col = SortNominated
	}
	return col, strings.HasPrefix(sort, "-"), slices.Contains(ParticipantSorts, col)
}

// Key is a participant's place in a list sorted as f.Sort says: the keyset
// cursor of the page that follows it (httpx.NewKeysetList's key).
func (f ParticipantFilter) Key(p Participant) []string {
	if col, _, _ := sortOf(f.Sort); col == SortName {
		return []string{p.FamilyName + "\x00" + p.GivenNames, p.ID}
	}
	return []string{p.CreatedAt.UTC().Format(time.RFC3339Nano), p.ID}
}

// ordered sorts q as f.Sort says and starts it after f.Page's cursor or
// offset. Errors: Invalid for an unknown order or a cursor that is not a
// participant's key.
func (f ParticipantFilter) ordered(q *gorm.DB) (*gorm.DB, error) {
	col, desc, ok := sortOf(f.Sort)
	if !ok {
		return nil, apperr.Fields(apperr.Field("sort", "must be one of %s, optionally after -", strings.Join(ParticipantSorts, ", ")))
	}
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	cursor := f.Page.After
	if len(cursor) == 2 && !httpx.IsUUID(cursor[1]) {
		return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
	}
	switch col {
	case SortName:
		q = q.Order("participants.family_name" + dir).Order("participants.given_names" + dir).Order("participants.id" + dir)
		if len(cursor) == 2 {
			family, given, found := strings.Cut(cursor[0], "\x00")
			if !found || strings.Contains(given, "\x00") {
				return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
			}
			q = q.Where("(participants.family_name, participants.given_names, participants.id) "+cmp+" (?, ?, ?)", family, given, cursor[1])
		}
	default:
		q = q.Order("participants.created_at" + dir).Order("participants.id" + dir)
		if len(cursor) == 2 {
			at, err := time.Parse(time.RFC3339Nano, cursor[0])
			if err != nil {
				return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
			}
			q = q.Where("(participants.created_at, participants.id) "+cmp+" (?, ?)", at.UTC(), cursor[1])
		}
	}
	if len(cursor) != 2 && f.Page.Offset > 0 {
		q = q.Offset(f.Page.Offset)
	}
	return q, nil
}
