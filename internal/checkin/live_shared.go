package checkin

import "context"

// liveKey names one live attendance view: an event, a day ("" for today)
// and a step.
type liveKey struct {
	event, day string
	step       int
}

// SharedLive is Live computed at most once a LiveInterval on this server for
// each event, day and step, however many screens ask for it: callers within
// the interval share the last result, and those who ask while it is being
// computed wait for it. The figures are at most one interval older than
// Live's. Errors: those of Live.
func (s *Service) SharedLive(ctx context.Context, eventID, day string, step int) (Live, error) {
	return s.lives.Get(ctx, liveKey{eventID, day, step}, LiveInterval, func(ctx context.Context) (Live, error) {
		return s.Live(ctx, eventID, day, step)
	})
}
