package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"accreditation/internal/browsertest"
)

// site serves a clean English page, a clean Arabic page, and a page with one
// of each defect the package must report.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(lang, dir, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; img-src 'self' data:")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8"><title>Test page</title>
<link rel="icon" href="data:,"></head><body><main><h1>Test page</h1>%s</main></body></html>`, lang, dir, body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/clean", page("en", "ltr", `<label for="name">Name</label> <input id="name">
<img src="data:," alt="Logo"><button type="button" id="go">Go</button><script src="/ok.js"></script>`))
	mux.Handle("/clean-ar", page("ar", "rtl", `<label for="name">الاسم</label> <input id="name">
<p>المؤتمر الوزاري</p><script src="/ok.js"></script>`))
	mux.Handle("/defects", page("en", "ltr", `<img src="data:,"> <input id="name">
<script>document.title = 'inline ran'</script><script src="/bad.js"></script>`))
	mux.HandleFunc("/ok.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.getElementById('name').value = 'x'; console.log('fine');`)
	})
	mux.HandleFunc("/bad.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `console.error('the page is broken', 42); fetch('/fails');
setTimeout(() => { throw new Error('kaput') }, 0);`)
	})
	mux.HandleFunc("/fails", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database is down", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCleanPagesReportNothing(t *testing.T) {
	srv := site(t)
	b := browsertest.Start(t)
	for _, path := range []string{"/clean", "/clean-ar"} {
		if res := b.Navigate(t, srv.URL+path); res.Status != 200 {
			t.Fatalf("%s: status %d", path, res.Status)
		}
		if vs := b.AxeViolations(t); len(vs) != 0 {
			t.Errorf("%s: axe found %+v", path, vs)
		}
		b.Axe(t)
		b.SetValue(t, "#name", "Aliyev")
	}
	b.Navigate(t, srv.URL+"/clean")
	b.Click(t, "#go")
	if ps := b.Problems(); len(ps) != 0 {
		t.Errorf("problems on clean pages: %v", ps)
	}
	if fi, err := os.Stat(b.Screenshot(t, "clean.png")); err != nil || fi.Size() == 0 {
		t.Errorf("screenshot: %v", err)
	}
}

func TestDefectsAreReported(t *testing.T) {
	srv := site(t)
	b := browsertest.Start(t)
	b.Navigate(t, srv.URL+"/defects")

	var ids []string
	for _, v := range b.AxeViolations(t) {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || v.Nodes[0].Target == "" || v.Nodes[0].HTML == "" {
			t.Errorf("%s: no element named: %+v", v.ID, v.Nodes)
		}
	}
	for _, want := range []string{"image-alt", "label"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe violations %v, want %s", ids, want)
		}
	}
	rec := &recorder{TB: t}
	b.Axe(rec)
	for _, want := range []string{"image-alt (critical)", `<img src="data:,">`, "label (critical)", `#name`, `lang "en", dir "ltr"`} {
		if !strings.Contains(rec.errors, want) {
			t.Errorf("Axe's failure does not name %q:\n%s", want, rec.errors)
		}
	}

	got := map[browsertest.Kind][]string{}
	for _, p := range b.Problems() {
		got[p.Kind] = append(got[p.Kind], p.String())
	}
	want := map[browsertest.Kind]string{
		browsertest.ConsoleError: "the page is broken 42",
		browsertest.Exception:    "Uncaught Error: kaput",
		browsertest.CSPViolation: "script-src 'self'",
		browsertest.ServerError:  "500",
	}
	for k, text := range want {
		if len(got[k]) != 1 || !strings.Contains(got[k][0], text) || !strings.Contains(got[k][0], "/defects") {
			t.Errorf("%s: got %q, want one mentioning %q on /defects", k, got[k], text)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems: %q", got)
	}
	if !strings.Contains(got[browsertest.ServerError][0], "/fails") {
		t.Errorf("server error does not name the request: %s", got[browsertest.ServerError][0])
	}
}

// recorder keeps the errors a helper reports instead of failing the test.
type recorder struct {
	testing.TB
	errors string
}

func (r *recorder) Error(args ...any) { r.errors += fmt.Sprintln(args...) }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors += fmt.Sprintf(format, args...) + "\n"
}
