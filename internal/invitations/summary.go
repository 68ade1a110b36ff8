package invitations

import "context"

// Statuses lists every invitation status.
var Statuses = []string{Draft, Issued, Sent, Accepted, Declined, Withdrawn, Expired}

// KindSummary counts one delegation kind's invitations.
type KindSummary struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
}

// Summary counts an event's invitations by status and by delegation kind.
type Summary struct {
	EventID  string                 `json:"event_id"`
	Total    int                    `json:"total"`
	ByStatus map[string]int         `json:"by_status"`
	ByKind   map[string]KindSummary `json:"by_kind"`
}

func zeroCounts() map[string]int {
	m := make(map[string]int, len(Statuses))
	for _, s := range Statuses {
		m[s] = 0
	}
	return m
}

// Summary counts an event's invitations (overdue ones counted as expired),
// every status and kind present with zero when none. It returns NotFound for
// an unknown event.
func (s *Service) Summary(ctx context.Context, eventID string) (Summary, error) {
	sum := Summary{EventID: eventID, ByStatus: zeroCounts(), ByKind: map[string]KindSummary{}}
	if _, err := s.store.findEvent(ctx, eventID, false); err != nil {
		return sum, err
	}
	if _, err := s.store.expireOverdue(ctx, eventID, s.now()); err != nil {
		return sum, err
	}
	rows, err := s.store.countByKindStatus(ctx, eventID)
	if err != nil {
		return sum, err
	}
	for _, k := range Kinds {
		sum.ByKind[k] = KindSummary{ByStatus: zeroCounts()}
	}
	for _, r := range rows {
		k := sum.ByKind[r.Kind]
		if k.ByStatus == nil {
			k.ByStatus = zeroCounts()
		}
		k.ByStatus[r.Status] += r.N
		k.Total += r.N
		sum.ByKind[r.Kind] = k
		sum.ByStatus[r.Status] += r.N
		sum.Total += r.N
	}
	return sum, nil
}
