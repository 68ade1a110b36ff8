package ratelimit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"accreditation/internal/database"
	"accreditation/internal/ratelimit"
)

func eachDatabase(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, database.OpenTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, database.OpenTestPostgres(t)) })
}

// TestWindowsFollowTheCallersClock: a window starts at the first hit, counts
// until it ends by the clock passed in, and starts again after.
func TestWindowsFollowTheCallersClock(t *testing.T) {
	eachDatabase(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		t0 := time.Date(2013, 3, 18, 23, 59, 0, 0, time.FixedZone("+04", 4*3600))
		for i, c := range []struct {
			at   time.Duration
			want int
		}{{0, 1}, {time.Minute, 2}, {10*time.Minute - time.Second, 3}, {10 * time.Minute, 1}, {11 * time.Minute, 2}} {
			n, until, err := ratelimit.NewStore(db.DB).Hit(ctx, "k", 10*time.Minute, t0.Add(c.at))
			if err != nil {
				t.Fatal(err)
			}
			start := t0
			if c.at >= 10*time.Minute {
				start = t0.Add(10 * time.Minute)
			}
			if n != c.want || !until.Equal(start.Add(10*time.Minute)) {
				t.Errorf("hit %d at +%s: %d until %s, want %d until %s", i+1, c.at, n, until, c.want, start.Add(10*time.Minute))
			}
		}
	})
}

// TestKeysOfAnyLengthAndEndedWindowsDeleted: a key of 70,000 characters is
// counted like any other (it is stored as a digest), and distinct keys tried
// by strangers do not stay: once their windows have ended, new hits delete
// them, so the table holds only live windows.
func TestKeysOfAnyLengthAndEndedWindowsDeleted(t *testing.T) {
	eachDatabase(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		long := "login:account:" + strings.Repeat("a", 70000)
		for i := 1; i <= 2; i++ {
			if n, _, err := ratelimit.NewStore(db.DB).Hit(ctx, long, time.Minute, t0); err != nil || n != i {
				t.Fatalf("long key, hit %d: %d, %v", i, n, err)
			}
		}
		var longest int
		db.Raw(`SELECT MAX(LENGTH(key)) FROM rate_limits`).Scan(&longest)
		if longest > 64 {
			t.Errorf("a key of %d characters is stored", longest)
		}
		for i := range 250 {
			if _, _, err := ratelimit.NewStore(db.DB).Hit(ctx, fmt.Sprintf("login:account:stranger%d@example.org", i), time.Minute, t0); err != nil {
				t.Fatal(err)
			}
		}
		rows := func() (n int64) {
			db.Table("rate_limits").Count(&n)
			return n
		}
		if n := rows(); n != 251 {
			t.Fatalf("rows during the window: %d, want 251", n)
		}
		later := t0.Add(time.Minute)
		for i := range 3 {
			if _, _, err := ratelimit.NewStore(db.DB).Hit(ctx, fmt.Sprintf("login:account:late%d@example.org", i), time.Hour, later); err != nil {
				t.Fatal(err)
			}
		}
		if n := rows(); n != 3 {
			t.Errorf("rows after the windows ended and three hits: %d, want the 3 live ones", n)
		}
	})
}
