package migrations

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// migrationFile is the name of a migration: a number, a name, SQL or Go.
var migrationFile = regexp.MustCompile(`^[0-9]{4}_[a-z0-9_]+\.(sql|go)$`)

// TestLandedMigrationsUnchanged holds every migration to the checksum
// SHA256SUMS lists for it: a landed migration is never edited (the
// databases that ran it would not run it again), and a new one is listed
// when it lands, with
//
//	cd migrations && sha256sum NNNN_name.sql >> SHA256SUMS
func TestLandedMigrationsUnchanged(t *testing.T) {
	listed := readSums(t)
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := f.Name()
		if !migrationFile.MatchString(name) {
			continue
		}
		seen[name] = true
		want, ok := listed[name]
		if !ok {
			t.Errorf("%s is not listed in migrations/SHA256SUMS: add it once it lands (sha256sum %s >> SHA256SUMS)", name, name)
			continue
		}
		if got := sum(t, name); got != want {
			t.Errorf("%s changed after it landed (sha256 %s, listed %s): add a new migration instead", name, got, want)
		}
	}
	for name := range listed {
		if !seen[name] {
			t.Errorf("%s is listed in SHA256SUMS but missing: a landed migration is never removed", name)
		}
	}
}

// readSums reads SHA256SUMS as sha256sum writes it: "<hex>  <file>".
func readSums(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		hash, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(hash) != 64 || !migrationFile.MatchString(filepath.Base(name)) {
			t.Fatalf("SHA256SUMS line %d: %q is not \"<sha256>  <migration file>\"", n, sc.Text())
		}
		out[name] = hash
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sum(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
