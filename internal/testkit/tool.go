package testkit

import (
	"os"
	"os/exec"
	"testing"
)

// Missing stops the test for want of what (a tool, a database, a font): it
// skips with the reason here, and fails when CI is set, since CI must run
// every test.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI must run every test", what)
	}
	t.Skip(what)
}

// NeedTool returns the path of the program name, or stops the test (see
// Missing) naming the Debian package that provides it.
func NeedTool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is not installed (apt-get install "+pkg+")")
	}
	return path
}

// OptionalTool is NeedTool for a check a test can do without: outside CI it
// logs that the check is left out and returns "" instead of skipping.
func OptionalTool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (apt-get install %s); CI must run every check", name, pkg)
	}
	t.Logf("%s is not installed (apt-get install %s): a check is left out", name, pkg)
	return ""
}
