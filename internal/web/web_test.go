package web_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"accreditation/internal/web"
)

// tableRow matches a row of the table in static/vendor/README.md: file, package, version, sha256.
var tableRow = regexp.MustCompile("^\\| `([^`]+)` \\| (\\S+) \\| (\\S+) \\| `([0-9a-f]{64})` \\|$")

// vendorTable reads the file → sha256 table from the embedded README.
func vendorTable(t *testing.T) map[string]string {
	t.Helper()
	readme, err := fs.ReadFile(web.Static, "vendor/README.md")
	if err != nil {
		t.Fatalf("read vendor/README.md: %v", err)
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		if m := tableRow.FindStringSubmatch(sc.Text()); m != nil {
			sums[m[1]] = m[4]
		}
	}
	return sums
}

func TestVendorFilesMatchREADME(t *testing.T) {
	sums := vendorTable(t)
	for _, name := range []string{"redoc.standalone.js", "redoc.LICENSE", "jsQR.js", "jsQR.LICENSE"} {
		if _, ok := sums[name]; !ok {
			t.Errorf("vendor/README.md lists no %s", name)
		}
	}
	for name, want := range sums {
		data, err := fs.ReadFile(web.Static, "vendor/"+name)
		if err != nil {
			t.Errorf("listed in vendor/README.md but not embedded: %v", err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("sha256 of vendor/%s = %s, want %s (run scripts/vendor-assets.sh)", name, got, want)
		}
	}
	entries, err := fs.ReadDir(web.Static, "vendor")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := sums[e.Name()]; !ok && e.Name() != "README.md" {
			t.Errorf("vendor/%s is embedded but not listed in vendor/README.md", e.Name())
		}
	}
}

func TestScriptPathsAreEmbedded(t *testing.T) {
	for _, p := range []string{web.RedocPath, web.JSQRPath} {
		name, ok := strings.CutPrefix(p, web.StaticPrefix)
		if !ok {
			t.Errorf("%s is not under %s", p, web.StaticPrefix)
			continue
		}
		if _, err := fs.Stat(web.Static, name); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestDocsPage(t *testing.T) {
	tests := []struct {
		name     string
		specURL  string
		want     []string
		dontWant []string
	}{
		{
			name:    "path on this server",
			specURL: "/api/openapi.yaml",
			want: []string{
				`<redoc spec-url="/api/openapi.yaml"`,
				`<script src="/static/vendor/redoc.standalone.js"></script>`,
				`connect-src 'self';`,
			},
			// Nothing from another origin: no CDN, no web fonts.
			dontWant: []string{"http:", "https:", "//fonts", "googleapis"},
		},
		{
			name:    "absolute URL allows its origin",
			specURL: "https://docs.example.org:8443/v1/openapi.yaml?x=1",
			want: []string{
				`spec-url="https://docs.example.org:8443/v1/openapi.yaml?x=1"`,
				`connect-src 'self' https://docs.example.org:8443;`,
			},
		},
		{
			name:     "markup in the URL is escaped",
			specURL:  `/x"><script>alert(1)</script>`,
			want:     []string{`spec-url="/x%22%3e%3cscript%3ealert%281%29%3c/script%3e"`},
			dontWant: []string{"<script>alert"},
		},
		{
			name:     "script URL is refused",
			specURL:  "javascript:alert(1)",
			want:     []string{`spec-url="#ZgotmplZ"`, `connect-src 'self';`},
			dontWant: []string{"javascript:"},
		},
		{
			name:     "host that would end the CSP directive is not allowed",
			specURL:  "https://a;script-src*.example/",
			want:     []string{`connect-src 'self';`},
			dontWant: []string{"connect-src 'self' https"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := string(web.DocsPage(tt.specURL))
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q:\n%s", s, page)
				}
			}
			for _, s := range tt.dontWant {
				if strings.Contains(page, s) {
					t.Errorf("page contains %q:\n%s", s, page)
				}
			}
		})
	}
}
