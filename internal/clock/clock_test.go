package clock_test

import (
	"testing"
	"time"

	"accreditation/internal/clock"
)

func TestRunningStartsAtItsTimeAndMovesOn(t *testing.T) {
	start := time.Date(2027, 3, 1, 19, 59, 0, 0, time.UTC)
	c := clock.Running(start)
	first := c()
	if first.Before(start) || first.Sub(start) > time.Second {
		t.Fatalf("first reading %s, want about %s", first, start)
	}
	time.Sleep(5 * time.Millisecond)
	if second := c(); !second.After(first) {
		t.Errorf("second reading %s, not after %s", second, first)
	}
}
