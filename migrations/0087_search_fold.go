package migrations

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"accreditation/internal/names"
)

// 0087: participants' search texts are folded again, by names.Fold, which
// now also spells out ə, ı, ø and the like, drops apostrophes, writes Arabic
// letters the way they are often typed and joins Arabic words. It is a Go
// migration because the fold is Go code; it reads and writes in pages by id,
// in the migration's transaction.
func init() {
	goose.AddNamedMigrationNoTxContext("0087_search_fold.go", upSearchFold, nil)
}

func upSearchFold(ctx context.Context, db *sql.DB) error { return RefoldSearchTexts(ctx, db) }

// RefoldSearchTexts sets, in one transaction, every participant's search_text
// to names.Fold of their honorific, given names, family name and name in
// their own script, as registration stores it. The migration of each change
// to names.Fold calls it.
func RefoldSearchTexts(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // after Commit it does nothing
	if err := refold(ctx, tx, placeholders(db)); err != nil {
		return err
	}
	return tx.Commit()
}

// placeholders returns the i-th (from 1) query parameter of db's SQL: $i on
// PostgreSQL, ? on SQLite.
func placeholders(db *sql.DB) func(i int) string {
	if _, ok := db.Driver().(*stdlib.Driver); ok {
		return func(i int) string { return "$" + strconv.Itoa(i) }
	}
	return func(int) string { return "?" }
}

// refoldPage is how many participants are folded per read.
const refoldPage = 1000

// refold folds the search texts again in pages by id; p gives the SQL's
// parameters.
func refold(ctx context.Context, tx *sql.Tx, p func(int) string) error {
	const cols = `SELECT id, honorific, given_names, family_name, native_name, search_text FROM participants `
	after := ""
	for {
		var rows *sql.Rows
		var err error
		if after == "" {
			rows, err = tx.QueryContext(ctx, cols+`ORDER BY id LIMIT `+p(1), refoldPage)
		} else {
			rows, err = tx.QueryContext(ctx, cols+`WHERE id > `+p(1)+` ORDER BY id LIMIT `+p(2), after, refoldPage)
		}
		if err != nil {
			return err
		}
		type change struct{ id, text string }
		var changes []change
		n := 0
		for rows.Next() {
			var id, hon, given, family, native, old string
			if err := rows.Scan(&id, &hon, &given, &family, &native, &old); err != nil {
				rows.Close()
				return err
			}
			n++
			after = id
			if text := names.Fold(strings.Join([]string{hon, given, family, native}, " ")); text != old {
				changes = append(changes, change{id, text})
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `UPDATE participants SET search_text = `+p(1)+` WHERE id = `+p(2), c.text, c.id); err != nil {
				return err
			}
		}
		if n < refoldPage {
			return nil
		}
	}
}
