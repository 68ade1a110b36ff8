// Package ratelimit counts hits per key in fixed windows kept in the database,
// so every server behind a load balancer sees the same counts.
package ratelimit

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/clock"
)

// Hit counts one hit for key in the current window of length window and
// returns the hits so far in it and when it ends.
func Hit(ctx context.Context, db *gorm.DB, key string, window time.Duration) (int, time.Time, error) {
	now := clock.Of(db)()
	cutoff := now.Add(-window)
	var row struct {
		Hits        int
		WindowStart time.Time
	}
	err := db.WithContext(ctx).Raw(`INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start < ? THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start < ? THEN excluded.window_start ELSE rate_limits.window_start END
		RETURNING hits, window_start`, key, now, cutoff, cutoff).Scan(&row).Error
	if err != nil {
		return 0, time.Time{}, err
	}
	return row.Hits, row.WindowStart.UTC().Add(window), nil
}

// Count returns the hits for key in the current window without adding one.
func Count(ctx context.Context, db *gorm.DB, key string, window time.Duration) (int, time.Time, error) {
	var row struct {
		Hits        int
		WindowStart time.Time
	}
	err := db.WithContext(ctx).Raw(`SELECT hits, window_start FROM rate_limits WHERE key = ?`, key).Scan(&row).Error
	if err != nil || row.WindowStart.IsZero() || row.WindowStart.Before(clock.Of(db)().Add(-window)) {
		return 0, time.Time{}, err
	}
	return row.Hits, row.WindowStart.UTC().Add(window), nil
}

// Reset forgets key, e.g. after a successful login.
func Reset(ctx context.Context, db *gorm.DB, key string) error {
	return db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE key = ?`, key).Error
}

// Undo takes back one hit counted for key, e.g. an attempt counted before it
// was known to succeed.
func Undo(ctx context.Context, db *gorm.DB, key string) error {
	return db.WithContext(ctx).Exec(`UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0`, key).Error
}
