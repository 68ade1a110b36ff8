package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Kind says what went wrong in a page.
type Kind string

// The kinds of problem a Browser records.
const (
	// Exception is an uncaught exception or an unhandled promise rejection.
	Exception Kind = "exception"
	// ConsoleError is a call of console.error, or an error in the browser's
	// own log other than a failed request.
	ConsoleError Kind = "console error"
	// CSPViolation is something the page's Content-Security-Policy blocked
	// (or, for a report-only policy, would have blocked).
	CSPViolation Kind = "CSP violation"
	// ServerError is a response with a status of 500 or above, to the
	// document or to anything it loaded.
	ServerError Kind = "server error"
)

// Problem is one thing that went wrong in a page.
type Problem struct {
	Kind Kind
	Text string
	// URL is where it happened: the script, the failing request, or the page.
	URL string
	// Page is the URL of the page shown at the time.
	Page string
}

// String is the problem as a failure message shows it: kind, text, where,
// and on which page.
func (p Problem) String() string {
	s := fmt.Sprintf("%s: %s", p.Kind, p.Text)
	if p.URL != "" && p.URL != p.Page {
		s += " (" + p.URL + ")"
	}
	return s + " on " + p.Page
}

// record listens to the tab's events. chromedp enables the Runtime, Log,
// Network and Page domains on each tab, so nothing else needs enabling; the
// Log domain reports CSP violations from the browser itself, which page
// script (blocked by that same policy) could not always do.
func (b *Browser) record() error {
	return chromedp.Listen(b.ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *page.EventFrameNavigated:
			if e.Frame.ParentID == "" {
				b.page = e.Frame.URL
			}
		case *runtime.EventExceptionThrown:
			b.add(Exception, exceptionText(e.ExceptionDetails), e.ExceptionDetails.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				b.add(ConsoleError, argsText(e.Args), stackURL(e.StackTrace))
			}
		case *log.EventEntryAdded:
			en := e.Entry
			switch {
			case strings.Contains(en.Text, "Content Security Policy"):
				b.add(CSPViolation, en.Text, en.URL)
			case en.Source == log.EntrySourceNetwork:
				// "Failed to load resource": a status of 500 and above is
				// recorded from the response itself, below.
			case en.Level == log.EntryLevelError:
				b.add(ConsoleError, string(en.Source)+": "+en.Text, en.URL)
			}
		case *network.EventResponseReceived:
			if r := e.Response; r.Status >= 500 {
				b.add(ServerError, fmt.Sprintf("%d %s for %s", r.Status, r.StatusText, e.Type), r.URL)
			}
		}
	})
}

// add appends a problem; b.mu is held.
func (b *Browser) add(k Kind, text, url string) {
	b.problems = append(b.problems, Problem{Kind: k, Text: text, URL: url, Page: b.page})
}

// Problems returns what has gone wrong in the pages since Start. It first
// lets the page run the tasks it has queued (a timer that throws, a violation
// event), so that what the last action caused is included.
func (b *Browser) Problems() []Problem {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	// An error here is a page being replaced or gone: there is nothing to wait for.
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`new Promise((r) => setTimeout(r, 0))`, chromedp.EvalAwaitPromise))
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Problem(nil), b.problems...)
}

// NoProblems fails the test with each problem the pages have had.
func (b *Browser) NoProblems(t testing.TB) {
	t.Helper()
	for _, p := range b.Problems() {
		t.Errorf("%s", p)
	}
}

// problemList formats the problems so far for a failure message.
func (b *Browser) problemList() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s strings.Builder
	for _, p := range b.problems {
		s.WriteString("\n  " + p.String())
	}
	if s.Len() == 0 {
		return ""
	}
	return "\nproblems in the page so far:" + s.String()
}

// exceptionText is "Uncaught Error: message", without the stack.
func exceptionText(d *runtime.ExceptionDetails) string {
	text := d.Text
	if o := d.Exception; o != nil {
		desc, _, _ := strings.Cut(valueText(o), "\n    at ")
		text += " " + desc
	}
	return strings.TrimSpace(text)
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = valueText(a)
	}
	return strings.Join(parts, " ")
}

// valueText is a string as it is, and anything else as the console shows it.
func valueText(o *runtime.RemoteObject) string {
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if jsonv2.Unmarshal(o.Value, &s) == nil {
			return s
		}
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return string(o.Type)
}

func stackURL(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	return st.CallFrames[0].URL
}
