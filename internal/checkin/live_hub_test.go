package checkin_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
)

// stream is one open live attendance stream.
type stream struct {
	t      *testing.T
	lines  *bufio.Scanner
	cancel context.CancelFunc
}

// openStream opens base's live attendance stream of eventID with token;
// it fails the test unless the server answers 200.
func openStream(t *testing.T, base, token, eventID string) *stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/events/"+eventID+"/attendance/live", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		cancel()
		t.Fatalf("live: %d %s", res.StatusCode, b)
	}
	s := &stream{t: t, lines: bufio.NewScanner(res.Body), cancel: func() { cancel(); res.Body.Close() }}
	s.lines.Buffer(make([]byte, 1<<20), 1<<20)
	t.Cleanup(s.cancel)
	return s
}

// next is the data of the stream's next attendance event.
func (s *stream) next() string {
	s.t.Helper()
	for s.lines.Scan() {
		if d, ok := strings.CutPrefix(s.lines.Text(), "data: "); ok {
			return d
		}
	}
	s.t.Fatalf("stream ended: %v", s.lines.Err())
	return ""
}

func insideNow(t *testing.T, data string) int {
	t.Helper()
	var a checkin.Attendance
	if err := json.Unmarshal([]byte(data), &a); err != nil {
		t.Fatalf("%v: %.200s", err, data)
	}
	return a.InsideNow
}

// shortTicks makes the live views tick every d for the test.
func shortTicks(t *testing.T, d time.Duration) {
	old := checkin.LiveInterval
	checkin.LiveInterval = d
	t.Cleanup(func() { checkin.LiveInterval = old })
}

// TestLiveStreamsShareOneComputation: five viewers of an event's live
// attendance on one server are sent the same report, computed once for
// them all, when they connect and after a scan; without a scan nothing is
// computed again, however many ticks pass.
func TestLiveStreamsShareOneComputation(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	shortTicks(t, 50*time.Millisecond)
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	svc := env.App.Services.Checkin
	before := svc.Computed()

	var viewers []*stream
	for _, role := range []string{"secretariat", "secretariat", "admin", "admin", "secretariat"} {
		viewers = append(viewers, openStream(t, srv.URL, env.Tokens[role], ev.ID))
	}
	same := func(what string, want int) {
		t.Helper()
		first := viewers[0].next()
		if n := insideNow(t, first); n != want {
			t.Fatalf("%s: inside_now %d, want %d", what, n, want)
		}
		for i, v := range viewers[1:] {
			if got := v.next(); got != first {
				t.Errorf("%s: viewer %d was sent\n%s\nviewer 0\n%s", what, i+1, got, first)
			}
		}
	}
	same("on connecting", 0)
	if n := svc.Computed() - before; n != 1 {
		t.Errorf("on connecting: %d reports computed for 5 viewers, want 1", n)
	}
	scan(t, env, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID})
	same("after a scan", 1)
	time.Sleep(10 * checkin.LiveInterval)
	if n := svc.Computed() - before; n != 2 {
		t.Errorf("after a scan and 10 quiet ticks: %d reports computed for 5 viewers, want 2", n)
	}
}

// TestLiveStreamsAreCapped: past LIVE_STREAMS_PER_USER streams of one
// account, and past LIVE_STREAMS_PER_SERVER on the server, a stream is
// refused with a 429 problem and Retry-After; a stream that its viewer
// closes frees its slot.
func TestLiveStreamsAreCapped(t *testing.T) {
	env := apptest.NewWith(t, database.OpenTest(t), map[string]string{"LIVE_STREAMS_PER_USER": "2", "LIVE_STREAMS_PER_SERVER": "3"})
	ev := seed(t, env, checkintest.Options{Badges: 1})
	shortTicks(t, 50*time.Millisecond)
	// A stream let through past a cap ends after this, and the test fails.
	old := checkin.LiveMaxDuration
	checkin.LiveMaxDuration = 20 * time.Second
	t.Cleanup(func() { checkin.LiveMaxDuration = old })
	srv := httptest.NewServer(env.App.Echo)
	t.Cleanup(srv.Close)
	path := "/api/v1/events/" + ev.ID + "/attendance/live"
	refused := func(role, cap string) {
		t.Helper()
		res := env.Do(http.MethodGet, path, role, nil)
		if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") || !strings.Contains(string(res.Body), cap) {
			t.Fatalf("%s past the cap %s: %d Retry-After %q %s", role, cap, res.Status, res.Header.Get("Retry-After"), res.Body)
		}
	}
	s1 := openStream(t, srv.URL, env.Tokens["secretariat"], ev.ID)
	openStream(t, srv.URL, env.Tokens["secretariat"], ev.ID)
	refused("secretariat", "one account")
	openStream(t, srv.URL, env.Tokens["admin"], ev.ID)
	refused("admin", "this server")

	s1.next()
	s1.cancel()
	// The server learns of the closed connection soon, not at once.
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+env.Tokens["secretariat"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		code := res.StatusCode
		res.Body.Close()
		cancel()
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream's slot was not freed: %d after 10 s", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestLiveStreamShowsScansOfAnotherServer: a viewer on server B sees a
// scan recorded on server A (another pool on the same database).
func TestLiveStreamShowsScansOfAnotherServer(t *testing.T) {
	dbA, dbB := apptest.TwoPools(t)
	a := apptest.NewOn(t, dbA)
	ev := seed(t, a, checkintest.Options{Badges: 1})
	shortTicks(t, 50*time.Millisecond)
	srvB := apptest.Serve(t, dbB)
	v := openStream(t, srvB.URL, a.Tokens["secretariat"], ev.ID)
	if n := insideNow(t, v.next()); n != 0 {
		t.Fatalf("on connecting: inside_now %d", n)
	}
	scan(t, a, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID})
	if n := insideNow(t, v.next()); n != 1 {
		t.Fatalf("after a scan on server A: inside_now %d on server B, want 1", n)
	}
}
