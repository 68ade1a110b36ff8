package database

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// schema lists "table.column" and "index:name" entries, sorted.
func schema(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	var tables []string
	if db.Dialect == SQLite {
		db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`).Scan(&tables)
		for _, tbl := range tables {
			var cols []struct{ Name string }
			db.Raw(`SELECT name FROM pragma_table_info(?)`, tbl).Scan(&cols)
			for _, c := range cols {
				out = append(out, tbl+"."+c.Name)
			}
		}
		var idx []string
		db.Raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).Scan(&idx)
		for _, i := range idx {
			out = append(out, "index:"+i)
		}
	} else {
		var cols []struct{ TableName, ColumnName string }
		db.Raw(`SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`).Scan(&cols)
		for _, c := range cols {
			out = append(out, c.TableName+"."+c.ColumnName)
		}
		var idx []string
		db.Raw(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
			AND tablename <> 'goose_db_version' AND indexname NOT LIKE '%\_pkey'`).Scan(&idx)
		for _, i := range idx {
			out = append(out, "index:"+i)
		}
	}
	slices.Sort(out)
	return out
}

// postgresOnly lists the indexes only PostgreSQL has, each made by a Go
// migration that says why (an index type SQLite lacks).
var postgresOnly = []string{
	"index:participants_search_trgm_idx", // 0061: trigram index for the text search
}

func TestMigrationsBuildTheSameSchemaOnBothDatabases(t *testing.T) {
	lite := schema(t, OpenTestSQLite(t))
	pg := schema(t, OpenTestPostgres(t))
	if len(lite) < 50 {
		t.Fatalf("SQLite schema has only %d entries; migrations did not run", len(lite))
	}
	for _, e := range lite {
		if !slices.Contains(pg, e) {
			t.Errorf("only in SQLite: %s", e)
		}
	}
	for _, e := range postgresOnly {
		if !slices.Contains(pg, e) {
			t.Errorf("PostgreSQL lacks its own %s", e)
		}
	}
	for _, e := range pg {
		if !slices.Contains(lite, e) && !slices.Contains(postgresOnly, e) {
			t.Errorf("only in PostgreSQL: %s", e)
		}
	}
	if !slices.ContainsFunc(lite, func(s string) bool { return strings.HasPrefix(s, "index:participants_one_head") }) {
		t.Error("the one-head-of-delegation index is missing")
	}
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	db := OpenTest(t)
	migrateTest(t, db)
	st, err := db.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Applied {
			t.Errorf("migration %s not applied", s.File)
		}
	}
}

// TestTimesInAnotherZoneAreStoredAsTheSameInstant: a time written with an
// offset (a device's +04:00 clock) reads back as the same instant on both
// databases, and compares as such in PostgreSQL's SQL. (SQLite keeps the
// offset in its text; code there keeps passing UTC, as everywhere.)
func TestTimesInAnotherZoneAreStoredAsTheSameInstant(t *testing.T) {
	for _, db := range []*DB{OpenTestSQLite(t), OpenTestPostgres(t)} {
		baku := time.FixedZone("+04", 4*3600)
		at := time.Date(2013, 3, 18, 10, 0, 0, 0, baku) // 06:00 UTC
		if err := db.Exec(`INSERT INTO rate_limits (key, window_start, expires_at, hits) VALUES (?, ?, ?, 1)`, "k", at, at).Error; err != nil {
			t.Fatal(err)
		}
		var got struct{ WindowStart time.Time }
		db.Raw(`SELECT window_start FROM rate_limits WHERE key = 'k'`).Scan(&got)
		if !got.WindowStart.Equal(at) {
			t.Errorf("%s: stored %v, read back %v", db.Dialect, at, got.WindowStart)
		}
		var n int64
		db.Raw(`SELECT COUNT(*) FROM rate_limits WHERE window_start < ?`, time.Date(2013, 3, 18, 7, 0, 0, 0, time.UTC)).Scan(&n)
		if db.Dialect == Postgres && n != 1 {
			t.Errorf("%s: 06:00 UTC is not before 07:00 UTC in SQL", db.Dialect)
		}
	}
}
