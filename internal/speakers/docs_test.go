package speakers_test

import (
	"archive/zip"
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/app"
	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
	"accreditation/internal/testkit"
)

// zipOf is a ZIP holding one empty file per name.
func zipOf(t testing.TB, names ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		must(t, err)
		_, _ = w.Write([]byte("<w:document/>"))
	}
	must(t, zw.Close())
	return b.Bytes()
}

func twoPools(t *testing.T) (*database.DB, *database.DB) { return apptest.TwoPools(t) }

// second is another server on the same database, with the first one's
// accounts.
func (f *fixture) second(db *database.DB) *apptest.Env {
	f.t.Helper()
	cfg, err := app.ConfigFromEnv(func(k string) string {
		return map[string]string{"DATA_DIR": f.t.TempDir(), "PUBLIC_BASE_URL": "https://accreditation.test", "HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	must(f.t, err)
	a, err := app.Build(f.t.Context(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(f.t, err)
	return &apptest.Env{T: f.t, App: a, DB: db, Tokens: f.Tokens, IDs: f.IDs}
}

// TestListAsPDFInArabicAndStatementsAsZIP: the list of speakers drawn in
// Arabic reads back with pdftotext with the names in every script; the
// statements come as one ZIP.
func TestListAsPDFInArabicAndStatementsAsZIP(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	var want []string
	for i, n := range fixtures.Names() {
		if i >= 6 {
			break
		}
		d := f.delegation(f.EventID, "Delegation "+n.Given)
		p := f.member(d, "H.E.", n.Given, n.Family, n.Native)
		r := f.inscribe(d, p)
		if r.Status != 201 {
			t.Fatalf("inscribe %v: %d %s", n, r.Status, r.Body)
		}
		want = append(want, n.Given)
		id := r.Map(t)["id"].(string)
		req := httptest.NewRequest("PUT", "/api/v1/sessions/"+f.SessionID+"/speakers/"+id+"/statement?file_name=text.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"))
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Authorization", "Bearer "+f.Tokens["secretariat"])
		if r := f.Send(req); r.Status != 204 {
			t.Fatalf("statement: %d %s", r.Status, r.Body)
		}
	}
	r := f.Do("GET", "/api/v1/sessions/"+f.SessionID+"/speakers/statements", "secretariat", nil)
	zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
	must(t, err)
	if len(zr.File) != len(want) {
		t.Errorf("%d statements in the ZIP, want %d", len(zr.File), len(want))
	}
	for _, lang := range []string{"ar", "en"} {
		r := f.Do("GET", "/api/v1/sessions/"+f.SessionID+"/speakers/pdf?language="+lang, "secretariat", nil)
		if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
			t.Fatalf("%s PDF: %d %.200s", lang, r.Status, r.Body)
		}
		pdftotext := testkit.NeedTool(t, "pdftotext", "poppler-utils")
		path := filepath.Join(t.TempDir(), "list-"+lang+".pdf")
		must(t, os.WriteFile(path, r.Body, 0o600))
		out, err := exec.Command(pdftotext, "-layout", path, "-").Output()
		must(t, err)
		text := norm.NFKC.String(string(out)) // Arabic is drawn in its presentation forms
		heading := map[string]string{"ar": "المتحدثين", "en": "List of speakers"}[lang]
		if !strings.Contains(text, heading) {
			t.Errorf("%s: heading %q not read back from\n%s", lang, heading, text)
		}
		for _, n := range want {
			if !strings.Contains(text, n) {
				t.Errorf("%s: %q not read back", lang, n)
			}
		}
		if os.Getenv("SPEAKERS_PDF_DIR") != "" {
			_ = os.WriteFile(filepath.Join(os.Getenv("SPEAKERS_PDF_DIR"), "list-"+lang+".pdf"), r.Body, 0o600)
		}
	}
}
