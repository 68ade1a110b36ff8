// Package database opens the service's database (PostgreSQL, or an embedded
// SQLite file when none is configured), applies the embedded migrations, and
// gives tests a fresh database of either kind.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"accreditation/internal/clock"
	"accreditation/migrations"
)

// Dialect names the database engine behind a connection.
type Dialect string

// The supported engines.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with the engine it talks to.
type DB struct {
	*gorm.DB
	Dialect Dialect
	// Where is a description of the database safe to log (no password).
	Where string
}

// Open connects to url when it is a postgres:// URL, or else to the SQLite
// file accreditation.db in dataDir, which it creates. It returns an error
// when the URL is not understood or the database cannot be reached.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	cfg := &gorm.Config{
		TranslateError: true,
		NowFunc:        nowOf(clock.System),
		Logger:         logger.Discard,
	}
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL, cfg)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dataDir, "accreditation.db")
	return openSQLite(ctx, path, cfg)
}

func openPostgres(ctx context.Context, databaseURL string, cfg *gorm.Config) (*DB, error) {
	u, err := url.Parse(databaseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("DATABASE_URL must be a postgres:// URL")
	}
	gdb, err := gorm.Open(postgres.New(postgres.Config{DSN: databaseURL,
		OptionOpenDB: []stdlib.OptionOpenDB{utcTimestamps}}), cfg)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(32)
	sqlDB.SetMaxIdleConns(16)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("reach PostgreSQL at %s: %w", u.Redacted(), err)
	}
	return &DB{DB: gdb, Dialect: Postgres, Where: u.Redacted()}, nil
}

func openSQLite(ctx context.Context, path string, cfg *gorm.Config) (*DB, error) {
	// Immediate transactions take the write lock at BEGIN, so two writers
	// queue on the busy timeout instead of failing halfway through. A commit
	// reaches the disk before it returns (synchronous FULL), so nothing
	// acknowledged is lost even if the machine loses power.
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=busy_timeout(15000)&_pragma=synchronous(FULL)&_txlock=immediate"
	gdb, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(8)
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return &DB{DB: gdb, Dialect: SQLite, Where: path}, nil
}

// nowOf is GORM's clock from c: UTC, to the microsecond both engines keep.
func nowOf(c clock.Clock) func() time.Time {
	return func() time.Time { return c().UTC().Truncate(time.Microsecond) }
}

// SetClock makes c the database's clock, the one every service and store
// built over it reads (see clock.Of). Call it before the database is used:
// tests pin the clock so.
func (db *DB) SetClock(c clock.Clock) { db.DB.Config.NowFunc = nowOf(c) }

// Now reads the database's clock.
func (db *DB) Now() time.Time { return db.DB.NowFunc() }

// Close closes the connection pool.
func (db *DB) Close() error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// SQL returns the underlying pool.
func (db *DB) SQL() *sql.DB {
	sqlDB, _ := db.DB.DB()
	return sqlDB
}

func (db *DB) provider() (*goose.Provider, error) {
	dialect := goose.DialectPostgres
	if db.Dialect == SQLite {
		dialect = goose.DialectSQLite3
	}
	return goose.NewProvider(dialect, db.SQL(), migrations.FS)
}

// Migrate applies every pending migration and logs each one.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "duration", r.Duration.String())
	}
	return nil
}

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Version   int64
	File      string
	Applied   bool
	AppliedAt time.Time
}

// Status lists every migration with its state.
func (db *DB) Status(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{
			Version: s.Source.Version, File: filepath.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied, AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// ForUpdate adds a row lock to a query on PostgreSQL. SQLite needs none: its
// transactions begin immediate and so run one writer at a time.
func ForUpdate(tx *gorm.DB) *gorm.DB {
	if tx.Dialector.Name() == "postgres" {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// IsPostgres reports whether tx talks to PostgreSQL.
func IsPostgres(tx *gorm.DB) bool { return tx.Dialector.Name() == "postgres" }

// Like escapes s for a LIKE pattern that matches it anywhere, with \ as escape.
func Like(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
