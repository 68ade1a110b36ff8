package database

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"

	"accreditation/internal/testkit"
)

// OpenTest opens a fresh, migrated database for a test: a new PostgreSQL schema
// when TEST_DATABASE_URL is set (dropped when the test ends), else a SQLite
// file in the test's temporary directory. Its clock is the test kit's
// (testkit.Clock: TEST_NOW when set).
func OpenTest(t testing.TB) *DB {
	t.Helper()
	if base := os.Getenv("TEST_DATABASE_URL"); base != "" {
		return OpenTestPostgres(t)
	}
	return OpenTestSQLite(t)
}

// OpenTestSQLite opens a fresh, migrated SQLite database in t.TempDir().
func OpenTestSQLite(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	db.SetClock(testkit.Clock())
	migrateTest(t, db)
	return db
}

// RequirePostgres returns TEST_DATABASE_URL, skipping the test when it is not
// set, or failing it when CI is set (CI must run every test).
func RequirePostgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		testkit.Missing(t, "PostgreSQL test: set TEST_DATABASE_URL=postgres://… to run it")
	}
	return base
}

// OpenTestPostgres opens a fresh, migrated schema in the PostgreSQL database at
// TEST_DATABASE_URL; see RequirePostgres for when it skips.
func OpenTestPostgres(t testing.TB) *DB {
	t.Helper()
	db, _ := openTestPostgres(t)
	return db
}

// OpenTestPostgresURL is OpenTestPostgres that also returns the URL of the
// schema, so that a test can open a second pool on it (a second server).
func OpenTestPostgresURL(t testing.TB) (*DB, string) {
	t.Helper()
	return openTestPostgres(t)
}

func openTestPostgres(t testing.TB) (*DB, string) {
	t.Helper()
	base := RequirePostgres(t)
	ctx := context.Background()
	schema, schemaURL, drop, err := NewSchema(ctx, base, "test_")
	if err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	t.Cleanup(drop)
	db, err := Open(ctx, schemaURL, "")
	if err != nil {
		t.Fatalf("open schema %s: %v", schema, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	db.SetClock(testkit.Clock())
	migrateTest(t, db)
	return db, schemaURL
}

func migrateTest(t testing.TB, db *DB) {
	t.Helper()
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate %s: %v", db.Dialect, err)
	}
}

// Name describes db for test names and messages.
func (db *DB) Name() string { return fmt.Sprint(db.Dialect) }
