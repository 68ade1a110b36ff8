package badges

import "context"

// Count is how many of a group's active badges exist, are printed and are
// collected.
type Count struct {
	Active    int `json:"active"`
	Printed   int `json:"printed"`
	Collected int `json:"collected"`
}

// Counts is an event's active badges by delegation and by category.
type Counts struct {
	Total        Count            `json:"total"`
	ByDelegation map[string]Count `json:"by_delegation"`
	ByCategory   map[string]Count `json:"by_category"`
}

// Counts counts an event's active badges, printed and collected, by the
// holder's delegation and category (kept on each badge), in one grouped
// query of the badges alone.
// Errors: Internal.
func (s *Service) Counts(ctx context.Context, eventID string) (Counts, error) {
	rows, err := s.store.countActiveBadges(ctx, eventID)
	if err != nil {
		return Counts{}, err
	}
	out := Counts{ByDelegation: map[string]Count{}, ByCategory: map[string]Count{}}
	for _, r := range rows {
		add := func(c Count) Count {
			return Count{Active: c.Active + r.Active, Printed: c.Printed + r.Printed, Collected: c.Collected + r.Collected}
		}
		out.Total = add(out.Total)
		if r.DelegationID != nil {
			out.ByDelegation[*r.DelegationID] = add(out.ByDelegation[*r.DelegationID])
		}
		if r.CategoryID != nil {
			out.ByCategory[*r.CategoryID] = add(out.ByCategory[*r.CategoryID])
		}
	}
	return out, nil
}
