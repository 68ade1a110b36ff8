//go:build ignore

// Testsummary reads the output of `go test -json` on stdin and prints what a person needs from
// a CI log: one line per package, the output of each failed test, the skipped tests with their
// reasons, and a closing count. It exits 1 when a test or package failed, when go test itself
// failed (-rc), or when a test was skipped for a reason CI must not accept (a missing database
// or tool), since CI installs everything the tests need.
//
//	go test -json ./... > test.json; go run .ci/testsummary.go -rc $? < test.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// forbidden are the words of a skip message that CI must not accept.
var forbidden = []string{"TEST_DATABASE_URL", "not installed"}

// maxLines bounds the output printed for one failure, keeping the log readable.
const maxLines = 150

type event struct {
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
}

type result struct {
	name    string
	action  string // pass, fail or skip; "" while running
	elapsed float64
	output  []string
}

type pkg struct {
	result
	tests       map[string]*result
	order       []string
	noTest      bool
	failedBuild string // import path of the build that failed, if one did
}

func main() {
	goTestRC := flag.Int("rc", 0, "exit code of go test")
	flag.Parse()

	pkgs, builds, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	bad := report(os.Stdout, pkgs, builds)
	if *goTestRC != 0 && !bad {
		fmt.Printf("go test exited with %d although no test failed (see its stderr above)\n", *goTestRC)
		bad = true
	}
	if bad {
		os.Exit(1)
	}
}

func read(r io.Reader) (map[string]*pkg, map[string][]string, error) {
	pkgs := map[string]*pkg{}
	builds := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || (e.Action == "" && e.ImportPath == "") {
			// Not an event: go test prints some failures (a bad flag, say) as plain text.
			builds[""] = append(builds[""], string(line))
			continue
		}
		if e.Action == "build-output" {
			builds[e.ImportPath] = append(builds[e.ImportPath], strings.TrimRight(e.Output, "\n"))
			continue
		}
		if e.Package == "" {
			continue
		}
		p := pkgs[e.Package]
		if p == nil {
			p = &pkg{result: result{name: e.Package}, tests: map[string]*result{}}
			pkgs[e.Package] = p
		}
		res := &p.result
		if e.Test != "" {
			res = p.tests[e.Test]
			if res == nil {
				res = &result{name: e.Test}
				p.tests[e.Test] = res
				p.order = append(p.order, e.Test)
			}
		}
		switch e.Action {
		case "output":
			out := strings.TrimRight(e.Output, "\n")
			res.output = append(res.output, out)
			if e.Test == "" && strings.Contains(out, "[no test files]") {
				p.noTest = true
			}
		case "pass", "fail", "skip":
			res.action = e.Action
			res.elapsed = e.Elapsed
			if e.Test == "" && e.FailedBuild != "" {
				p.failedBuild = e.FailedBuild
			}
		}
	}
	return pkgs, builds, sc.Err()
}

