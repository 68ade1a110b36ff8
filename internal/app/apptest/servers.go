package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"accreditation/internal/app"
	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

// TwoPools opens two pools on one fresh database, as two servers have, on one
// clock (the test kit's): a
// PostgreSQL schema when TEST_DATABASE_URL is set, else one SQLite file
// (WAL and a busy timeout let two pools of one process share it). The
// first is migrated.
func TwoPools(t testing.TB) (*database.DB, *database.DB) {
	t.Helper()
	ctx := context.Background()
	if os.Getenv("TEST_DATABASE_URL") != "" {
		db, url := database.OpenTestPostgresURL(t)
		db2, err := database.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db2.Close() })
		db2.SetClock(clock.Of(db.DB)) // two servers, one time
		return db, db2
	}
	dir := t.TempDir()
	now := testkit.Clock()
	var dbs [2]*database.DB
	for i := range dbs {
		db, err := database.Open(ctx, "", dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		db.SetClock(now)
		dbs[i] = db
	}
	if err := dbs[0].Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return dbs[0], dbs[1]
}

// Serve builds another server over db, with its own data directory and no
// accounts of its own, served on its own address (its public address, so
// that its cookies are not Secure).
func Serve(t testing.TB, db *database.DB) *httptest.Server {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	vars := map[string]string{"DATA_DIR": t.TempDir(), "PUBLIC_BASE_URL": srv.URL, "HTTP_ADDR": "127.0.0.1:0"}
	cfg, err := app.ConfigFromEnv(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	b, err := app.Build(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h = b.Echo
	return srv
}
