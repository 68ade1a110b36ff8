package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// page is one address to time, with the route shape it stands for.
type page struct {
	shape, path string
	depth       int
	// label is what the report calls it: its shape, with the value of a
	// search or "4th page" for the variants.
	label string
}

// skippedPage is an address the crawler reached that did not answer with a
// page (an error status, or not HTML).
type skippedPage struct {
	path   string
	status int
	why    string
}

var (
	uuidSeg  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	numSeg   = regexp.MustCompile(`^[0-9]+$`)
	aTag     = regexp.MustCompile(`(?is)<a\s[^>]*>`)
	formTag  = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	attr     = regexp.MustCompile(`(?is)\b([a-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	fieldTag = regexp.MustCompile(`(?is)<(?:input|select|textarea)\s[^>]*>`)
	bareDL   = regexp.MustCompile(`(?i)\sdownload[\s>]`)
	nominate = regexp.MustCompile(`(?i)value\s*=\s*"?nominated"?`)
	dataSrc  = regexp.MustCompile(`\sdata-src="(/console/[^"]+)"`)
)

// shapeOf is the route shape of a console address: UUIDs and numbers in the
// path become {id} and {n}, and the query keeps only its sorted keys, so that
// ?status=issued and ?status=sent are one shape (one query on the server),
// while ?q= is another.
func shapeOf(u *url.URL) string {
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		switch {
		case uuidSeg.MatchString(s):
			segs[i] = "{id}"
		case numSeg.MatchString(s):
			segs[i] = "{n}"
		}
	}
	shape := strings.Join(segs, "/")
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k+"=")
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		shape += "?" + strings.Join(keys, "&")
	}
	return shape
}

// labelOf is how the report names a crawled address: its shape with the
// query's values, UUIDs among them replaced by {id}.
func labelOf(u *url.URL) string {
	path := strings.SplitN(shapeOf(u), "?", 2)[0]
	q := u.Query()
	for k, vs := range q {
		for i, v := range vs {
			if uuidSeg.MatchString(v) {
				vs[i] = "{id}"
			}
		}
		q[k] = vs
	}
	if len(q) == 0 {
		return path
	}
	raw, _ := url.QueryUnescape(q.Encode())
	return path + "?" + raw
}

// follow says whether the crawler may GET an address found in a link:
// a console page, not a static asset, a file, a download or an export.
func follow(u *url.URL, tag map[string]string) bool {
	p := strings.ToLower(u.Path)
	if !strings.HasPrefix(p, "/console/") && p != "/console" {
		return false
	}
	if _, ok := tag["download"]; ok {
		return false
	}
	for _, no := range []string{"/console/static/", "/console/signin", "/console/signout", "/console/language"} {
		if strings.HasPrefix(p, no) {
			return false
		}
	}
	for _, ext := range []string{".pdf", ".csv", ".zip", ".xlsx", ".png", ".jpg", ".jpeg", ".docx", ".ics"} {
		if strings.HasSuffix(p, ext) {
			return false
		}
	}
	for _, word := range []string{"/pdf", "/download", "/export", "/file", "/photo", "/qr", "/letter.", "/print.pdf"} {
		if strings.Contains(p, word) {
			return false
		}
	}
	for k, vs := range u.Query() {
		if k == "format" || k == "export" || k == "download" || k == "cursor" {
			return false
		}
		for _, v := range vs {
			if v == "csv" || v == "pdf" || v == "xlsx" {
				return false
			}
		}
	}
	return true
}

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attr.FindAllStringSubmatch(tag, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	// A bare attribute such as download has no value.
	if bareDL.MatchString(tag) {
		out["download"] = ""
	}
	return out
}

// links are the addresses of a page's <a href> links, resolved against it.
func links(base *url.URL, body string) []*url.URL {
	var out []*url.URL
	for _, t := range aTag.FindAllString(body, -1) {
		a := attrs(t)
		href, ok := a["href"]
		if !ok || strings.HasPrefix(href, "#") || strings.HasPrefix(href, "mailto:") || strings.HasPrefix(href, "tel:") {
			continue
		}
		u, err := base.Parse(href)
		if err != nil || u.Host != base.Host {
			continue
		}
		u.Fragment = ""
		if follow(u, a) {
			out = append(out, u)
		}
	}
	return out
}

// nextLink is the pager's link to the next page (rel="next"), if any.
func nextLink(base *url.URL, body string) *url.URL {
	for _, t := range aTag.FindAllString(body, -1) {
		a := attrs(t)
		if slices.Contains(strings.Fields(a["rel"]), "next") && a["href"] != "" {
			if u, err := base.Parse(a["href"]); err == nil && u.Host == base.Host {
				return u
			}
		}
	}
	return nil
}

// getForm is a GET form of a page: where it goes and the names of its fields
// (with "status=nominated" when a status field offers that choice).
type getForm struct {
	action *url.URL
	fields map[string]bool
}

