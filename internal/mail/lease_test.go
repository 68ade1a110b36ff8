package mail_test

import (
	"context"
	"testing"
	"time"

	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/mail"
	"accreditation/internal/mail/mailtest"
)

// waitStatus polls until the item has the status.
func waitStatus(t *testing.T, get func() mail.Item, status string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for get().Status != status {
		if time.Now().After(deadline) {
			t.Fatalf("the item never became %s: %+v", status, get())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestLeaseRenewedWhileSending: a worker talking to a slow SMTP server
// keeps its messages, the one being sent and the one waiting behind it,
// however many leases the conversation lasts; another worker polling
// meanwhile sends nothing, and each message arrives once.
func TestLeaseRenewedWhileSending(t *testing.T) {
	db := database.OpenTest(t).DB
	slow, fast := mailtest.Start(t), mailtest.Start(t)
	slow.Stall(1500 * time.Millisecond)
	cfg := mail.Config{Lease: 500 * time.Millisecond, Batch: 2}
	a, b := newWorker(t, db, slow.URL(), cfg), newWorker(t, db, fast.URL(), cfg)
	first := enqueue(t, db, "first", mail.Message{To: "first@gov.test", Subject: "S", Text: "T"})
	second := enqueue(t, db, "second", mail.Message{To: "second@gov.test", Subject: "S", Text: "T"})

	done := make(chan error, 1)
	go func() {
		_, _, err := a.Pass(context.Background())
		done <- err
	}()
	waitStatus(t, func() mail.Item { return item(t, db, second.ID) }, mail.Sending)
	for {
		if sent, err := b.Drain(context.Background()); err != nil || sent != 0 {
			t.Fatalf("another worker sent %d (%v) while the first one worked", sent, err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{first.ID, second.ID} {
				if it := item(t, db, id); it.Status != mail.Sent || it.Attempts != 1 {
					t.Errorf("item %s: %s after %d attempts, want sent after 1", it.Recipient, it.Status, it.Attempts)
				}
			}
			if n, m := len(slow.Messages()), len(fast.Messages()); n != 2 || m != 0 {
				t.Errorf("%d messages through the slow server and %d through the other, want 2 and 0", n, m)
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestMessageResumesWithinLeaseOfACrash: a worker dies while the SMTP
// server is slow to answer (its context ends; it records nothing). Another
// worker cannot take the message a moment before the lease ends, and takes
// it at the lease's end, at most 15 seconds after the crash.
func TestMessageResumesWithinLeaseOfACrash(t *testing.T) {
	db := database.OpenTest(t).DB
	slow, fast := mailtest.Start(t), mailtest.Start(t)
	slow.Stall(2 * time.Second)
	a, b := newWorker(t, db, slow.URL(), mail.Config{}), newWorker(t, db, fast.URL(), mail.Config{})
	if mail.DefaultLease > 15*time.Second {
		t.Fatalf("the mail lease is %s, want at most 15s", mail.DefaultLease)
	}
	it := enqueue(t, db, "crash", mail.Message{To: "crash@gov.test", Subject: "S", Text: "T"})
	t0 := clock.Of(db)().Add(time.Second)
	a.SetNow(func() time.Time { return t0 })

	ctx, crash := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := a.Pass(ctx)
		done <- err
	}()
	waitStatus(t, func() mail.Item { return item(t, db, it.ID) }, mail.Sending)
	crash()
	if err := <-done; err == nil {
		t.Fatal("the crashed worker recorded its attempt")
	}
	if got := item(t, db, it.ID); got.Status != mail.Sending || got.Attempts != 1 {
		t.Fatalf("after the crash: %+v", got)
	}

	b.SetNow(func() time.Time { return t0.Add(mail.DefaultLease - time.Millisecond) })
	if sent, claimed, err := b.Pass(context.Background()); claimed != 0 || err != nil {
		t.Fatalf("another worker took the message before its lease ended: %d %d %v", sent, claimed, err)
	}
	b.SetNow(func() time.Time { return t0.Add(mail.DefaultLease + time.Millisecond) })
	if sent, _, err := b.Pass(context.Background()); sent != 1 || err != nil {
		t.Fatalf("another worker did not send the message once its lease ended: %d %v", sent, err)
	}
	if got := item(t, db, it.ID); got.Status != mail.Sent || got.Attempts != 2 {
		t.Fatalf("after the take-over: %+v", got)
	}
	if m := fast.Messages(); len(m) != 1 || m[0].To[0] != "crash@gov.test" {
		t.Fatalf("arrivals %+v", m)
	}
}
