package httpx

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	e := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	started := make(chan struct{})
	e.GET("/slow", func(c echo.Context) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return c.String(http.StatusOK, "finished")
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, e, addr, 5*time.Second) }()
	var res *http.Response
	got := make(chan error, 1)
	go func() {
		for i := 0; i < 100; i++ {
			if res, err = http.Get("http://" + addr + "/slow"); err == nil {
				got <- nil
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		got <- err
	}()
	<-started
	cancel()
	if err := <-got; err != nil {
		t.Fatalf("in-flight request failed during shutdown: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "finished" {
		t.Fatalf("got %d %q", res.StatusCode, body)
	}
	if err := <-served; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/slow"); err == nil {
		t.Error("server still accepts requests after shutdown")
	}
}

func TestClientAddressIsNotTakenFromAnInternetClientsHeaders(t *testing.T) {
	e := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	e.GET("/ip", func(c echo.Context) error { return c.String(http.StatusOK, c.RealIP()) })
	cases := []struct{ remote, xff, want string }{
		{"203.0.113.9:5000", "10.9.9.9", "203.0.113.9"}, // a direct client lies: ignored
		{"10.0.0.2:5000", "203.0.113.9", "10.0.0.2"},    // no proxy is trusted unless named, not even a private one
		{"127.0.0.1:5000", "", "127.0.0.1"},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/ip", nil)
		req.RemoteAddr = c.remote
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if got := rec.Body.String(); got != c.want {
			t.Errorf("from %s with X-Forwarded-For %q: got %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

func TestTrustedProxiesCanBeNarrowedOrTurnedOff(t *testing.T) {
	_, lb, _ := net.ParseCIDR("10.1.0.0/16")
	cases := []struct {
		name    string
		trusted []*net.IPNet
		remote  string
		want    string
	}{
		{"only the load balancer's network", []*net.IPNet{lb}, "10.1.0.5:5000", "203.0.113.9"},
		{"another private host is not trusted", []*net.IPNet{lb}, "10.2.0.5:5000", "10.2.0.5"},
		{"none: clients connect directly", []*net.IPNet{}, "10.1.0.5:5000", "10.1.0.5"},
	}
	for _, c := range cases {
		e := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TrustedProxies: c.trusted})
		e.GET("/ip", func(ec echo.Context) error { return ec.String(http.StatusOK, ec.RealIP()) })
		req := httptest.NewRequest("GET", "/ip", nil)
		req.RemoteAddr = c.remote
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if got := rec.Body.String(); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
