// Command reports measures the Secretariat's lists, searches and reports
// against PostgreSQL: it seeds a fresh schema with one event of 1,000
// delegations, 3,000 invitations and 100,000 participants (names in Latin,
// Arabic and Cyrillic script) with badges, scans and presence, starts the real
// server on a local port, and times each request over a number of runs.
//
//	go run ./bench/reports -database postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"accreditation/bench/benchkit"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app"
	"accreditation/internal/auth"
	"accreditation/internal/database"
)

func main() {
	dbURL := flag.String("database", os.Getenv("DATABASE_URL"), "PostgreSQL URL (a fresh schema is made in it and dropped)")
	n := flag.Int("participants", 100000, "participants to seed")
	nDeleg := flag.Int("delegations", 1000, "delegations to seed")
	perDeleg := flag.Int("invitations-per-delegation", 3, "invitations per delegation")
	runs := flag.Int("runs", 20, "requests timed per line")
	deep := flag.Int("deep", 90000, "offset of the deep page")
	keep := flag.Bool("keep", false, "keep the schema (to look at query plans)")
	flag.Parse()
	if *dbURL == "" {
		log.Fatal("give -database postgres://…")
	}
	ctx := context.Background()
	schema, schemaURL, drop := benchkit.Schema(ctx, *dbURL, "bench_reports_")
	if !*keep {
		defer drop()
	}
	db, err := database.Open(ctx, schemaURL, "")
	check(err)
	check(db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))))
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": os.TempDir(), "PUBLIC_BASE_URL": "http://127.0.0.1", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	check(err)
	a, err := app.Build(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	check(err)

	t0 := time.Now()
	ev, err := seed(ctx, db, *n, *nDeleg, *perDeleg)
	check(err)
	fmt.Printf("seeded %d participants, %d delegations, %d invitations, %d scans in %s (schema %s)\n",
		*n, *nDeleg, *nDeleg**perDeleg, ev.scans, time.Since(t0).Round(time.Millisecond), schema)

	sys := actor.With(ctx, actor.Actor{Kind: actor.System, Name: "bench"})
	email, role, pw := "bench-secretariat@example.org", actor.Secretariat, "bench-password-long"
	_, err = a.Auth.CreateUser(sys, auth.UserInput{Email: &email, Role: &role, Password: &pw})
	check(err)
	sess, err := a.Auth.Login(ctx, email, pw, "bench")
	check(err)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	c := &client{base: "http://" + ln.Addr().String() + "/api/v1/events/" + ev.id, token: sess.Token}

	deepCursor := c.cursorAt(*deep)
	lines := []struct{ name, path string }{
		{"participants, first page", "/participants"},
		{"participants, status=approved", "/participants?status=approved"},
		{"participants, delegation_id", "/participants?delegation_id=" + ev.delegationID},
		{"participants, q Latin (" + ev.qLatin + ")", "/participants?q=" + url.QueryEscape(ev.qLatin)},
		{"participants, q Arabic (" + ev.qArabic + ")", "/participants?q=" + url.QueryEscape(ev.qArabic)},
		{"participants, q Cyrillic (" + ev.qCyrillic + ")", "/participants?q=" + url.QueryEscape(ev.qCyrillic)},
		{fmt.Sprintf("participants, page at %d", *deep), "/participants?cursor=" + url.QueryEscape(deepCursor)},
		{"invitations, first page", "/invitations"},
		{"invitations, q (" + ev.qInvitation + ")", "/invitations?q=" + url.QueryEscape(ev.qInvitation)},
		{"rsvp/summary", "/rsvp/summary"},
		{"invitations/summary", "/invitations/summary"},
		{"attendance", "/attendance"},
	}
	fmt.Printf("\n%-40s %10s %10s %8s %10s\n", "GET /api/v1/events/{id}…", "p50", "max", "total", "bytes")
	for _, l := range lines {
		c.get(l.path) // warm up
		var lat []time.Duration
		var total any
		size := 0
		for range *runs {
			t := time.Now()
			body := c.get(l.path)
			lat = append(lat, time.Since(t))
			size = len(body)
			var list struct{ Total any }
			_ = json.Unmarshal(body, &list)
			total = list.Total
		}
		tot := ""
		if total != nil {
			tot = fmt.Sprint(total)
		}
		fmt.Printf("%-40s %10s %10s %8s %10d\n", l.name, benchkit.Percentile(lat, 50), benchkit.Percentile(lat, 100), tot, size)
	}
}

type client struct{ base, token string }

func (c *client) get(path string) []byte {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	check(err)
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	check(err)
	if res.StatusCode != http.StatusOK {
		log.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return body
}

// cursorAt follows the participant list's own cursors, 500 at a time, to the
// cursor of the page that starts at offset.
func (c *client) cursorAt(offset int) string {
	cursor, at := "", 0
	for at < offset {
		limit := min(500, offset-at)
		var page struct {
			Items []json.RawMessage
			Next  *string
		}
		check(json.Unmarshal(c.get(fmt.Sprintf("/participants?limit=%d&cursor=%s", limit, url.QueryEscape(cursor))), &page))
		if page.Next == nil {
			log.Fatalf("the list ends before offset %d", offset)
		}
		cursor, at = *page.Next, at+len(page.Items)
	}
	return cursor
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
