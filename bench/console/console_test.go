package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

// TestCrawlAndTimeASmallEvent runs the whole benchmark over a small SQLite
// event: it signs in, finds the pages from the dashboard and times them.
func TestCrawlAndTimeASmallEvent(t *testing.T) {
	b, err := start(context.Background(), "", false, slog.New(slog.NewTextHandler(io.Discard, nil)),
		sizes{participants: 200, delegations: 10, perDelegation: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.close)
	if !b.routes["GET /console/events/:event_id"] {
		t.Skip("the console has no event dashboard yet")
	}
	pages, skipped, err := b.crawl(2, 2)
	if err != nil {
		t.Fatal(err)
	}
	results := b.timeAll(pages, 1, 2)
	var out bytes.Buffer
	report(&out, results, skipped, 2, 1)
	t.Log("\n" + out.String())

	found := map[string]bool{}
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s: %v", r.path, r.err)
		}
		if r.p50 <= 0 || r.p95 < r.p50 {
			t.Errorf("%s: p50 %s, p95 %s", r.path, r.p50, r.p95)
		}
		found[r.shape] = true
	}
	want := []string{"/console/events/{id}"}
	if b.routes["GET /console/events/:event_id/participants"] {
		want = append(want, "/console/events/{id}/participants")
	} else {
		t.Log("the console has no participant list yet: only the dashboard is required")
	}
	for _, route := range []string{"attendance", "audit"} {
		if b.routes["GET /console/events/:event_id/"+route] {
			want = append(want, "/console/events/{id}/"+route)
		}
	}
	for _, shape := range want {
		if !found[shape] {
			t.Errorf("no page of shape %s among %d timed; not timed: %v", shape, len(results), skipped)
		}
	}
	if !strings.Contains(out.String(), "pages timed") {
		t.Errorf("the report has no total:\n%s", out.String())
	}
}

func TestShapeOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/console/events/0b9f2c9e-6a4b-4c1e-9d55-1a2b3c4d5e6f", "/console/events/{id}"},
		{"/console/events/0b9f2c9e-6a4b-4c1e-9d55-1a2b3c4d5e6f/participants?status=approved&q=x", "/console/events/{id}/participants?q=&status="},
		{"/console/prints/12", "/console/prints/{n}"},
	} {
		u, _ := url.Parse(tc.in)
		if got := shapeOf(u); got != tc.want {
			t.Errorf("shapeOf(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestFollowSkipsFilesAndOtherSites(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:1/console/events/x")
	body := `<a href="/console/events/x/participants">list</a>
		<a href="/console/static/console.css">css</a>
		<a href="/console/badges/y/pdf">pdf</a>
		<a href="/console/events/x/participants?format=csv">csv</a>
		<a download href="/console/events/x/report">report</a>
		<a href="https://example.org/console/events/x">elsewhere</a>
		<a href="/api/v1/events/x">api</a>
		<a href="?status=nominated&amp;sort=name">filtered</a>`
	var got []string
	for _, u := range links(base, body) {
		got = append(got, u.RequestURI())
	}
	want := []string{"/console/events/x/participants", "/console/events/x?status=nominated&sort=name"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links = %v, want %v", got, want)
	}
}
