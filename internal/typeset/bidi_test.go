package typeset

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"accreditation/internal/testkit"
)

// needTool skips the test when a file or program it needs is missing, and
// fails it instead when CI is set, so that CI always runs everything.
func needTool(t *testing.T, what, install string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	testkit.Missing(t, fmt.Sprintf("%s is not installed (%v); install %s", what, err, install))
}

// TestBidiConformance checks resolved levels and visual order against the
// Unicode conformance file BidiCharacterTest.txt, leaving out lines with
// explicit embedding, override or isolate controls, which this package
// ignores (see bidi.go), and lines with paragraph separators inside.
func TestBidiConformance(t *testing.T) {
	f, err := os.Open("/usr/share/unicode/BidiCharacterTest.txt")
	needTool(t, "BidiCharacterTest.txt", "Debian's unicode-data", err)
	defer f.Close()

	var run, failed int
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ";")
		s := parseCodePoints(t, fields[0])
		if hasExplicitControls(s) {
			continue
		}
		run++
		dir := []Direction{LeftToRight, RightToLeft, Auto}[fields[1][0]-'0']
		para := paragraphLevel(s, dir)
		got := resolveLevels(s, para)
		if msg := compareLevels(s, got, fields); msg != "" {
			if failed++; failed <= 20 {
				t.Errorf("line %d: %s: %s", n, fields[0], msg)
			}
		}
		if strconv.Itoa(int(para)) != fields[2] {
			if failed++; failed <= 20 {
				t.Errorf("line %d: paragraph level: got %d, want %s", n, para, fields[2])
			}
		}
	}
	t.Logf("%d cases", run)
	if run < 80000 {
		t.Errorf("ran %d cases, want at least 80000", run)
	}
	if failed > 0 {
		t.Errorf("%d of %d cases failed", failed, run)
	}
}

func parseCodePoints(t *testing.T, f string) []rune {
	t.Helper()
	var s []rune
	for _, h := range strings.Fields(f) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		s = append(s, rune(v))
	}
	return s
}

func hasExplicitControls(s []rune) bool {
	for _, r := range s {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return true
		}
		if c := classOf(r); c == 7 { // bidi.B: a paragraph separator inside
			return true
		}
	}
	return false
}

// compareLevels compares levels with the expected levels and visual order
// of a BidiCharacterTest.txt line, and describes the first difference.
func compareLevels(s []rune, levels []level, fields []string) string {
	want := strings.Fields(fields[3])
	var kept []int
	var keptLevels []level
	for i, w := range want {
		if w == "x" {
			continue
		}
		kept = append(kept, i)
		keptLevels = append(keptLevels, levels[i])
		if strconv.Itoa(int(levels[i])) != w {
			return "levels: got " + levelString(levels) + ", want " + fields[3]
		}
	}
	var order []string
	for _, k := range visualOrder(keptLevels) {
		order = append(order, strconv.Itoa(kept[k]))
	}
	if got := strings.Join(order, " "); got != strings.TrimSpace(fields[4]) {
		return "order: got " + got + ", want " + fields[4]
	}
	return ""
}

func levelString(levels []level) string {
	var b []string
	for _, l := range levels {
		b = append(b, strconv.Itoa(int(l)))
	}
	return strings.Join(b, " ")
}
