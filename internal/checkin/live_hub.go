package checkin

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"accreditation/internal/apperr"
)

// Default caps of open live attendance streams; see Service.SetLiveLimits.
const (
	DefaultLiveStreamsPerUser   = 10
	DefaultLiveStreamsPerServer = 1000
)

// liveRetryAfter is the Retry-After, in seconds, of a stream refused for
// the caps: slots free as other streams close, which the server cannot
// foresee.
const liveRetryAfter = 10

// liveHub shares the live attendance of each event among all of this
// server's streams of it: one feed per event with at least one viewer polls
// the database once a LiveInterval (so that scans taken on any server are
// seen), computes the report once when the scans changed, and hands the same
// JSON to every viewer. A viewer that reads slowly misses intermediate
// reports, never holds up the others. Its caps bound the streams open per
// user and on the server.
type liveHub struct {
	s       *Service
	mu      sync.Mutex
	perUser int
	total   int // the cap on the server
	open    int
	byUser  map[string]int
	feeds   map[string]*liveFeed
}

// liveFeed is the shared computation of one event's live attendance.
type liveFeed struct {
	subs map[*liveSub]struct{}
	last []byte // the latest report, as JSON; nil before the first
	stop context.CancelFunc
}

// liveSub is one open stream: its reports arrive on c, which keeps only the
// latest, and is closed when the event is gone.
type liveSub struct {
	c     chan []byte
	user  string
	event string
}

func newLiveHub(s *Service) *liveHub {
	return &liveHub{s: s, perUser: DefaultLiveStreamsPerUser, total: DefaultLiveStreamsPerServer,
		byUser: map[string]int{}, feeds: map[string]*liveFeed{}}
}

// SetLiveLimits sets how many live attendance streams one user (perUser)
// and this whole server (perServer) may have open at once; a value below 1
// leaves that cap as it is. Streams already open are kept.
func (s *Service) SetLiveLimits(perUser, perServer int) {
	h := s.live
	h.mu.Lock()
	defer h.mu.Unlock()
	if perUser > 0 {
		h.perUser = perUser
	}
	if perServer > 0 {
		h.total = perServer
	}
}

// subscribe opens a stream of eventID's live attendance for user, starting
// the event's feed when it is the first. The caller must close it.
// Errors: TooMany (the user's or the server's cap is reached).
func (h *liveHub) subscribe(user, eventID string) (*liveSub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.byUser[user] >= h.perUser:
		return nil, apperr.TooManyf("you have %d live attendance streams open, the most one account may; "+
			"close one (another tab or screen) and try again", h.byUser[user]).With("retry_after", liveRetryAfter)
	case h.open >= h.total:
		return nil, apperr.TooManyf("this server has %d live attendance streams open, the most it serves; "+
			"try again in a few seconds", h.open).With("retry_after", liveRetryAfter)
	}
	sub := &liveSub{c: make(chan []byte, 1), user: user, event: eventID}
	f := h.feeds[eventID]
	if f == nil {
		ctx, stop := context.WithCancel(context.Background())
		f = &liveFeed{subs: map[*liveSub]struct{}{}, stop: stop}
		h.feeds[eventID] = f
		go h.run(ctx, eventID, f, LiveInterval)
	}
	f.subs[sub] = struct{}{}
	if f.last != nil {
		sub.c <- f.last
	}
	h.open++
	h.byUser[user]++
	return sub, nil
}

// close ends a stream and frees its slot; the last stream of an event stops
// its feed.
func (h *liveHub) close(sub *liveSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := h.feeds[sub.event]
	if f == nil {
		return
	}
	if _, ok := f.subs[sub]; !ok {
		return
	}
	delete(f.subs, sub)
	h.open--
	if h.byUser[sub.user]--; h.byUser[sub.user] == 0 {
		delete(h.byUser, sub.user)
	}
	if len(f.subs) == 0 {
		f.stop()
		delete(h.feeds, sub.event)
	}
}

// run is an event's feed: the report now, then once every tick whenever the
// event's scans changed, until ctx ends (its last viewer left). A failed
// read is tried again at the next tick; an event that no longer exists ends
// its streams.
func (h *liveHub) run(ctx context.Context, eventID string, f *liveFeed, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	last := ""
	for {
		mark, err := h.s.store.scanMark(ctx, eventID)
		if err == nil && mark != last {
			var b []byte
			if b, err = h.s.liveReport(ctx, eventID); err == nil {
				h.publish(f, b)
				last = mark
			}
		}
		if apperr.Is(err, apperr.NotFound) {
			h.end(eventID, f)
			return
		}
		if err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "live attendance: read failed; trying again", "event_id", eventID, "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// liveReport is the attendance report of an event as a stream sends it.
func (s *Service) liveReport(ctx context.Context, eventID string) ([]byte, error) {
	a, err := s.Attendance(ctx, eventID)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(a)
	return b, wrap(err, "encode the attendance")
}

// publish hands b to every stream of f, replacing a report not yet read.
func (h *liveHub) publish(f *liveFeed, b []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f.last = b
	for sub := range f.subs {
		select {
		case <-sub.c:
		default:
		}
		sub.c <- b
	}
}

// end closes every stream of a feed whose event is gone, freeing their
// slots.
func (h *liveHub) end(eventID string, f *liveFeed) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range f.subs {
		close(sub.c)
		h.open--
		if h.byUser[sub.user]--; h.byUser[sub.user] == 0 {
			delete(h.byUser, sub.user)
		}
	}
	f.subs = map[*liveSub]struct{}{}
	if h.feeds[eventID] == f {
		delete(h.feeds, eventID)
	}
	f.stop()
}
