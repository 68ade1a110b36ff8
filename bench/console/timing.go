package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// result is one page's timings.
type result struct {
	page
	status   int
	bytes    int
	p50, p95 time.Duration
	// server is the mean time the server's own histogram
	// (http_request_duration_seconds) recorded over the timed requests: the
	// handler and its middleware, without reading the request or writing to
	// the socket; 0 when /metrics could not be read.
	server time.Duration
	err    error
}

// timeAll times each page over runs requests after warmup untimed ones, one
// request at a time over a kept-alive loopback connection: the time from
// sending the request to having read the whole body is the server's time
// plus a loopback round trip (tens of microseconds).
func (b *bench) timeAll(pages []page, warmup, runs int) []result {
	out := make([]result, 0, len(pages))
	for _, p := range pages {
		r := result{page: p}
		for range warmup {
			if r.status, r.bytes, _, r.err = b.timed(p.path); r.err != nil {
				break
			}
		}
		before := b.histogram()
		var lat []time.Duration
		for i := 0; i < runs && r.err == nil; i++ {
			var d time.Duration
			r.status, r.bytes, d, r.err = b.timed(p.path)
			if r.err == nil && r.status != http.StatusOK {
				r.err = fmt.Errorf("status %d", r.status)
			}
			lat = append(lat, d)
		}
		r.p50, r.p95 = quantile(lat, 50), quantile(lat, 95)
		r.server = serverMean(before, b.histogram())
		out = append(out, r)
	}
	return out
}

func (b *bench) timed(path string) (status, size int, d time.Duration, err error) {
	t := time.Now()
	res, err := b.client.Get(b.base + path)
	if err != nil {
		return 0, 0, 0, err
	}
	n, err := io.Copy(io.Discard, res.Body)
	d = time.Since(t)
	res.Body.Close()
	return res.StatusCode, int(n), d, err
}

// sumCount is a route's total seconds and number of requests in the
// server's latency histogram.
type sumCount struct {
	sum   float64
	count int64
}

var histLine = regexp.MustCompile(`^http_request_duration_seconds_(sum|count)\{method="GET",route="([^"]*)"\} (\S+)$`)

// histogram reads the server's latency histogram of GET requests by route.
func (b *bench) histogram() map[string]sumCount {
	out := map[string]sumCount{}
	res, err := b.client.Get(b.base + "/metrics")
	if err != nil {
		return out
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(body), "\n") {
		m := histLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, _ := strconv.ParseFloat(m[3], 64)
		sc := out[m[2]]
		if m[1] == "sum" {
			sc.sum = v
		} else {
			sc.count = int64(v)
		}
		out[m[2]] = sc
	}
	return out
}

// serverMean is the mean server time of the route that served the most
// requests between two readings of the histogram (the page's route: the
// only other request between them is one /metrics).
func serverMean(before, after map[string]sumCount) time.Duration {
	var best sumCount
	for route, a := range after {
		d := sumCount{a.sum - before[route].sum, a.count - before[route].count}
		if route != "/metrics" && d.count > best.count {
			best = d
		}
	}
	if best.count == 0 {
		return 0
	}
	return time.Duration(best.sum / float64(best.count) * float64(time.Second)).Round(10 * time.Microsecond)
}

// quantile is the nearest-rank p-th percentile of d (of 20 samples, p95 is
// the 19th fastest), rounded to 10 µs; 0 for no samples.
func quantile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := max(0, (len(s)*p+99)/100-1)
	return s[i].Round(10 * time.Microsecond)
}

// report prints the table of pages against the target, then the pages the
// crawler reached that did not answer with a page.
func report(w io.Writer, results []result, skipped []skippedPage, runs, warmup int) {
	fmt.Fprintf(w, "\neach page: %d requests timed after %d warm-up, one at a time; target %s on the server\n\n", runs, warmup, target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page (route shape)\tp50\tp95\ttarget\t\tserver mean\tbytes\t")
	over := 0
	seen := map[string]int{}
	for _, r := range results {
		// A second sample of a shape whose label reads the same (another
		// delegation's list, another participant) is told apart.
		if seen[r.label]++; seen[r.label] > 1 {
			r.label += fmt.Sprintf(" #%d", seen[r.label])
		}
		verdict := "OK"
		switch {
		case r.err != nil:
			verdict = "ERROR " + r.err.Error()
			over++
		case r.p95 > target:
			verdict = "OVER"
			over++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", r.label, ms(r.p50), ms(r.p95), ms(target), verdict, ms(r.server), r.bytes)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d pages timed, %d OK, %d OVER or failing\n", len(results), len(results)-over, over)
	for _, s := range skipped {
		fmt.Fprintf(w, "not timed: %s (%d %s)\n", s.path, s.status, s.why)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
