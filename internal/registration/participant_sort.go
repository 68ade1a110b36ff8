package registration

import (
	"slices"
	"strings"
	"time"
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
