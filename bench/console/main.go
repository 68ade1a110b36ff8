// Command console measures the server time of every page of the Secretariat's
// console over one event of 100,000 participants: it seeds a throwaway
// PostgreSQL schema (or a SQLite file), starts the real server on a local
// port, signs in as a member of staff, finds the pages by following the
// console's own links from the event's dashboard, and times each page.
//
//	go run ./bench/console -database 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

// target is the ceiling every console page must render within, on the server.
const target = 100 * time.Millisecond

func main() {
	dbURL := flag.String("database", os.Getenv("DATABASE_URL"), "PostgreSQL URL (a fresh schema is made in it and dropped); empty: a SQLite file in a temporary directory")
	n := flag.Int("participants", 100000, "participants to seed")
	nDeleg := flag.Int("delegations", 1000, "delegations to seed")
	perDeleg := flag.Int("invitations-per-delegation", 3, "invitations per delegation")
	runs := flag.Int("runs", 20, "requests timed per page")
	warmup := flag.Int("warmup", 2, "requests per page before timing")
	depth := flag.Int("depth", 2, "how many links deep to follow from the dashboard")
	samples := flag.Int("samples", 2, "pages timed per route shape")
	keep := flag.Bool("keep", false, "keep the schema or the SQLite file (to look at query plans)")
	serverLog := flag.String("server-log", "", "write the server's log to this file (to see why a page failed)")
	flag.Parse()
	ctx := context.Background()

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if *serverLog != "" {
		f, err := os.Create(*serverLog)
		check(err)
		defer f.Close()
		logger = slog.New(slog.NewTextHandler(f, nil))
	}
	t0 := time.Now()
	b, err := start(ctx, *dbURL, *keep, logger, sizes{participants: *n, delegations: *nDeleg, perDelegation: *perDeleg})
	check(err)
	defer b.close()
	ev := b.seeded
	fmt.Printf("seeded %d participants, %d delegations, %d invitations, %d badges, %d scans, %d outbox items, %d print jobs in %s (%s)\n",
		*n, *nDeleg, ev.invitations, ev.badges, ev.scans, ev.outbox, ev.jobs, time.Since(t0).Round(time.Millisecond), b.where)

	t0 = time.Now()
	pages, skipped, err := b.crawl(*depth, *samples)
	check(err)
	fmt.Printf("found %d pages in %s\n", len(pages), time.Since(t0).Round(time.Millisecond))
	load0 := loadAverage()
	results := b.timeAll(pages, *warmup, *runs)
	report(os.Stdout, results, skipped, *runs, *warmup)
	// The figures are only as good as the machine is quiet: say how busy it was.
	if load0 != "" {
		fmt.Printf("load average (1, 5, 15 min) before timing: %s, after: %s\n", load0, loadAverage())
	}
}

// loadAverage is the machine's load average as Linux reports it, or "".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}

// bench is the server under measurement and a signed-in client of it.
type bench struct {
	base    string // http://127.0.0.1:port
	client  *http.Client
	seeded  *seeded
	where   string
	routes  map[string]bool // "GET /console/events/:event_id", as the router has them
	closers []func()
}

func (b *bench) close() {
	for i := len(b.closers) - 1; i >= 0; i-- {
		b.closers[i]()
	}
}

// start opens and seeds the database, builds the server over it, serves it
// on a loopback port, and signs a member of the Secretariat in.
func start(ctx context.Context, dbURL string, keep bool, logger *slog.Logger, sz sizes) (*bench, error) {
	b := &bench{routes: map[string]bool{}}
	db, err := openDB(ctx, b, dbURL, keep)
	if err != nil {
		b.close()
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := db.Migrate(ctx, quiet); err != nil {
		b.close()
		return nil, err
	}
	dataDir, err := os.MkdirTemp("", "bench-console-data-")
	if err != nil {
		b.close()
		return nil, err
	}
	b.closers = append(b.closers, func() { _ = os.RemoveAll(dataDir) })
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": dataDir, "PUBLIC_BASE_URL": "http://127.0.0.1", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	if err == nil {
		b.seeded, err = seed(ctx, db, sz)
	}
	var a *app.App
	if err == nil {
		a, err = app.Build(ctx, cfg, db, logger)
	}
	if err != nil {
		b.close()
		return nil, err
	}
	for _, r := range a.Echo.Routes() {
		b.routes[r.Method+" "+r.Path] = true
	}
	sys := actor.With(ctx, actor.Actor{Kind: actor.System, Name: "bench"})
	email, role, pw := "bench-secretariat@example.org", actor.Secretariat, "bench-password-long"
	if _, err := a.Auth.CreateUser(sys, auth.UserInput{Email: &email, Role: &role, Password: &pw}); err != nil {
		b.close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.close()
		return nil, err
	}
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.closers = append(b.closers, func() { _ = srv.Close() })
	b.base = "http://" + ln.Addr().String()
	if err := b.signIn(email, pw); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// openDB makes a fresh PostgreSQL schema in dbURL, or a SQLite file in a new
// temporary directory when dbURL is empty; b drops it at the end unless keep.
func openDB(ctx context.Context, b *bench, dbURL string, keep bool) (*database.DB, error) {
	if dbURL != "" {
		schema, schemaURL, drop, err := database.NewSchema(ctx, dbURL, "bench_console_")
		if err != nil {
			return nil, err
		}
		if !keep {
			b.closers = append(b.closers, drop)
		}
		b.where = "PostgreSQL schema " + schema
		db, err := database.Open(ctx, schemaURL, "")
		if err == nil {
			b.closers = append(b.closers, func() { _ = db.Close() })
		}
		return db, err
	}
	dir, err := os.MkdirTemp("", "bench-console-")
	if err != nil {
		return nil, err
	}
	if !keep {
		b.closers = append(b.closers, func() { _ = os.RemoveAll(dir) })
	}
	b.where = "SQLite in " + dir
	db, err := database.Open(ctx, "", dir)
	if err == nil {
		b.closers = append(b.closers, func() { _ = db.Close() })
	}
	return db, err
}

// signIn signs in through the console's own form. A Go client sends neither
// Sec-Fetch-Site nor Origin, which the console's cross-origin check lets
// through (as it does for a browser too old to send them), and the sign-in
// form has no form token yet: the session cookie lands in the jar.
func (b *bench) signIn(email, password string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	b.client = &http.Client{Jar: jar, Timeout: time.Minute,
		// Redirects are links like any other: the crawler decides where to go.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := b.client.PostForm(b.base+"/console/signin", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in: %d %s", res.StatusCode, strings.TrimSpace(string(body)))
	}
	u, _ := url.Parse(b.base)
	for _, c := range jar.Cookies(u) {
		if c.Name == "console_session" {
			return nil
		}
	}
	return fmt.Errorf("sign in: no console_session cookie was set")
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
