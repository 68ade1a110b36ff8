package console_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/httpx"
	"accreditation/internal/testkit"
)

// progress reads a job's progress JSON as the page's script does, and checks
// it against the contract.
func (s *site) progress(id string) map[string]any {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/console/prints/"+id+"/progress", nil)
	req.Header.Set("Accept", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	req.URL.Host, req.URL.Scheme = "", ""
	if err := apptest.CheckContract(req, &apptest.Response{Status: res.StatusCode, Header: res.Header, Body: body}); err != nil {
		s.t.Errorf("progress breaks the contract: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil || res.StatusCode != http.StatusOK {
		s.t.Fatalf("progress: %d %s", res.StatusCode, body)
	}
	return m
}

func TestPrintJobFromTheForm(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(3)
	s.signIn("secretariat")
	prints := "/console/events/" + ev.ID + "/prints"
	token := s.csrf(prints)
	p := s.post(prints, url.Values{"_csrf": {token}, "delegation_id": {ev.Delegation}, "category_id": {""},
		"layout": {"a4-4up"}, "only_unprinted": {"1"}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/console/prints/") {
		t.Fatalf("start printing: %d → %q", p.Status, p.Location)
	}
	id := strings.TrimPrefix(strings.SplitN(p.Location, "?", 2)[0], "/console/prints/")
	page := s.get(p.Location)
	for _, want := range []string{"The print job is queued.", `id="print-progress"`, `data-progress-url="/console/prints/` + id + `/progress"`,
		`http-equiv="refresh"`, "Republic of Azerbaijan", "A4, four badges a sheet"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("queued job's page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `id="print-download"`) {
		t.Error("a queued job offers its file")
	}
	if got := s.progress(id); got["state"] != "queued" || got["total"] != 2.0 || got["done"] != 0.0 {
		t.Errorf("queued progress: %v", got)
	}
	if f := s.get("/console/prints/" + id + "/file"); f.Status != http.StatusConflict {
		t.Errorf("file of a queued job: %d, want 409", f.Status)
	}
	// The worker is not running in tests: run the job here.
	if ran, err := s.env.App.Services.Badges.Prints.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run the job: %v %v", ran, err)
	}
	got := s.progress(id)
	if got["state"] != "done" || got["done"] != 2.0 || got["file_url"] != "/console/prints/"+id+"/file" {
		t.Errorf("done progress: %v", got)
	}
	page = s.get("/console/prints/" + id)
	if !strings.Contains(page.Body, `id="print-download" class="button primary" href="/console/prints/`+id+`/file"`) ||
		strings.Contains(page.Body, "data-progress-url") || strings.Contains(page.Body, `http-equiv="refresh"`) {
		t.Errorf("done job's page: %s", excerpt(page.Body, "<progress"))
	}
	if list := s.get(prints); !strings.Contains(list.Body, "/console/prints/"+id+"/file") || !strings.Contains(list.Body, "secretariat") {
		t.Error("the list of jobs does not show the job, its file and who started it")
	}
	file := s.get("/console/prints/" + id + "/file")
	if file.Status != http.StatusOK || !strings.HasPrefix(file.Body, "%PDF") ||
		!strings.Contains(file.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("file: %d %q", file.Status, file.Header.Get("Content-Disposition"))
	}
	codes := qrCodes(t, []byte(file.Body))
	for _, b := range ev.Badges[:2] {
		if !slices.Contains(codes, b.Code) {
			t.Errorf("badge %d's code is not on the sheet (read %q)", b.Number, codes)
		}
	}
	if slices.Contains(codes, ev.Badges[2].Code) {
		t.Error("another delegation's badge was printed")
	}
	// Printed now: the same form finds nothing more to print.
	before := s.count("print_jobs")
	p = s.post(prints, url.Values{"_csrf": {token}, "delegation_id": {ev.Delegation}, "layout": {"a6"}, "only_unprinted": {"1"}})
	if p.Status != http.StatusConflict || !strings.Contains(p.Body, "nothing to print") || s.count("print_jobs") != before {
		t.Errorf("nothing left to print: %d", p.Status)
	}
}

// qrCodes rasterises every page of a PDF and returns the QR codes zbarimg
// reads on them.
func qrCodes(t *testing.T, pdf []byte) []string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		testkit.NeedTool(t, tool, map[string]string{"pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"}[tool])
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "badges.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	out, err := exec.Command("zbarimg", append([]string{"--quiet", "--raw"}, pages...)...).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

func TestPrintFormRefused(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(1)
	s.signIn("admin")
	prints := "/console/events/" + ev.ID + "/prints"
	token := s.csrf(prints)
	for _, c := range []struct {
		name   string
		form   url.Values
		status int
		field  string
		want   string
	}{
		{"unknown layout", url.Values{"layout": {"a5"}}, 400, "layout", "unknown badge layout"},
		{"long layout", url.Values{"layout": {strings.Repeat("a", 100000)}}, 400, "layout", "unknown badge layout"},
		{"delegation not a UUID", url.Values{"delegation_id": {"x\u202E"}}, 400, "delegation_id", "must be a UUID"},
		{"another event's delegation", url.Values{"delegation_id": {httpx.NewID()}}, 400, "delegation_id", "no such delegation"},
		{"invalid UTF-8", url.Values{"category_id": {"\xff"}}, 400, "category_id", "not valid text"},
		{"nothing matches", url.Values{"category_id": {ev.Empty}}, 409, "", "nothing to print"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := s.count("print_jobs")
			c.form.Set("_csrf", token)
			p := s.post(prints, c.form)
			if p.Status != c.status || !strings.Contains(p.Body, c.want) {
				t.Errorf("%d, want %d with %q: %s", p.Status, c.status, c.want, excerpt(p.Body, "problem"))
			}
			if c.field != "" && !strings.Contains(excerpt(p.Body, `id="e-`+c.field+`"`), c.want) {
				t.Errorf("no message beside %s", c.field)
			}
			if s.count("print_jobs") != before {
				t.Error("a refused form created a job")
			}
		})
	}
}

func TestPrintProgressNeedsStaff(t *testing.T) {
	s := newSite(t)
	path := "/console/prints/" + httpx.NewID() + "/progress"
	s.env.SeedDevice()
	for role, want := range map[string]int{"": 401, "door": 403, "device": 403, "admin": 404, "secretariat": 404} {
		if res := s.env.Do(http.MethodGet, path, role, nil); res.Status != want {
			t.Errorf("as %q: %d, want %d", role, res.Status, want)
		}
	}
	if res := s.env.Do(http.MethodGet, "/console/prints/x/progress", "admin", nil); res.Status != 400 {
		t.Errorf("not a UUID: %d", res.Status)
	}
}
