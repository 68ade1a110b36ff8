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
	"accreditation/bench/benchkit"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strconv"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
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
	attendanceN := flag.Int("attendance", 100000, "participants (each with a badge and -scans-each scans) of the attendance event; 0 skips it")
	scansEach := flag.Int("scans-each", 10, "scans per participant of the attendance event (10: 1,000,000 scans at 100,000)")
	pool := flag.Int("pool", 0, "the server's PostgreSQL connections (0: the default of database.Open)")
	keep := flag.Bool("keep", false, "keep the schema (to look at query plans)")
	flag.Parse()
	if *dbURL == "" {
		log.Fatal("give -database postgres://…")
	}
	ctx := context.Background()
	schema, schemaURL, drop := benchkit.Schema(ctx, *dbURL, "bench_checkin_")
	if !*keep {
		defer drop()
	}

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
	t0 := time.Now()
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 1, Badges: *nBadges, SharedPhoto: true})
	check(err)
	_, devToken, err := checkintest.Device(ctx, db.DB, ev.ID, checkin.DeviceInput{Name: "Bench scanner"})
	check(err)
	fmt.Printf("seeded %d active badges in %s (schema %s)\n", *nBadges, time.Since(t0).Round(time.Millisecond), schema)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	l := benchkit.NewScanner(devToken, ev, base)

	l.Saturate(*clients, 2*time.Second) // warm up pools and caches
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
	}
	n, errs := l.Saturate(*clients, *satFor)
	pprof.StopCPUProfile()
	scansPerSec := float64(n) / satFor.Seconds()
	fmt.Printf("saturation: %d clients, %d scans in %s = %.0f scans/s (%d errors)\n", *clients, n, *satFor, scansPerSec, errs)

	lat, errs := l.Steady(*rate, *steadyFor)
	fmt.Printf("steady %d scans/s for %s: %d scans, p50 %s, p99 %s, max %s (%d errors)\n", *rate, *steadyFor, len(lat),
		benchkit.Percentile(lat, 50), benchkit.Percentile(lat, 99), benchkit.Percentile(lat, 100), errs)

	snapshotSize(base, devToken, ev.ID)
	compactSnapshot(ctx, db, base, devToken, ev.ID)
	if *attendanceN > 0 {
		attendance(ctx, a, db, base, *attendanceN, *scansEach)
	}

	tps := pgbench(*dbURL, schema, *nBadges, *clients, *pgbenchFor)
	fmt.Printf("pgbench (1 SELECT + 1 INSERT, %d clients): %.0f tps\n", *clients, tps)
	if tps > 0 {
		fmt.Printf("ratio scans/s ÷ pgbench tps = %.2f\n", scansPerSec/tps)
	}
}

// snapshotSize fetches the full scanner snapshot page by page, twice (the
// first pass makes the photo thumbnails), and prints its size.
func snapshotSize(base, token, eventID string) {
	for pass := range 2 {
		t0 := time.Now()
		cursor, pages, total, nBadges, photos := "", 0, 0, 0, 0
		for more := true; more; pages++ {
			req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/scanner/snapshot?event_id="+eventID+"&since="+cursor, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			check(err)
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			check(err)
			var snap struct {
				Cursor string
				More   bool
				Badges []struct{ Photo *string }
			}
			check(json.Unmarshal(body, &snap))
			total += len(body)
			nBadges += len(snap.Badges)
			for _, b := range snap.Badges {
				if b.Photo != nil {
					photos++
				}
			}
			cursor, more = snap.Cursor, snap.More
		}
		fmt.Printf("snapshot (pass %d): %d badges, %d with a photo, %d pages, %.1f MB in all, %s\n", pass+1, nBadges, photos,
			pages, float64(total)/1e6, time.Since(t0).Round(time.Millisecond))
	}
}

// compactSnapshot times the door page's first sync of the compact snapshot
// (gzipped, as the page's browser asks for it) and an incremental sync of
// 100 changed badges, and prints the bytes a badge takes. The seed's names
// repeat, so the gzipped figure is better than real names give; the plain
// figure is the bound.
func compactSnapshot(ctx context.Context, db *database.DB, base, token, eventID string) {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	pull := func(cursor string) (string, int, int, int, time.Duration) {
		t0 := time.Now()
		plain, zipped, rows := 0, 0, 0
		for more := true; more; {
			req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/scanner/snapshot?format=compact&event_id="+eventID+"&since="+cursor, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := client.Do(req)
			check(err)
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			check(err)
			zipped += len(body)
			if res.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				check(err)
				body, err = io.ReadAll(zr)
				check(err)
			}
			plain += len(body)
			var snap checkin.CompactSnapshot
			check(json.Unmarshal(body, &snap))
			rows += len(snap.Rows)
			cursor, more = snap.Cursor, snap.More
		}
		return cursor, rows, plain, zipped, time.Since(t0)
	}
	cursor, rows, plain, zipped, took := pull("")
	fmt.Printf("compact snapshot, first sync: %d badges in %s (target ≤ 10 s at 100,000), %.1f MB plain = %.0f bytes a badge, "+
		"%.1f MB gzipped = %.0f bytes a badge (target ≤ 100)\n", rows, took.Round(time.Millisecond), float64(plain)/1e6,
		float64(plain)/float64(rows), float64(zipped)/1e6, float64(zipped)/float64(rows))
	check(db.WithContext(ctx).Exec(`UPDATE badges SET status = 'suspended',
		change_seq = (SELECT MAX(change_seq) FROM badges WHERE event_id = ?) + 1
		WHERE event_id = ? AND number IN (SELECT number FROM badges WHERE event_id = ? ORDER BY number LIMIT 100)`,
		eventID, eventID, eventID).Error)
	_, rows, plain, zipped, took = pull(cursor)
	fmt.Printf("compact snapshot, incremental sync of %d changed badges: %s (target ≤ 200 ms), %d bytes plain, %d gzipped\n",
		rows, took.Round(100*time.Microsecond), plain, zipped)
}

