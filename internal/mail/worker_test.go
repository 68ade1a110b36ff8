package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
	"accreditation/internal/mail"
	"accreditation/internal/mail/mailtest"
	"accreditation/internal/testkit"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newWorker(t *testing.T, db *gorm.DB, url string, cfg mail.Config) *mail.Worker {
	t.Helper()
	cfg.URL = url
	if cfg.From == "" {
		cfg.From = "Conference Secretariat <secretariat@conference.test>"
	}
	if cfg.Backoff == 0 {
		cfg.Backoff, cfg.MaxBackoff = 20*time.Millisecond, 50*time.Millisecond
	}
	cfg.Timeout = 5 * time.Second
	w, err := mail.NewWorker(db, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func enqueue(t *testing.T, db *gorm.DB, key string, m mail.Message) mail.Item {
	t.Helper()
	var it mail.Item
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		it, _, err = mail.NewStore(tx).Enqueue(context.Background(), mail.Envelope{Kind: "test", SubjectID: key, DedupeKey: key}, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func item(t *testing.T, db *gorm.DB, id string) mail.Item {
	t.Helper()
	it, err := mail.NewStore(db).FindItem(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestDeliversHeadersPartsAndAttachment(t *testing.T) {
	db := database.OpenTest(t).DB
	srv := mailtest.Start(t)
	w := newWorker(t, db, srv.URL(), mail.Config{})
	pdf := []byte("%PDF-1.4\nnot really a letter\n%%EOF\n")
	cases := []struct{ lang, name, subject string }{
		{"ar", "معالي السيد وزير العدل", "دعوة إلى المؤتمر الوزاري الدولي في باكو"},
		{"ru", "Сергей Викторович Лавров", "Приглашение на международную конференцию в Баку"},
		{"az", "Elmar Məmmədyarov", "Bakıda keçiriləcək nazirlər konfransına dəvət"},
	}
	var ids []string
	for i, c := range cases {
		it := enqueue(t, db, fmt.Sprint("k", i), mail.Message{To: fmt.Sprintf("minister%d@gov.test", i), ToName: c.name,
			Subject: c.subject, Text: "Body " + c.name, HTML: "<p>" + c.name + "</p>", Language: c.lang,
			Attachments: []mail.Attachment{{Name: "letter-" + c.lang + ".pdf", ContentType: "application/pdf", Data: pdf}}})
		ids = append(ids, it.ID)
	}
	sent, err := w.Drain(context.Background())
	if err != nil || sent != 3 {
		t.Fatalf("Drain = %d, %v; want 3 sent", sent, err)
	}
	got := srv.Messages()
	if len(got) != 3 {
		t.Fatalf("got %d messages, want 3", len(got))
	}
	byTo := map[string]mailtest.Received{}
	for _, m := range got {
		byTo[m.To[0]] = m
	}
	for i, c := range cases {
		to := fmt.Sprintf("minister%d@gov.test", i)
		p := mailtest.Parse(t, byTo[to].Raw)
		h := p.Header
		if addrs, err := h.AddressList("To"); err != nil || addrs[0].Name != c.name || addrs[0].Address != to {
			t.Errorf("To = %q (%v), want %q <%s>", h.Get("To"), err, c.name, to)
		}
		if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Address != "secretariat@conference.test" {
			t.Errorf("From = %q", h.Get("From"))
		}
		if s := mailtest.Decode(h.Get("Subject")); s != c.subject {
			t.Errorf("Subject = %q, want %q", s, c.subject)
		}
		if l := h.Get("Content-Language"); l != c.lang {
			t.Errorf("Content-Language = %q, want %q", l, c.lang)
		}
		if id, want := h.Get("Message-Id"), "<outbox."+ids[i]+"@conference.test>"; id != want {
			t.Errorf("Message-ID = %q, want %q", id, want)
		}
		if _, err := h.Date(); err != nil {
			t.Errorf("Date: %v", err)
		}
		if txt := p.Text("text/plain"); !strings.Contains(txt, c.name) {
			t.Errorf("text part %q lacks the name", txt)
		}
		if html := p.Text("text/html"); !strings.Contains(html, "<p>"+c.name) {
			t.Errorf("HTML part %q lacks the name", html)
		}
		a := p.Attachment(t)
		if a.Filename != "letter-"+c.lang+".pdf" || a.ContentType != "application/pdf" || !bytes.Equal(a.Body, pdf) {
			t.Errorf("attachment %q %q %q", a.Filename, a.ContentType, a.Body)
		}
		it := item(t, db, ids[i])
		if it.Status != mail.Sent || it.SentAt == nil || it.Attempts != 1 {
			t.Errorf("item %+v, want sent after 1 attempt", it)
		}
	}
}

func TestServerDownFirstThenUpAndRestart(t *testing.T) {
	db := database.OpenTest(t).DB
	addr := mailtest.FreeAddr(t)
	w := newWorker(t, db, "smtp://"+addr, mail.Config{})
	it := enqueue(t, db, "down", mail.Message{To: "a@gov.test", ToName: "A", Subject: "S", Text: "T", Language: "en"})

	if sent, err := w.Drain(context.Background()); err != nil || sent != 0 {
		t.Fatalf("Drain with the server down = %d, %v", sent, err)
	}
	got := item(t, db, it.ID)
	if got.Status != mail.Queued || got.Attempts != 1 || got.LastError == "" || !got.NextAttemptAt.After(got.CreatedAt) {
		t.Fatalf("after a failed attempt: %+v; want queued, 1 attempt, a reason, a later attempt", got)
	}

	srv := mailtest.StartAt(t, addr)
	deadline := time.Now().Add(5 * time.Second)
	for item(t, db, it.ID).Status != mail.Sent && time.Now().Before(deadline) {
		if _, err := w.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	got = item(t, db, it.ID)
	if got.Status != mail.Sent || got.Attempts != 2 || got.LastError != "" {
		t.Fatalf("after the server came up: %+v; want sent at attempt 2", got)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d arrivals, want 1", n)
	}

	// A new worker on the same database (a restart) sends nothing again.
	w2 := newWorker(t, db, srv.URL(), mail.Config{})
	if sent, err := w2.Drain(context.Background()); err != nil || sent != 0 {
		t.Fatalf("restarted worker sent %d (%v)", sent, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d arrivals after restart, want 1", n)
	}
}

func TestAttemptsSpentThenRequeued(t *testing.T) {
	db := database.OpenTest(t).DB
	addr := mailtest.FreeAddr(t)
	w := newWorker(t, db, "smtp://"+addr, mail.Config{MaxAttempts: 2, Backoff: time.Millisecond, MaxBackoff: time.Millisecond})
	it := enqueue(t, db, "spent", mail.Message{To: "a@gov.test", Subject: "S", Text: "T"})
	deadline := time.Now().Add(5 * time.Second)
	for item(t, db, it.ID).Status != mail.Failed && time.Now().Before(deadline) {
		_, _ = w.Drain(context.Background())
		time.Sleep(2 * time.Millisecond)
	}
	got := item(t, db, it.ID)
	if got.Status != mail.Failed || got.Attempts != 2 || got.LastError == "" {
		t.Fatalf("got %+v, want failed after 2 attempts with a reason", got)
	}
	again, err := mail.Requeue(context.Background(), db, it.ID)
	if err != nil || again.Status != mail.Queued || again.Attempts != 0 {
		t.Fatalf("Requeue = %+v, %v", again, err)
	}
	if _, err := mail.Requeue(context.Background(), db, it.ID); err == nil {
		t.Fatal("requeue of a queued item succeeded; want a conflict")
	}
}

func TestLeaseEndsAfterCrash(t *testing.T) {
	db := database.OpenTest(t).DB
	srv := mailtest.Start(t)
	w := newWorker(t, db, srv.URL(), mail.Config{})
	held := enqueue(t, db, "held", mail.Message{To: "held@gov.test", Subject: "S", Text: "T"})
	crashed := enqueue(t, db, "crashed", mail.Message{To: "crashed@gov.test", Subject: "S", Text: "T"})
	now := clock.Of(db)()
	// One worker holds a live lease; another died while sending.
	db.Model(&mail.Item{}).Where("id = ?", held.ID).Updates(map[string]any{"status": mail.Sending, "attempts": 1, "locked_until": now.Add(time.Hour)})
	db.Model(&mail.Item{}).Where("id = ?", crashed.ID).Updates(map[string]any{"status": mail.Sending, "attempts": 1, "locked_until": now.Add(-time.Second)})
	if sent, err := w.Drain(context.Background()); err != nil || sent != 1 {
		t.Fatalf("Drain = %d, %v; want the crashed one only", sent, err)
	}
	if m := srv.Messages(); len(m) != 1 || m[0].To[0] != "crashed@gov.test" {
		t.Fatalf("arrivals %+v", m)
	}
	if s := item(t, db, held.ID).Status; s != mail.Sending {
		t.Fatalf("held item is %s, want still sending", s)
	}
}

func TestDisabledLeavesQueued(t *testing.T) {
	db := database.OpenTest(t).DB
	w := newWorker(t, db, "", mail.Config{})
	it := enqueue(t, db, "x", mail.Message{To: "a@gov.test", Subject: "S", Text: "T"})
	done := make(chan struct{})
	go func() { w.Run(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run without SMTP_URL did not return")
	}
	if s := item(t, db, it.ID).Status; s != mail.Queued || w.Enabled() {
		t.Fatalf("status %s, want queued", s)
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	base, limit := 30*time.Second, time.Hour
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 5: 8 * time.Minute, 8: time.Hour, 30: time.Hour} {
		for range 20 {
			if d := mail.Backoff(base, limit, n); d < want/2 || d > want {
				t.Fatalf("Backoff(%d) = %s, want within [%s, %s]", n, d, want/2, want)
			}
		}
	}
}

// TestConcurrentWorkersSendOnce runs several workers at once, each with its
// own connection pool as separate servers would have, and counts arrivals.
func TestConcurrentWorkersSendOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := database.OpenTestSQLite(t)
		raceWorkers(t, []*gorm.DB{db.DB, db.DB, db.DB})
	})
	t.Run("postgres", func(t *testing.T) {
		db, url := database.OpenTestPostgresURL(t)
		second, err := database.Open(context.Background(), url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = second.Close() })
		second.SetClock(testkit.Clock())
		raceWorkers(t, []*gorm.DB{db.DB, second.DB, db.DB, second.DB})
	})
}

func raceWorkers(t *testing.T, pools []*gorm.DB) {
	srv := mailtest.Start(t)
	const n = 60
	for i := range n {
		enqueue(t, pools[0], fmt.Sprint("race", i), mail.Message{To: fmt.Sprintf("r%d@gov.test", i), Subject: "S", Text: "T"})
	}
	var wg sync.WaitGroup
	for _, db := range pools {
		w := newWorker(t, db, srv.URL(), mail.Config{Batch: 5})
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := w.Drain(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.To[0]]++
	}
	if len(seen) != n {
		t.Errorf("%d distinct recipients got mail, want %d", len(seen), n)
	}
	for to, c := range seen {
		if c != 1 {
			t.Errorf("%s got %d copies", to, c)
		}
	}
}

// TestSentMessageIsNotKept: once delivered, a message's content (an
// invitation's RSVP link among it) is dropped from the outbox; its record stays.
func TestSentMessageIsNotKept(t *testing.T) {
	db := database.OpenTest(t).DB
	srv := mailtest.Start(t)
	w := newWorker(t, db, srv.URL(), mail.Config{})
	const link = "https://accreditation.test/rsvp/q7Zx0secret-token-of-the-link"
	it := enqueue(t, db, "link", mail.Message{To: "focal@gov.test", Subject: "Invitation", Text: "Reply: " + link,
		HTML: `<p><a href="` + link + `">` + link + `</a></p>`, Language: "en"})
	if sent, err := w.Drain(context.Background()); err != nil || sent != 1 {
		t.Fatalf("Drain = %d, %v; want 1 sent", sent, err)
	}
	if len(srv.Messages()) != 1 || !strings.Contains(string(srv.Messages()[0].Raw), "q7Zx0secret-token-of-the-link") {
		t.Fatalf("the message was not delivered with its link")
	}
	got := item(t, db, it.ID)
	if got.Status != mail.Sent || got.Recipient != "focal@gov.test" {
		t.Errorf("item %+v, want the sent record kept", got)
	}
	var stored []string
	if err := db.Raw(`SELECT payload FROM outbox WHERE id = ?`, it.ID).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || strings.Contains(stored[0], "secret-token") {
		t.Errorf("the outbox still holds the sent message: %.200q", stored)
	}
}

// TestNamesSurviveTheHeaders: every name of the fixtures, in its own script
// where it has one, comes back unchanged from the To and Subject headers of
// the message the SMTP server received.
func TestNamesSurviveTheHeaders(t *testing.T) {
	db := database.OpenTest(t).DB
	srv := mailtest.Start(t)
	w := newWorker(t, db, srv.URL(), mail.Config{})
	names := map[string]string{}
	for _, n := range fixtures.All() {
		name := n.Native
		if name == "" {
			name = n.Full()
		}
		to := n.Key + "@names.test"
		names[to] = name
		enqueue(t, db, n.Key, mail.Message{To: to, ToName: name, Subject: "Invitation: " + name, Text: name, Language: "en"})
	}
	if sent, err := w.Drain(context.Background()); err != nil || sent != len(names) {
		t.Fatalf("Drain = %d, %v; want %d sent", sent, err, len(names))
	}
	for _, m := range srv.Messages() {
		want := names[m.To[0]]
		h := mailtest.Parse(t, m.Raw).Header
		if addrs, err := h.AddressList("To"); err != nil || len(addrs) != 1 || addrs[0].Name != want {
			t.Errorf("To = %q (%v), want the name %q", h.Get("To"), err, want)
		}
		if s := mailtest.Decode(h.Get("Subject")); s != "Invitation: "+want {
			t.Errorf("Subject = %q, want %q", s, "Invitation: "+want)
		}
		delete(names, m.To[0])
	}
	if len(names) != 0 {
		t.Errorf("no message arrived for %v", names)
	}
}
