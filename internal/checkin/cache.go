package checkin

import (
	"context"
	"crypto/ed25519"
	"sync"
	"time"
)

// cacheTTL is how long checkpoint, zone-rule and key lookups are reused. Only
// rules that change rarely are cached; a badge's status and the holder's
// presence are always read from the database.
const cacheTTL = 3 * time.Second

type cached[T any] struct {
	v  T
	at time.Time
}

// ttlCache is a small map of values that expire after cacheTTL.
type ttlCache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]cached[V]
}

func (c *ttlCache[K, V]) get(ctx context.Context, k K, load func(context.Context) (V, error)) (V, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < cacheTTL {
		return e.v, nil
	}
	v, err := load(ctx)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[K]cached[V]{}
	}
	c.m[k] = cached[V]{v: v, at: now}
	c.mu.Unlock()
	return v, nil
}

type keyRef struct {
	event uint32
	id    uint16
}

type keyEntry struct {
	pub ed25519.PublicKey
	ok  bool
}

// checkpointInfo is a checkpoint with its event's rules, ready to judge.
type checkpointInfo struct {
	checkpointRow
	loc        *time.Location
	categories map[string]map[string]bool
}

type caches struct {
	checkpoints ttlCache[string, checkpointInfo]
	keys        ttlCache[keyRef, keyEntry]
	contacts    contactLog                     // device_contact.go
	scanners    ttlCache[string, scannerEntry] // device_scope.go
}
