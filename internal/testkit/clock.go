package testkit

import (
	"fmt"
	"os"
	"sync"
	"time"

	"accreditation/internal/clock"
)

var (
	pinOnce sync.Once
	pinned  time.Time
)

// Now is the time a test's clock starts at: TEST_NOW (an RFC 3339 time) when
// set, else the machine's clock. A TEST_NOW that is not an RFC 3339 time
// panics, so that a run meant to be pinned never runs on the wall clock.
func Now() time.Time {
	pinOnce.Do(func() {
		s := os.Getenv("TEST_NOW")
		if s == "" {
			return
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(fmt.Sprintf("TEST_NOW=%q is not an RFC 3339 time (2026-06-01T23:59:00+04:00): %v", s, err))
		}
		pinned = t.UTC()
	})
	if pinned.IsZero() {
		return time.Now().UTC()
	}
	return pinned
}

// Clock returns a clock for one test: it reads Now when made and runs on
// from there, so every test of a pinned run starts at TEST_NOW.
func Clock() clock.Clock { return clock.Running(Now()) }
