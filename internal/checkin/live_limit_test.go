package checkin_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// TestLiveAttendanceStreamEnds: a live attendance stream that nobody closes
// is ended by the server after checkin.LiveMaxDuration (the browser then
// reconnects), instead of polling the database for ever.
func TestLiveAttendanceStreamEnds(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})

	defer func(i, d time.Duration) { checkin.LiveInterval, checkin.LiveMaxDuration = i, d }(checkin.LiveInterval, checkin.LiveMaxDuration)
	checkin.LiveInterval, checkin.LiveMaxDuration = 20*time.Millisecond, 300*time.Millisecond
	srv := httptest.NewServer(env.App.Echo)
	defer srv.Close()
	// The client would wait far longer than the limit: the server must end it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/events/"+ev.ID+"/attendance/live", nil)
	req.Header.Set("Authorization", "Bearer "+env.Tokens["secretariat"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("the stream did not end on the server's side: %v", err)
	}
	if res.StatusCode != 200 || !strings.Contains(string(body), "event: attendance") {
		t.Fatalf("live: %d %q", res.StatusCode, body)
	}
}