func getForms(base *url.URL, body string) []getForm {
	var out []getForm
	for _, m := range formTag.FindAllStringSubmatch(body, -1) {
		a := attrs("<form " + m[1] + ">")
		if method := strings.ToLower(a["method"]); method != "" && method != "get" {
			continue
		}
		action, err := base.Parse(a["action"])
		if err != nil || action.Host != base.Host || !follow(action, map[string]string{}) {
			continue
		}
		action.RawQuery, action.Fragment = "", ""
		f := getForm{action: action, fields: map[string]bool{}}
		for _, t := range fieldTag.FindAllString(m[2], -1) {
			if name := attrs(t)["name"]; name != "" {
				f.fields[name] = true
			}
		}
		if f.fields["status"] && nominate.MatchString(m[2]) {
			f.fields["status=nominated"] = true
		}
		out = append(out, f)
	}
	return out
}

// get fetches a console address with the session; it returns the status, the
// redirect target and the body.
func (b *bench) get(path string) (int, string, string, error) {
	res, err := b.client.Get(b.base + path)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", "", err
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && res.StatusCode == http.StatusOK {
		return res.StatusCode, "", "", fmt.Errorf("not HTML: %s", res.Header.Get("Content-Type"))
	}
	return res.StatusCode, res.Header.Get("Location"), string(body), nil
}

// crawl finds the console's pages breadth first from the event's dashboard,
// up to depth links away, at most samples addresses per route shape; then it
// adds the searches and filters a person would type, and a deep page of each
// list (its pager's next link followed three times).
func (b *bench) crawl(depth, samples int) ([]page, []skippedPage, error) {
	base, _ := url.Parse(b.base)
	start := "/console/events/" + b.seeded.eventID
	shape0 := shapeOf(&url.URL{Path: start})
	queue := []page{{shape: shape0, path: start, label: shape0}}
	queued := map[string]bool{start: true}
	perShape := map[string]int{queue[0].shape: 1}
	var pages, variants []page
	var skipped []skippedPage
	add := func(u *url.URL, d int, list *[]page, limit int, label string) {
		path := u.RequestURI()
		shape := shapeOf(u)
		if queued[path] || perShape[shape] >= limit {
			return
		}
		queued[path] = true
		perShape[shape]++
		if label == "" {
			label = labelOf(u)
		}
		*list = append(*list, page{shape: shape, path: path, depth: d, label: label})
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		status, loc, body, err := b.get(p.path)
		if err != nil {
			skipped = append(skipped, skippedPage{p.path, status, err.Error()})
			continue
		}
		here, _ := base.Parse(p.path)
		if status >= 300 && status < 400 && loc != "" {
			if u, err := here.Parse(loc); err == nil && u.Host == base.Host && follow(u, nil) {
				add(u, p.depth, &queue, samples, "")
			}
			continue
		}
		if status != http.StatusOK {
			skipped = append(skipped, skippedPage{p.path, status, http.StatusText(status)})
			continue
		}
		pages = append(pages, p)
		if p.depth < depth {
			for _, u := range links(here, body) {
				add(u, p.depth+1, &queue, samples, "")
			}
		}
		for _, f := range getForms(here, body) {
			b.formVariants(f, add, &variants)
		}
		if strings.HasSuffix(here.Path, "/participants") {
			// Whatever its form looks like, the participant list is searched
			// and filtered by these.
			b.formVariants(getForm{action: &url.URL{Path: here.Path},
				fields: map[string]bool{"q": true, "status=nominated": true}}, add, &variants)
		}
		// The figures a page's script polls (its data-src), e.g. the live
		// attendance, cost the server as much as a page, every few seconds.
		for _, m := range dataSrc.FindAllStringSubmatch(body, -1) {
			if u, err := here.Parse(html.UnescapeString(m[1])); err == nil && u.Host == base.Host {
				add(u, p.depth+1, &variants, 1, shapeOf(u)+" (polled by the page)")
			}
		}
		if here.RawQuery == "" {
			if deep := b.deepPage(here, body); deep != nil {
				add(deep, p.depth+1, &variants, 1, shapeOf(here)+" (4th page)")
			}
		}
	}
	return append(pages, variants...), skipped, nil
}

// formVariants adds the searches of a GET form: a Latin and an Arabic
// fragment of a name when it has a q field, ?status=nominated when it offers
// that status.
func (b *bench) formVariants(f getForm, add func(*url.URL, int, *[]page, int, string), list *[]page) {
	with := func(k, v string) *url.URL {
		u := *f.action
		u.RawQuery = url.Values{k: {v}}.Encode()
		return &u
	}
	// Each variant is its own shape: a Latin and an Arabic search cost
	// differently on the server.
	if f.fields["q"] {
		for _, q := range []string{b.seeded.qLatin, b.seeded.qArabic} {
			add(with("q", q), 0, list, 1<<30, shapeOf(&url.URL{Path: f.action.Path})+"?q="+q)
		}
	}
	if f.fields["status=nominated"] {
		add(with("status", "nominated"), 0, list, 1<<30, shapeOf(&url.URL{Path: f.action.Path})+"?status=nominated")
	}
}

// deepPage follows a list's pager three times and returns the fourth page's
// address, or nil when the list is shorter.
func (b *bench) deepPage(here *url.URL, body string) *url.URL {
	var next *url.URL
	for range 3 {
		next = nextLink(here, body)
		if next == nil {
			return nil
		}
		status, _, nb, err := b.get(next.RequestURI())
		if err != nil || status != http.StatusOK {
			return nil
		}
		here, body = next, nb
	}
	return next
}
