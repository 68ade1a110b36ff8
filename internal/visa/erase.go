package visa

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/audit"
)

// Erase deletes the passport details of every event whose last day is more
// than its number of days ago (in the event's own calendar), each erasure
// recorded in the audit log by the system, and returns how many it erased.
// Errors: Internal.
func (s *Service) Erase(ctx context.Context) (int, error) {
	now := s.Now()
	// The last day's date is compared as text (YYYY-MM-DD); the day of
	// erasure is taken in UTC, so that details may outlive their days by
	// at most the hours between UTC and the event's timezone.
	due, err := s.store.dueForErasure(ctx, func(days int) string {
		return now.AddDate(0, 0, -days).Format(time.DateOnly)
	})
	if err != nil {
		return 0, err
	}
	ctx = actor.With(ctx, actor.Actor{Kind: actor.System, Name: "passport erasure"})
	n := 0
	for _, r := range due {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			gone, err := s.store.In(tx).deleteSealed(ctx, r.ParticipantID)
			if err != nil || !gone {
				return err
			}
			n++
			return audit.NewStore(tx).Record(ctx, audit.Change{Action: "erase", Entity: "passport",
				EntityID: r.ParticipantID, EventID: r.EventID, Before: map[string]bool{"present": true},
				After: map[string]bool{"present": false}})
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// EraseWorker runs Erase every interval until ctx ends, logging how many
// it erased (never what).
func (s *Service) EraseWorker(interval time.Duration, logf func(msg string, args ...any)) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if n, err := s.Erase(ctx); err != nil && ctx.Err() == nil {
				logf("erase passport details failed", "error", err)
			} else if n > 0 {
				logf("passport details erased", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}
