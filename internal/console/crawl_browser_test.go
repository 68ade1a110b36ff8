package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/labstack/echo/v4"

	"accreditation/internal/browsertest"
)

var (
	hrefs     = regexp.MustCompile(`href="([^"]+)"`)
	uuidPart  = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	numbered  = regexp.MustCompile(`/[0-9]+(/|$)`)
	notAPageR = regexp.MustCompile(`/(pdf|file|export|download|photo|letter\.pdf|progress|data)(\?|$|/)|\.(pdf|csv|xlsx|zip)(\?|$)`)
)

// shape is a page's route with its ids taken out and its query's names
// kept, so that the crawl visits each kind of page a few times, not every
// participant.
func shape(u *url.URL) string {
	p := numbered.ReplaceAllString(uuidPart.ReplaceAllString(u.Path, ":id"), "/:n$1")
	var keys []string
	for k := range u.Query() {
		if k != "cursor" && k != "done" && k != "n" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return p + "?" + strings.Join(keys, "&")
}

// samples is how many pages of a shape the crawl visits: two of a
// record's page (two participants, two badges), one of a list's.
func samples(u *url.URL) int {
	if strings.HasPrefix(u.Path, "/console/events/") {
		return 1
	}
	return 2
}

// crawl collects the console's pages reachable from start by links, two
// samples of each shape at most, answered as HTML to a signed-in client.
func (s *site) crawl(start string, limit int) []string {
	s.t.Helper()
	seen, shapes := map[string]bool{}, map[string]int{}
	queue, pages := []string{start}, []string{}
	for len(queue) > 0 && len(pages) < limit {
		path := queue[0]
		queue = queue[1:]
		u, err := url.Parse(path)
		if err != nil || seen[path] || shapes[shape(u)] >= samples(u) {
			continue
		}
		seen[path] = true
		p := s.get(path)
		if p.Status >= 500 {
			s.t.Errorf("GET %s → %d", path, p.Status)
			continue
		}
		if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			continue
		}
		shapes[shape(u)]++
		pages = append(pages, path)
		for _, m := range hrefs.FindAllStringSubmatch(p.Body, -1) {
			next := html.UnescapeString(m[1])
			if strings.HasPrefix(next, "/console/") && !strings.HasPrefix(next, "/console/static/") &&
				!notAPageR.MatchString(next) && !seen[next] {
				queue = append(queue, next)
			}
		}
	}
	return pages
}

// TestCrawlEveryPage signs in as admin and as secretariat, in English and in
// Arabic, on the demo conference, and opens in Chromium every page reachable
// from the dashboard: no 5xx, no JavaScript error, no Content-Security-Policy
// violation, no serious or critical accessibility violation (axe-core).
func TestCrawlEveryPage(t *testing.T) {
	s := newLocalSite(t, nil)
	if err := s.env.App.LoadDemo(context.Background()); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	var ev string
	if err := s.env.DB.Raw(`SELECT id FROM events LIMIT 1`).Scan(&ev).Error; err != nil || ev == "" {
		t.Fatalf("no demo event: %v", err)
	}
	s.signIn("admin")
	pages := s.crawl("/console/events/"+ev, 120)
	if len(pages) < 8 {
		t.Fatalf("the crawl found %d pages: %v", len(pages), pages)
	}
	t.Logf("%d pages: %v", len(pages), pages)
	crawled := map[string]bool{}
	for _, p := range pages {
		u, _ := url.Parse(p)
		crawled[strings.SplitN(shape(u), "?", 2)[0]] = true
	}
	for _, route := range pageRoutes(s.env.App.Echo) {
		if !crawled[route] {
			t.Errorf("no link leads to the page %s: the crawl cannot check it", route)
		}
	}
	// Each page once in each language and for each role, not every pair:
	// the admin (who reaches every page the secretariat does, and the
	// accounts) in Arabic, right to left, where layouts break most; the
	// secretariat in English.
	for _, c := range []struct{ role, lang string }{{"admin", "ar"}, {"secretariat", "en"}} {
		role, lang := c.role, c.lang
		t.Run(role+"/"+lang, func(t *testing.T) {
			b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
			signInBrowser(t, b, s.srv.URL, role)
			setLanguage(t, b, s.srv.URL, lang)
			for _, path := range pages {
				res := b.Navigate(t, s.srv.URL+path)
				if res == nil || res.Status >= 500 {
					t.Errorf("%s: status %v", path, res)
					continue
				}
				dir := map[string]string{"en": "ltr", "ar": "rtl"}[lang]
				got, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.lang + ' ' + document.documentElement.dir`))
				if err != nil || got != lang+" "+dir {
					t.Errorf("%s: html lang/dir %q, want %q", path, got, lang+" "+dir)
				}
				b.Axe(t)
			}
			b.NoProblems(t)
		})
	}
}

// routeParam is a parameter of a route's path, such as :event_id.
var routeParam = regexp.MustCompile(`:[a-z_]+`)

// pageRoutes are the console's pages a person opens, as shape writes
// their paths: every GET route under /console but its files, its assets,
// its JSON and the forms reached only by a POST's answer.
func pageRoutes(e *echo.Echo) []string {
	var out []string
	for _, r := range e.Routes() {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.Path, "/console/") || strings.HasPrefix(r.Path, "/console/static/") ||
			r.Path == "/console/signin" || notAPageR.MatchString(r.Path) || strings.HasSuffix(r.Path, ".png") ||
			strings.HasSuffix(r.Path, "/signature") || strings.HasSuffix(r.Path, "/qr") {
			continue
		}
		out = append(out, routeParam.ReplaceAllString(r.Path, ":id"))
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// signInBrowser signs in through the sign-in form, as a person would.
func signInBrowser(t *testing.T, b *browsertest.Browser, base, role string) {
	t.Helper()
	b.Navigate(t, base+"/")
	b.SetValue(t, "#f-email", role+"@test.example")
	b.SetValue(t, "#f-password", "correct horse battery staple")
	b.Submit(t, "form.signin button[type=submit]")
	loc, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !strings.HasPrefix(loc, "/console/") {
		t.Fatalf("after sign-in the browser is at %q (%v)", loc, err)
	}
}

// setLanguage chooses the console's language with the language menu.
func setLanguage(t *testing.T, b *browsertest.Browser, base, lang string) {
	t.Helper()
	b.SetValue(t, "#lang-select", lang)
	b.Submit(t, "form.lang button[type=submit]")
	res, err := chromedp.Call(b.Context(), network.GetCookies, network.GetCookiesParams{URLs: []string{base}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == "console_lang" && c.Value == lang {
			return
		}
	}
	t.Fatalf("the language menu did not remember %s", lang)
}
