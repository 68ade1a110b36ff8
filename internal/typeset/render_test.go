package typeset

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// name is one row of testdata/names.tsv.
type name struct {
	key, honorific, given, family, native, note string
}

// readNames reads testdata/names.tsv, skipping comments.
func readNames(t testing.TB) []name {
	t.Helper()
	f, err := os.Open("testdata/names.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []name
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 {
			t.Fatalf("names.tsv: %d columns in %q, want 6", len(c), line)
		}
		names = append(names, name{c[0], c[1], c[2], c[3], c[4], c[5]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// latin returns the name in Latin script, honorific first.
func (n name) latin() string {
	return strings.Join(strings.Fields(n.honorific+" "+n.given+" "+n.family), " ")
}
