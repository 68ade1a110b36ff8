package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestFirstStartWithNoConfiguration starts the server the way a newcomer does:
// it creates the SQLite file, migrates, creates an admin with a printed
// password, serves, and stops gracefully.
func TestFirstStartWithNoConfiguration(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	for _, k := range []string{"DATABASE_URL", "ADMIN_EMAIL", "ADMIN_PASSWORD", "SMTP_URL", "PUBLIC_BASE_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("DATA_DIR", dir)
	t.Setenv("HTTP_ADDR", addr)
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, &logs, &logs) }()
	// The first start loads the demo conference (a few seconds; several
	// times that under the race detector).
	started := time.Now()
	deadline := started.Add(3 * time.Minute)
	var res *http.Response
	for time.Now().Before(deadline) {
		// Only once this server says it listens: the free address found
		// above may meanwhile be another test program's.
		if strings.Contains(logs.String(), "accreditation service listening") {
			var err error
			if res, err = http.Get("http://" + addr + "/readyz"); err == nil {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res == nil || res.StatusCode != 200 {
		t.Fatalf("server not ready; logs:\n%s", logs.String())
	}
	res.Body.Close()
	t.Logf("ready %v after start, with the demo loaded", time.Since(started).Round(time.Millisecond))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "accreditation.db")); err != nil {
		t.Errorf("database file: %v", err)
	}
	var password string
	for _, line := range strings.Split(logs.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["password"] != nil {
			password, _ = m["password"].(string)
		}
	}
	if len(password) < 16 {
		t.Fatalf("no generated admin password in the log:\n%s", logs.String())
	}
	for _, want := range []string{"/api/docs", "/healthz", "stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestBadConfigurationIsExplained(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("HTTP_ADDR", "eighty")
	t.Setenv("DATABASE_URL", "mysql://x")
	t.Setenv("SMTP_URL", "mail.example.org")
	t.Setenv("ADMIN_EMAIL", "nobody")
	t.Setenv("ADMIN_PASSWORD", "")
	t.Setenv("PUBLIC_BASE_URL", "")
	t.Setenv("TRUSTED_PROXIES", "the venue LAN")
	err := run(context.Background(), nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, name := range []string{"HTTP_ADDR", "DATABASE_URL", "SMTP_URL", "ADMIN_EMAIL", "TRUSTED_PROXIES"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

func TestMigrateStatusAndVersion(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	t.Setenv("HTTP_ADDR", "")
	t.Setenv("SMTP_URL", "")
	t.Setenv("ADMIN_EMAIL", "")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "status"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0001_accounts.sql") || !strings.Contains(out.String(), "pending") {
		t.Errorf("status before migrating:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"migrate", "up"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	_ = run(context.Background(), []string{"migrate", "status"}, &out, &bytes.Buffer{})
	if strings.Contains(out.String(), "pending") {
		t.Errorf("status after migrating:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, &out, &out); err != nil || !strings.Contains(out.String(), "accreditation") {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"frobnicate"}, &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
}
