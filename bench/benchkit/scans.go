package benchkit

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"accreditation/internal/checkin/checkintest"
)

// Scanner sends door scans of an event's badges to POST URLs (the servers'
// /api/v1/scans, each scan to the next in turn) with a device's token.
type Scanner struct {
	URLs   []string
	Token  string
	Event  *checkintest.Event
	Client *http.Client
	next   atomic.Uint64
}

// NewScanner is a Scanner on the servers at bases over a client that keeps
// up to 1,024 connections alive to each.
func NewScanner(token string, ev *checkintest.Event, bases ...string) *Scanner {
	l := &Scanner{Token: token, Event: ev,
		Client: &http.Client{Transport: &http.Transport{MaxIdleConns: 1024 * len(bases), MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 1024}}}
	for _, b := range bases {
		l.URLs = append(l.URLs, b+"/api/v1/scans")
	}
	return l
}

// One sends one scan of a random badge (in or out at random) and reports
// whether it got a verdict.
func (l *Scanner) One() bool {
	b := l.Event.Badges[rand.IntN(len(l.Event.Badges))]
	dir := "in"
	if rand.IntN(2) == 0 {
		dir = "out"
	}
	body, _ := json.Marshal(map[string]any{"code": b.Code, "checkpoint_id": l.Event.CheckpointID, "direction": dir})
	url := l.URLs[l.next.Add(1)%uint64(len(l.URLs))]
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+l.Token)
	res, err := l.Client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// Saturate sends scans from clients goroutines, each as soon as the last is
// answered, for d: the scans answered and those that failed.
func (l *Scanner) Saturate(clients int, d time.Duration) (n, errs int64) {
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if l.One() {
					atomic.AddInt64(&n, 1)
				} else {
					atomic.AddInt64(&errs, 1)
				}
			}
		}()
	}
	wg.Wait()
	return n, errs
}

// Steady sends scans on a fixed schedule of rate a second for d and times
// each from its scheduled start, so that a stall counts against every scan
// it delays (no coordinated omission): the latencies and the failures.
func (l *Scanner) Steady(rate int, d time.Duration) ([]time.Duration, int64) {
	total := int(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	lat := make([]time.Duration, total)
	var errs int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range total {
		at := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(at))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !l.One() {
				atomic.AddInt64(&errs, 1)
			}
			lat[i] = time.Since(at)
		}()
	}
	wg.Wait()
	return lat, errs
}
