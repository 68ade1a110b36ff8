package database

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
)

// NewSchema creates an empty schema named prefix plus random hex in the
// PostgreSQL database at base, for a test or a benchmark. It returns the
// schema's name, a URL whose connections use it, and a function that drops it.
func NewSchema(ctx context.Context, base, prefix string) (schema, schemaURL string, drop func(), err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", "", nil, fmt.Errorf("database URL: %w", err)
	}
	admin, err := Open(ctx, base, "")
	if err != nil {
		return "", "", nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema = prefix + hex.EncodeToString(b[:])
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		_ = admin.Close()
		return "", "", nil, fmt.Errorf("create schema: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return schema, u.String(), func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	}, nil
}
