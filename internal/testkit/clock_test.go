package testkit

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNowPinnedByTestNow runs this test binary again with TEST_NOW set: a
// good value pins Now and Clock; a bad one fails the run
// loudly instead of running on the wall clock.
func TestNowPinnedByTestNow(t *testing.T) {
	if os.Getenv("TESTKIT_CHILD") != "" {
		t.Logf("now=%s", Now().Format(time.RFC3339))
		if got, want := Clock()(), Now(); want.Sub(got) < 0 || want.Sub(got) > time.Second {
			t.Errorf("Clock() = %s, want %s", got, want)
		}
		return
	}
	run := func(testNow string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNowPinnedByTestNow$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTKIT_CHILD=1", "TEST_NOW="+testNow)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("2027-03-01T23:59:00+04:00")
	if err != nil || !strings.Contains(out, "now=2027-03-01T19:59:00Z") {
		t.Errorf("TEST_NOW=2027-03-01T23:59:00+04:00: %v\n%s", err, out)
	}
	out, err = run("tomorrow")
	if err == nil || !strings.Contains(out, `TEST_NOW="tomorrow" is not an RFC 3339 time`) {
		t.Errorf("TEST_NOW=tomorrow ran: %v\n%s", err, out)
	}
}
