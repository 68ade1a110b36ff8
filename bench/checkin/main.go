// Command checkin measures the door-scan path against PostgreSQL: it seeds a
// fresh schema with an event of 10,000 active badges, starts the real server
// on a local port, and drives it with its own load generator — scans per
// second at saturation, then p50/p99 latency at a steady rate — and runs
// pgbench with one SELECT and one INSERT per transaction on the same database
// for comparison.
//
//	go run ./bench/checkin -database postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
)

func main() {
	dbURL := flag.String("database", os.Getenv("DATABASE_URL"), "PostgreSQL URL (a fresh schema is made in it and dropped)")
	nBadges := flag.Int("badges", 10000, "active badges to seed")
	clients := flag.Int("clients", 64, "concurrent clients at saturation")
	satFor := flag.Duration("saturation", 10*time.Second, "how long to measure at saturation")
	rate := flag.Int("rate", 500, "steady scans per second for the latency run")
	steadyFor := flag.Duration("steady", 20*time.Second, "how long to run at the steady rate")
	pgbenchFor := flag.Int("pgbench-seconds", 10, "how long to run pgbench")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the saturation run to this file")
	pool := flag.Int("pool", 0, "the server's PostgreSQL connections (0: the default of database.Open)")
	flag.Parse()
	if *dbURL == "" {
		log.Fatal("give -database postgres://…")
	}
	ctx := context.Background()
	schema, schemaURL, drop := freshSchema(ctx, *dbURL)
	defer drop()

	db, err := database.Open(ctx, schemaURL, "")
	check(err)
	check(db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))))
	if *pool > 0 {
		db.SQL().SetMaxOpenConns(*pool)
		db.SQL().SetMaxIdleConns(*pool)
	}
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": os.TempDir(), "PUBLIC_BASE_URL": "http://127.0.0.1", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	check(err)
	a, err := app.Build(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	check(err)
	sys := actor.With(ctx, actor.Actor{Kind: actor.System, Name: "bench"})
	dev, err := a.Auth.CreateDevice(sys, "Bench scanner", "en")
	check(err)
	t0 := time.Now()
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: *nBadges})
	check(err)
	fmt.Printf("seeded %d active badges in %s (schema %s)\n", *nBadges, time.Since(t0).Round(time.Millisecond), schema)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	l := &loader{url: base + "/api/v1/scans", token: dev.Token, ev: ev,
		client: &http.Client{Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 1024}}}

	l.saturate(*clients, 2*time.Second) // warm up pools and caches
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
	}
	n, errs := l.saturate(*clients, *satFor)
	pprof.StopCPUProfile()
	scansPerSec := float64(n) / satFor.Seconds()
	fmt.Printf("saturation: %d clients, %d scans in %s = %.0f scans/s (%d errors)\n", *clients, n, *satFor, scansPerSec, errs)

	lat, errs := l.steady(*rate, *steadyFor)
	fmt.Printf("steady %d scans/s for %s: %d scans, p50 %s, p99 %s, max %s (%d errors)\n", *rate, *steadyFor, len(lat),
		pct(lat, 50), pct(lat, 99), pct(lat, 100), errs)

	tps := pgbench(*dbURL, schema, *nBadges, *clients, *pgbenchFor)
	fmt.Printf("pgbench (1 SELECT + 1 INSERT, %d clients): %.0f tps\n", *clients, tps)
	if tps > 0 {
		fmt.Printf("ratio scans/s ÷ pgbench tps = %.2f\n", scansPerSec/tps)
	}
}

type loader struct {
	url, token string
	ev         *checkintest.Event
	client     *http.Client
}

// one sends one scan of a random badge (in or out at random) and reports
// whether it got a verdict.
func (l *loader) one() bool {
	b := l.ev.Badges[rand.IntN(len(l.ev.Badges))]
	dir := "in"
	if rand.IntN(2) == 0 {
		dir = "out"
	}
	body, _ := json.Marshal(map[string]any{"code": b.Code, "checkpoint_id": l.ev.CheckpointID, "direction": dir})
	req, _ := http.NewRequest(http.MethodPost, l.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+l.token)
	res, err := l.client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func (l *loader) saturate(clients int, d time.Duration) (n, errs int64) {
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if l.one() {
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

// steady sends scans on a fixed schedule and measures each from its
// scheduled time, so that a stall counts against every scan it delays.
func (l *loader) steady(rate int, d time.Duration) ([]time.Duration, int64) {
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
			if !l.one() {
				atomic.AddInt64(&errs, 1)
			}
			lat[i] = time.Since(at)
		}()
	}
	wg.Wait()
	return lat, errs
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := min(len(s)-1, len(s)*p/100)
	return s[i].Round(10 * time.Microsecond)
}

// freshSchema makes a new schema and returns its name, a URL that uses it,
// and a function that drops it.
func freshSchema(ctx context.Context, base string) (string, string, func()) {
	admin, err := database.Open(ctx, base, "")
	check(err)
	var b [4]byte
	_, _ = crand.Read(b[:])
	schema := "bench_checkin_" + hex.EncodeToString(b[:])
	check(admin.Exec("CREATE SCHEMA " + schema).Error)
	u, err := url.Parse(base)
	check(err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return schema, u.String(), func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	}
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbench runs one SELECT of a badge and one INSERT of a row per transaction.
func pgbench(dbURL, schema string, nBadges, clients, seconds int) float64 {
	if _, err := exec.LookPath("pgbench"); err != nil {
		fmt.Println("pgbench not installed (apt-get install -y postgresql-contrib): skipped")
		return 0
	}
	db, err := database.Open(context.Background(), dbURL, "")
	check(err)
	defer db.Close()
	check(db.Exec(`CREATE TABLE ` + schema + `.pgbench_scans (id BIGSERIAL PRIMARY KEY, number INTEGER NOT NULL, at TIMESTAMP NOT NULL)`).Error)
	script := filepath.Join(os.TempDir(), schema+".sql")
	check(os.WriteFile(script, []byte(`\set n random(1, `+strconv.Itoa(nBadges)+`)
SELECT status FROM `+schema+`.badges WHERE number = :n AND version = 1;
INSERT INTO `+schema+`.pgbench_scans (number, at) VALUES (:n, now());
`), 0o600))
	defer os.Remove(script)
	out, err := exec.Command("pgbench", "-n", "-M", "prepared", "-c", strconv.Itoa(clients), "-j", "2",
		"-T", strconv.Itoa(seconds), "-f", script, dbURL).CombinedOutput()
	if err != nil {
		fmt.Printf("pgbench failed: %v\n%s\n", err, out)
		return 0
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		fmt.Printf("pgbench output not understood:\n%s\n", out)
		return 0
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	return tps
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