// report prints the summary and tells whether CI must fail.
func report(w io.Writer, pkgs map[string]*pkg, builds map[string][]string) (bad bool) {
	names := make([]string, 0, len(pkgs))
	for n := range pkgs {
		names = append(names, n)
	}
	sort.Strings(names)

	var passed, failed, skipped int
	var failures, skips []string
	var forbiddenSkips int
	for _, n := range names {
		p := pkgs[n]
		var pf, ps, pp int
		for _, tn := range p.order {
			t := p.tests[tn]
			switch t.action {
			case "pass":
				pp++
			case "fail":
				pf++
				if !hasFailedChild(p, tn) || ownOutput(t.output) {
					failures = append(failures, block(fmt.Sprintf("FAIL %s %s (%.2fs)", n, tn, t.elapsed), t.output))
				}
			case "skip":
				ps++
				reason := skipReason(t.output)
				if isForbidden(t.output) {
					bad = true
					forbiddenSkips++
					skips = append(skips, fmt.Sprintf("  NOT ALLOWED IN CI  %s %s: %s", n, tn, reason))
				} else {
					skips = append(skips, fmt.Sprintf("  %s %s: %s", n, tn, reason))
				}
			default:
				// Still running when the package ended: a panic, os.Exit or timeout.
				pf++
				failures = append(failures, block(fmt.Sprintf("FAIL %s %s (did not finish)", n, tn), t.output))
			}
		}
		for _, line := range p.output {
			if strings.Contains(strings.ToLower(line), "skip") && isForbidden([]string{line}) {
				bad = true
				forbiddenSkips++
				skips = append(skips, fmt.Sprintf("  NOT ALLOWED IN CI  %s: %s", n, strings.TrimSpace(line)))
			}
		}
		passed, failed, skipped = passed+pp, failed+pf, skipped+ps

		counts := fmt.Sprintf("%d passed", pp)
		if pf > 0 {
			counts += fmt.Sprintf(", %d failed", pf)
		}
		if ps > 0 {
			counts += fmt.Sprintf(", %d skipped", ps)
		}
		switch {
		case p.action == "fail":
			bad = true
			fmt.Fprintf(w, "FAIL\t%s\t%.2fs\t%s\n", n, p.elapsed, counts)
			if pf == 0 {
				var out []string
				if p.failedBuild != "" {
					out = append(out, builds[p.failedBuild]...)
					delete(builds, p.failedBuild)
				}
				out = append(out, p.output...)
				failures = append(failures, block("FAIL "+n+" (the package, not one test)", out))
			}
		case p.noTest:
			fmt.Fprintf(w, "?   \t%s\t[no test files]\n", n)
		case p.action == "":
			bad = true
			fmt.Fprintf(w, "FAIL\t%s\t(no result)\n", n)
			failures = append(failures, block("FAIL "+n+" (no result)", p.output))
		default:
			fmt.Fprintf(w, "ok  \t%s\t%.2fs\t%s\n", n, p.elapsed, counts)
		}
	}
	// What is left: plain text from go test, and builds that no package claimed.
	rest := make([]string, 0, len(builds))
	for ip := range builds {
		rest = append(rest, ip)
	}
	sort.Strings(rest)
	for _, ip := range rest {
		bad = true
		heading := "go test printed"
		if ip != "" {
			heading = "build of " + ip
		}
		failures = append(failures, block(heading, builds[ip]))
	}
	if failed > 0 {
		bad = true
	}

	if len(skips) > 0 {
		fmt.Fprintf(w, "\nSkipped tests:\n%s\n", strings.Join(skips, "\n"))
	}
	if forbiddenSkips > 0 {
		fmt.Fprintf(w, "%d test(s) skipped for want of PostgreSQL or a tool; CI installs both, so that fails the run.\n", forbiddenSkips)
	}
	if len(failures) > 0 {
		fmt.Fprintf(w, "\nFailures:\n\n%s", strings.Join(failures, "\n"))
	}
	fmt.Fprintf(w, "\ntests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	return bad
}

func hasFailedChild(p *pkg, name string) bool {
	for tn, t := range p.tests {
		if t.action == "fail" && strings.HasPrefix(tn, name+"/") {
			return true
		}
	}
	return false
}

// ownOutput tells whether a test printed more than go test's own === and --- lines.
func ownOutput(lines []string) bool {
	for _, l := range lines {
		s := strings.TrimSpace(l)
		if s != "" && !strings.HasPrefix(s, "=== ") && !strings.HasPrefix(s, "--- ") {
			return true
		}
	}
	return false
}

func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		s := strings.TrimSpace(lines[i])
		if s != "" && !strings.HasPrefix(s, "=== ") && !strings.HasPrefix(s, "--- ") {
			return s
		}
	}
	return "(no reason given)"
}

func isForbidden(lines []string) bool {
	for _, l := range lines {
		for _, f := range forbidden {
			if strings.Contains(l, f) {
				return true
			}
		}
	}
	return false
}

// block formats a failure: a heading, then the last maxLines lines of output, indented.
func block(heading string, lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n", heading)
	if len(lines) > maxLines {
		fmt.Fprintf(&b, "    ... (%d earlier lines left out)\n", len(lines)-maxLines)
		lines = lines[len(lines)-maxLines:]
	}
	for _, l := range lines {
		fmt.Fprintf(&b, "    %s\n", l)
	}
	return b.String()
}
