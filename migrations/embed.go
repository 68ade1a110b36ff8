// Package migrations holds the numbered SQL files that build the schema, the
// same for PostgreSQL and SQLite, and the few Go migrations whose SQL differs
// between the two (each says why). Files are never edited once landed:
// SHA256SUMS lists each landed one, and a test holds them to it.
package migrations

import "embed"

// FS is the embedded migration files.
//
//go:embed *.sql
var FS embed.FS
