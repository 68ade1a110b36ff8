package checkin

import "time"

// SetClock replaces the clock the service judges scans by (received times,
// the event's days); for tests and rehearsals of a past event's doors.
func (s *Service) SetClock(now func() time.Time) { s.now = now }
