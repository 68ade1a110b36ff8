package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// 0061: the participants' text search (search_text LIKE '%fragment%', in any
// script) answers from a trigram index on PostgreSQL instead of reading every
// participant. SQLite, the single-machine default, has no trigram index and
// keeps reading the table, which is fast enough at its scale; the schema test
// lists this index as PostgreSQL's own.
//
// It is a Go migration because the SQL differs: pg_trgm is an extension
// (trusted since PostgreSQL 13, so the database's owner may create it), and
// an extension is installed once per database, in one schema. It goes into
// public, so that dropping one schema (a test's, a benchmark's) never drops
// it from under the other schemas' indexes; where it already exists, the
// index names its operator class in that schema.
func init() {
	goose.AddNamedMigrationNoTxContext("0061_participant_search.go", upParticipantSearch, downParticipantSearch)
}

func upParticipantSearch(ctx context.Context, db *sql.DB) error {
	if _, ok := db.Driver().(*stdlib.Driver); !ok {
		return nil
	}
	nsp, err := trigramSchema(ctx, db)
	if err != nil {
		return err
	}
	if nsp == "" {
		_, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`)
		if nsp, _ = trigramSchema(ctx, db); nsp == "" { // another server may have made it meanwhile
			return fmt.Errorf("create extension pg_trgm (as the database owner or a superuser: CREATE EXTENSION pg_trgm SCHEMA public): %w", err)
		}
	}
	_, err = db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS participants_search_trgm_idx ON participants
		USING gin (search_text `+quoteIdent(nsp)+`.gin_trgm_ops)`)
	return err
}

func downParticipantSearch(ctx context.Context, db *sql.DB) error {
	if _, ok := db.Driver().(*stdlib.Driver); !ok {
		return nil
	}
	_, err := db.ExecContext(ctx, `DROP INDEX IF EXISTS participants_search_trgm_idx`)
	return err
}

// trigramSchema returns the schema pg_trgm is installed in, or "".
func trigramSchema(ctx context.Context, db *sql.DB) (string, error) {
	var nsp string
	err := db.QueryRowContext(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'pg_trgm'`).Scan(&nsp)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return nsp, err
}

func quoteIdent(s string) string {
	out := `"`
	for _, r := range s {
		if r == '"' {
			out += `""`
		} else {
			out += string(r)
		}
	}
	return out + `"`
}
