// Command servers measures what adding servers on one PostgreSQL does for
// door scans: it seeds a fresh schema with an event of 10,000 active badges,
// then for one, two and three servers (each built as its own process would
// be, with its own pool of connections, serving on its own port) saturates
// them with scans sent to each in turn, and prints the scans a second of
// each run and of each server.
//
// Every server here runs on this one machine, beside PostgreSQL and the
// load generator: the figures say where adding servers stops helping on it,
// and the machine's load is printed beside them.
//
//	go run ./bench/servers -database postgres://postgres@127.0.0.1:5432/test?sslmode=disable
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
	"os"
	"time"

	"accreditation/bench/benchkit"
	"accreditation/internal/app"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/database"
)

func main() {
	dbURL := flag.String("database", os.Getenv("DATABASE_URL"), "PostgreSQL URL (a fresh schema is made in it and dropped)")
	nBadges := flag.Int("badges", 10000, "active badges to seed")
	clients := flag.Int("clients", 64, "concurrent clients at saturation, spread over the servers")
	satFor := flag.Duration("saturation", 10*time.Second, "how long each run lasts")
	most := flag.Int("servers", 3, "the most servers to run")
	flag.Parse()
	if *dbURL == "" {
		log.Fatal("give -database postgres://…")
	}
	ctx := context.Background()
	schema, schemaURL, drop := benchkit.Schema(ctx, *dbURL, "bench_servers_")
	defer drop()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	seedDB, err := database.Open(ctx, schemaURL, "")
	check(err)
	check(seedDB.Migrate(ctx, quiet))
	t0 := time.Now()
	ev, err := checkintest.Seed(ctx, seedDB.DB, checkintest.Options{Number: 1, Badges: *nBadges, SharedPhoto: true})
	check(err)
	_, devToken, err := checkintest.Device(ctx, seedDB.DB, ev.ID, checkin.DeviceInput{Name: "Bench scanner"})
	check(err)
	fmt.Printf("seeded %d active badges in %s (schema %s)\n", *nBadges, time.Since(t0).Round(time.Millisecond), schema)

	var bases []string
	for n := 1; n <= *most; n++ {
		bases = append(bases, serve(ctx, schemaURL, quiet))
		l := benchkit.NewScanner(devToken, ev, bases...)
		l.Saturate(*clients, 2*time.Second) // warm up the new server's pools
		done, errs := l.Saturate(*clients, *satFor)
		rate := float64(done) / satFor.Seconds()
		fmt.Printf("%d server(s), %d clients: %.0f scans/s in all, %.0f a server (%d errors), load %s\n",
			n, *clients, rate, rate/float64(n), errs, benchkit.LoadAverage())
	}
}

// serve builds a server on its own connections to the schema and serves it
// on a free local port, returning its address.
func serve(ctx context.Context, schemaURL string, log *slog.Logger) string {
	db, err := database.Open(ctx, schemaURL, "")
	check(err)
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": os.TempDir(), "PUBLIC_BASE_URL": "http://127.0.0.1", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	check(err)
	a, err := app.Build(ctx, cfg, db, log)
	check(err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
