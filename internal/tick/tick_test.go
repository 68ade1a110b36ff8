package tick_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"accreditation/internal/tick"
)

// TestGetSharesOneComputation: callers that ask at once, and those who ask
// within maxAge, share one computation; after maxAge it is computed again;
// an error reaches its waiters and is not kept; keys are apart.
func TestGetSharesOneComputation(t *testing.T) {
	var c tick.Cache[string, int]
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(context.Context) (int, error) {
		<-release
		return int(loads.Add(1)), nil
	}
	const maxAge = 200 * time.Millisecond
	var wg sync.WaitGroup
	got := make([]int, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Get(context.Background(), "a", maxAge, load)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(20 * time.Millisecond) // let them all wait on the one computation
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 1 {
			t.Errorf("caller %d got %d, want 1 (one computation)", i, v)
		}
	}
	if v, _ := c.Get(context.Background(), "a", maxAge, load); v != 1 || loads.Load() != 1 {
		t.Errorf("within maxAge: %d after %d loads, want the first again", v, loads.Load())
	}
	if v, _ := c.Get(context.Background(), "b", maxAge, load); v != 2 {
		t.Errorf("another key: %d, want its own computation", v)
	}
	time.Sleep(maxAge)
	if v, _ := c.Get(context.Background(), "a", maxAge, load); v != 3 {
		t.Errorf("after maxAge: %d, want a new computation", v)
	}

	boom := errors.New("boom")
	fail := func(context.Context) (int, error) { loads.Add(1); return 0, boom }
	if _, err := c.Get(context.Background(), "c", maxAge, fail); !errors.Is(err, boom) {
		t.Errorf("error: %v", err)
	}
	n := loads.Load()
	if v, err := c.Get(context.Background(), "c", maxAge, load); err != nil || loads.Load() != n+1 || v != int(n+1) {
		t.Errorf("after an error: %d, %v after %d loads: the error must not be kept", v, err, loads.Load()-n)
	}
}

// TestGetLeavesWhenItsCallerDoes: a caller whose context ends stops
// waiting; the computation goes on for the others.
func TestGetLeavesWhenItsCallerDoes(t *testing.T) {
	var c tick.Cache[string, int]
	release := make(chan struct{})
	load := func(ctx context.Context) (int, error) {
		<-release
		return 7, ctx.Err()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Get(ctx, "a", time.Second, load); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v", err)
	}
	done := make(chan int)
	go func() {
		v, _ := c.Get(context.Background(), "a", time.Second, load)
		done <- v
	}()
	close(release)
	if v := <-done; v != 7 {
		t.Errorf("the other caller got %d, want 7 (the computation outlives its starter's context)", v)
	}
}
