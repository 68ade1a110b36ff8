package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/web"
)

// axeFile is axe-core, vendored by scripts/vendor-assets.sh.
const axeFile = "vendor/axe.min.js"

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := fs.ReadFile(web.Static, axeFile)
	return string(b), err
})

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"` // minor, moderate, serious or critical
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []AxeNode `json:"nodes"`
}

// AxeNode is an element that breaks a rule.
type AxeNode struct {
	Target  string `json:"target"` // a CSS selector for the element
	HTML    string `json:"html"`
	Summary string `json:"summary"` // what to fix, in axe's words
}

// AxeOption changes what Axe checks.
type AxeOption func(*axeConfig)

type axeConfig struct {
	Include string          `json:"include,omitempty"`
	Rules   map[string]bool `json:"rules,omitempty"`
}

// Within checks only the elements that match the CSS selector (and what they
// contain), instead of the whole document.
func Within(css string) AxeOption {
	return func(c *axeConfig) { c.Include = css }
}

// SkipRules turns off the axe rules with these ids. Say why next to the call.
func SkipRules(ids ...string) AxeOption {
	return func(c *axeConfig) {
		if c.Rules == nil {
			c.Rules = map[string]bool{}
		}
		for _, id := range ids {
			c.Rules[id] = false
		}
	}
}

// Axe runs axe-core on the page shown and fails the test with each serious or
// critical violation: the rule, what it asks for, and the elements that break
// it. The page's lang and dir are in the message, so that an English and an
// Arabic run of the same page can be told apart.
func (b *Browser) Axe(t testing.TB, opts ...AxeOption) {
	t.Helper()
	vs := b.AxeViolations(t, opts...)
	if len(vs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`location.href + ' (lang "' + document.documentElement.lang + '", dir "' + document.documentElement.dir + '")'`))
	var s strings.Builder
	fmt.Fprintf(&s, "axe: %d serious or critical violations on %s:", len(vs), where)
	for _, v := range vs {
		fmt.Fprintf(&s, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&s, "\n    - %s: %s", n.Target, n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&s, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	t.Error(s.String())
}

// AxeViolations runs axe-core on the page shown and returns the serious and
// critical violations, most severe first. It fails the test when axe cannot
// run.
func (b *Browser) AxeViolations(t testing.TB, opts ...AxeOption) []Violation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("read axe-core from internal/web (run scripts/vendor-assets.sh): %v", err)
	}
	var c axeConfig
	for _, o := range opts {
		o(&c)
	}
	conf, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 2*actionTimeout)
	defer cancel()
	// Runtime.evaluate is the debugger's, not the page's, so the page's CSP
	// (script-src 'self', no eval) does not stop it; axe itself needs no eval.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`typeof axe === 'undefined' && (() => {`+src+"\n})()")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	start := time.Now()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](`(async (c) => {
		const options = { resultTypes: ['violations'], rules: {} };
		for (const [id, on] of Object.entries(c.rules || {})) options.rules[id] = { enabled: on };
		const r = await axe.run(c.include ? { include: [c.include] } : document, options);
		const rank = { critical: 0, serious: 1 };
		return r.violations.filter((v) => v.impact in rank)
			.sort((a, b) => rank[a.impact] - rank[b.impact])
			.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
				nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html,
					summary: n.failureSummary || '' })) }));
	})(`+string(conf)+`)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	t.Logf("axe-core ran in %v", time.Since(start).Round(time.Millisecond))
	return vs
}
