// Package ratelimit counts hits per key in fixed windows kept in the database,
// so every server behind a load balancer sees the same counts.
//
// A key is stored as the SHA-256 of its text, so that no input (an e-mail
// address of 70,000 characters) makes a key longer than its index allows, and
// the table holds no address or e-mail in clear. Each window keeps the time it
// ends; every Hit deletes a few windows that have ended, more than it can
// create, so the table holds only live windows: what strangers can fill it
// with is bounded by what they may try in one window. Times come from the
// caller's clock (now), never from the wall clock here.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gorm.io/gorm"
)

// pruneBatch is how many ended windows one Hit deletes at most: more than the
// one row a Hit may add, so the table shrinks back whatever the traffic.
const pruneBatch = 100

// Store counts hits in the rate_limits table of its database.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// stored is the key as kept in the table.
func stored(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Hit counts one hit for key at now in the current window of length window
// (a new window starts when the last one has ended) and returns the hits so
// far in it and when it ends. Errors are the database's.
func (s *Store) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	now = now.UTC()
	var row struct {
		Hits      int
		ExpiresAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO rate_limits (key, window_start, expires_at, hits) VALUES (?, ?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.expires_at <= ? THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.expires_at <= ? THEN excluded.window_start ELSE rate_limits.window_start END,
			expires_at = CASE WHEN rate_limits.expires_at <= ? THEN excluded.expires_at ELSE rate_limits.expires_at END
		RETURNING hits, expires_at`, stored(key), now, now.Add(window), now, now, now).Scan(&row).Error
	if err != nil {
		return 0, time.Time{}, err
	}
	if err := s.prune(ctx, now); err != nil {
		return 0, time.Time{}, err
	}
	return row.Hits, row.ExpiresAt.UTC(), nil
}

// prune deletes up to pruneBatch windows that ended before now. On PostgreSQL
// rows another request holds are skipped, so that two prunes never wait for
// each other (or deadlock); SQLite runs one writer at a time.
func (s *Store) prune(ctx context.Context, now time.Time) error {
	lock := ""
	if s.db.Dialector.Name() == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	return s.db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE key IN
		(SELECT key FROM rate_limits WHERE expires_at <= ? LIMIT ?`+lock+`)`, now, pruneBatch).Error
}

// Reset forgets key, e.g. after a successful login.
func (s *Store) Reset(ctx context.Context, key string) error {
	return s.db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE key = ?`, stored(key)).Error
}

// Undo takes back one hit counted for key, e.g. an attempt counted before it
// was known to succeed.
func (s *Store) Undo(ctx context.Context, key string) error {
	return s.db.WithContext(ctx).Exec(`UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0`, stored(key)).Error
}
