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
	offset  time.Duration
)

// Now reads the tests' clock: the machine's clock moved so that it read
// TEST_NOW (an RFC 3339 time) when the test binary first asked, or the
// machine's clock itself when TEST_NOW is not set. Every test of a package
// and the servers they start read this one clock, which runs on (leases,
// timeouts and the order of rows still move forward). A TEST_NOW that is
// not an RFC 3339 time panics, so that a run meant to be pinned never runs
// on the wall clock.
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
		offset = time.Until(t)
	})
	return time.Now().Add(offset).UTC()
}

// Offset is how far the tests' clock is ahead of the machine's (negative
// when behind): what a browser under test must add to its own clock.
func Offset() time.Duration {
	Now()
	return offset
}

// Clock is the tests' clock (Now) as a service clock, which the database
// test helpers and apptest give every database they open.
func Clock() clock.Clock { return Now }
