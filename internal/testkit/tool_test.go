package testkit

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNeedToolSkipsHereFailsInCI runs this test binary again asking for a
// program no machine has: it skips without CI and fails with CI set.
func TestNeedToolSkipsHereFailsInCI(t *testing.T) {
	if os.Getenv("TESTKIT_CHILD") != "" {
		NeedTool(t, "no-such-program-here", "no-such-package")
		t.Error("NeedTool returned for a missing program")
		return
	}
	run := func(ci string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNeedToolSkipsHereFailsInCI$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTKIT_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("")
	if err != nil || !strings.Contains(out, "--- SKIP") || !strings.Contains(out, "apt-get install no-such-package") {
		t.Errorf("without CI: %v\n%s", err, out)
	}
	out, err = run("true")
	if err == nil || !strings.Contains(out, "--- FAIL") || !strings.Contains(out, "CI must run every test") {
		t.Errorf("with CI: %v\n%s", err, out)
	}
	if path := NeedTool(t, "go", "golang"); path == "" {
		t.Error("NeedTool(go) found no path")
	}
}