// attendance seeds an event of n participants with a badge each and each
// scans per participant over the event's three days (entries and exits in
// turn at the main door, refusals at the VIP door for one in twenty), counts
// them in the tallies as the scan path does, then times GET /attendance.
func attendance(ctx context.Context, a *app.App, db *database.DB, base string, n, each int) {
	t0 := time.Now()
	ev, err := checkintest.Seed(ctx, db.DB, checkintest.Options{Number: 2, Badges: n, Days: 3, StartDays: -1})
	check(err)
	now := time.Now().UTC()
	day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
	check(db.Exec(`INSERT INTO scans (scan_id, event_id, checkpoint_id, zone_id, direction, code_hash, badge_number,
		badge_version, badge_id, participant_id, verdict, badge_status, day, offline, conflict, scanned_at, received_at, fingerprint)
		SELECT gen_random_uuid(), b.event_id,
			CASE WHEN b.number % 20 = 0 THEN CAST(@vipcp AS UUID) ELSE CAST(@cp AS UUID) END,
			CASE WHEN b.number % 20 = 0 THEN CAST(@vipzone AS UUID) ELSE CAST(@zone AS UUID) END,
			CASE WHEN g.i % 2 = 0 THEN 'out' ELSE 'in' END, 'bench', b.number, b.version, b.id, b.participant_id,
			CASE WHEN b.number % 20 = 0 THEN 'not_valid_here' ELSE 'ok' END, 'active',
			CASE (b.number + g.i) % 3 WHEN 0 THEN @d0 WHEN 1 THEN @d1 ELSE @d2 END, FALSE, FALSE,
			CAST(@at AS TIMESTAMP) + g.i * INTERVAL '1 minute', @at, 'bench'
		FROM badges b CROSS JOIN generate_series(1, @each) AS g(i) WHERE b.event_id = @event`,
		map[string]any{"cp": ev.CheckpointID, "vipcp": ev.VIPCheckpointID, "zone": ev.ZoneID, "vipzone": ev.VIPZoneID,
			"d0": day(-1), "d1": day(0), "d2": day(1), "at": now, "event": ev.ID, "each": each}).Error)
	check(db.Exec(`INSERT INTO presence (event_id, participant_id, zone_id, inside, changed_at, first_in_at)
		SELECT DISTINCT ON (s.participant_id, s.zone_id) s.event_id, s.participant_id, s.zone_id, s.badge_number % 3 <> 0,
			s.scanned_at, s.scanned_at
		FROM scans s WHERE s.event_id = ? AND s.verdict = 'ok' AND s.direction = 'in'
		ORDER BY s.participant_id, s.zone_id, s.scanned_at`, ev.ID).Error)
	check(checkintest.Attendees(ctx, db.DB, ev.ID))
	check(checkintest.Tallies(ctx, db.DB, ev.ID))
	check(db.Exec(`ANALYZE`).Error)
	fmt.Printf("attendance event: %d participants and %d scans seeded in %s\n", n, n*each, time.Since(t0).Round(time.Millisecond))

	sys := actor.With(ctx, actor.Actor{Kind: actor.System, Name: "bench"})
	email, role, pw := "bench-secretariat@example.org", actor.Secretariat, "bench-password-long"
	_, err = a.Auth.CreateUser(sys, auth.UserInput{Email: &email, Role: &role, Password: &pw})
	check(err)
	sess, err := a.Auth.Login(ctx, email, pw, "bench")
	check(err)
	var lat []time.Duration
	size := 0
	for range 20 {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/events/"+ev.ID+"/attendance", nil)
		req.Header.Set("Authorization", "Bearer "+sess.Token)
		t := time.Now()
		res, err := http.DefaultClient.Do(req)
		check(err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		lat = append(lat, time.Since(t))
		if res.StatusCode != http.StatusOK {
			log.Fatalf("attendance: %d %s", res.StatusCode, body)
		}
		size = len(body)
	}
	fmt.Printf("GET /attendance over %d participants and %d scans: p50 %s, p95 %s (target ≤ 50 ms), max %s (%d bytes)\n",
		n, n*each, benchkit.Percentile(lat, 50), benchkit.Percentile(lat, 95), benchkit.Percentile(lat, 100), size)
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
