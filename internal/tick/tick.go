// Package tick shares one computation of a value among every caller that
// asks for it within a tick: the first caller computes it, those who ask
// meanwhile wait for that result, and those who ask before the tick is over
// are given it again. Live views use it so that a hundred viewers cost what
// one does.
package tick

import (
	"context"
	"sync"
	"time"
)

// computeTimeout bounds one shared computation, which runs on after the
// caller that started it has gone (the others still wait for it).
const computeTimeout = 30 * time.Second

// Cache holds the latest result of each key, to be given again while it is
// young enough. Its zero value is ready to use.
type Cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*entry[V]
}

type entry[V any] struct {
	done  chan struct{} // closed when v and err are set
	ready bool          // v and err are set (read under the lock)
	v     V
	err   error
	at    time.Time // when the computation ended
}

// Get returns the value of k: the one computed less than maxAge ago, the
// one being computed now, or a new one that load computes (once, whoever
// waits for it). An error is given to those who waited for it and is not
// kept. Get returns load's error, or ctx's when ctx ends first.
func (c *Cache[K, V]) Get(ctx context.Context, k K, maxAge time.Duration, load func(context.Context) (V, error)) (V, error) {
	c.mu.Lock()
	e := c.m[k]
	// Elapsed time, not the service's clock: a clock pinned by a test must
	// not make a result last for ever.
	if e == nil || (e.ready && time.Since(e.at) >= maxAge) {
		e = &entry[V]{done: make(chan struct{})}
		c.put(k, e, maxAge)
		go c.compute(ctx, k, e, load)
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.v, e.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// compute runs load for the entry e of k, detached from the cancellation
// of the caller that started it, and publishes its result.
func (c *Cache[K, V]) compute(ctx context.Context, k K, e *entry[V], load func(context.Context) (V, error)) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), computeTimeout)
	defer cancel()
	v, err := load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.v, e.err, e.at, e.ready = v, err, time.Now(), true
	close(e.done)
	if err != nil && c.m[k] == e {
		delete(c.m, k)
	}
}

// put stores e under k, first dropping the results older than maxAge when
// the map has grown (keys nobody asks for any more).
func (c *Cache[K, V]) put(k K, e *entry[V], maxAge time.Duration) {
	if c.m == nil {
		c.m = map[K]*entry[V]{}
	}
	if len(c.m) >= 256 {
		for old, o := range c.m {
			if o.ready && time.Since(o.at) >= maxAge {
				delete(c.m, old)
			}
		}
	}
	c.m[k] = e
}
