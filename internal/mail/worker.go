package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/mail"
	"sync"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/clock"
)

// Worker delivers the outbox over SMTP. Several workers, in one process or in
// several servers on one PostgreSQL, may run at once: each message is claimed
// by exactly one of them before it is sent.
//
// Delivery is at least once, not exactly once, at one edge: when a worker
// dies (or loses its database) after the SMTP server accepted a message and
// before the message is marked sent, the message stays "sending" until its
// lease ends (at most Lease, 15 s by default, after the crash: a live worker
// renews it while it works) and is then sent again. Its Message-ID is derived from the
// outbox id and stays the same, so the copy can be recognised and dropped.
type Worker struct {
	db     *gorm.DB
	store  *Store
	cfg    Config
	log    *slog.Logger
	srv    server
	from   *mail.Address
	domain string
	wake   chan struct{}
	now    func() time.Time
}

// NewWorker checks cfg and returns a worker over db. It returns an error when
// SMTP_URL or MAIL_FROM cannot be understood; an empty SMTP_URL is not an error
// but makes a worker that sends nothing (see Enabled).
func NewWorker(db *gorm.DB, cfg Config, log *slog.Logger) (*Worker, error) {
	cfg = cfg.withDefaults()
	w := &Worker{db: db, store: NewStore(db), cfg: cfg, log: log, wake: make(chan struct{}, 1), now: clock.Of(db)}
	if cfg.URL != "" {
		srv, err := parseURL(cfg.URL)
		if err != nil {
			return nil, err
		}
		w.srv = srv
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM is not an address: %w", err)
	}
	w.from, w.domain = from, domainOf(cfg.From)
	return w, nil
}

// Enabled reports whether an SMTP server is configured.
func (w *Worker) Enabled() bool { return w.cfg.URL != "" }

// Notify wakes the worker to look for due messages now, e.g. after a
// transaction that queued one has committed. It never blocks.
func (w *Worker) Notify() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due messages until ctx ends, every Poll interval and whenever
// Notify is called. Without an SMTP server it logs that mail is disabled and
// returns, leaving messages queued for a server that has one.
func (w *Worker) Run(ctx context.Context) {
	if !w.Enabled() {
		w.log.Warn("mail is disabled: SMTP_URL is not set; messages stay queued in the outbox")
		return
	}
	w.log.Info("mail worker started", "smtp", w.srv.addr(), "tls", map[bool]string{true: "implicit", false: "opportunistic"}[w.srv.implicit])
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	for {
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail worker pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// Drain delivers every message due now, batch after batch, and returns how
// many were sent. Errors: only database errors; a failed delivery is recorded
// on its message.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	total := 0
	for ctx.Err() == nil {
		n, claimed, err := w.Pass(ctx)
		total += n
		if err != nil || claimed < w.cfg.Batch {
			return total, err
		}
	}
	return total, nil
}

// Pass claims up to Batch due messages, sends each, and records the outcome.
// It returns how many were sent and how many were claimed.
func (w *Worker) Pass(ctx context.Context) (sent, claimed int, err error) {
	if !w.Enabled() {
		return 0, 0, nil
	}
	var items []Item
	err = w.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		items, err = w.store.In(tx).claim(ctx, w.now(), w.cfg.Lease, w.cfg.Batch)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	held := w.hold(ctx, items)
	defer held.release()
	for _, it := range items {
		sendErr := w.send(ctx, it)
		err := w.record(ctx, it, sendErr)
		held.drop(it.ID)
		if err != nil {
			return sent, len(items), err
		}
		if sendErr == nil {
			sent++
		}
	}
	return sent, len(items), nil
}

// leases are the messages a pass claimed and has not settled yet, whose
// leases it renews.
type leases struct {
	mu      sync.Mutex
	items   map[string]Item
	release func()
}

// hold renews the leases of items every third of Lease until each is
// dropped or release is called, so that a slow SMTP server, or a batch
// waiting behind one, never loses a message to another worker while this
// one lives. When ctx ends, as it does for a crash, the renewals stop.
func (w *Worker) hold(ctx context.Context, items []Item) *leases {
	l := &leases{items: make(map[string]Item, len(items))}
	for _, it := range items {
		l.items[it.ID] = it
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(max(w.cfg.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			for _, it := range l.pending() {
				if err := w.store.renew(ctx, it, w.now().Add(w.cfg.Lease)); err != nil && ctx.Err() == nil {
					w.log.Warn("renew mail lease", "item", it.ID, "error", err)
				}
			}
		}
	}()
	l.release = func() { cancel(); <-done }
	return l
}

func (l *leases) pending() []Item {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Item, 0, len(l.items))
	for _, it := range l.items {
		out = append(out, it)
	}
	return out
}

func (l *leases) drop(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.items, id)
}

func (w *Worker) send(ctx context.Context, it Item) error {
	msg, err := build(w.from, w.domain, it, w.now())
	if err != nil {
		return permanent{err}
	}
	return w.srv.deliver(ctx, w.cfg.Timeout, msg)
}

// permanent marks an error that no retry can cure.
type permanent struct{ error }

// record stores the outcome of one attempt: sent, queued again after a
// back-off, or failed once the attempts are spent or the error is permanent.
func (w *Worker) record(ctx context.Context, it Item, sendErr error) error {
	now := w.now()
	if sendErr == nil {
		w.log.Info("mail sent", "item", it.ID, "kind", it.Kind, "attempt", it.Attempts)
		return w.store.markSent(ctx, it, now)
	}
	var p permanent
	if errors.As(sendErr, &p) || it.Attempts >= w.cfg.MaxAttempts {
		w.log.Error("mail failed for good", "item", it.ID, "attempts", it.Attempts, "error", sendErr)
		return w.store.markFailed(ctx, it, sendErr.Error(), now)
	}
	next := now.Add(Backoff(w.cfg.Backoff, w.cfg.MaxBackoff, it.Attempts))
	w.log.Warn("mail attempt failed; will retry", "item", it.ID, "attempts", it.Attempts, "next", next, "error", sendErr)
	return w.store.markRetry(ctx, it, sendErr.Error(), next, now)
}

// Backoff is the wait after the given number of failed attempts: base·2^(n-1),
// capped at limit, then drawn uniformly from its upper half so that messages
// failing together do not retry together.
func Backoff(base, limit time.Duration, attempts int) time.Duration {
	d := base
	for i := 1; i < attempts && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}
