package badges_test

import (
	"bytes"
	"crypto/ed25519"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/testkit"
)

// updating reports whether -update was given (the flag is defined by the
// credential vector test, which shares this test binary): it rewrites the
// golden images too.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// tool returns the path of a PDF tool, skipping (or failing under CI) when
// it is missing.
func tool(t *testing.T, name string) string {
	t.Helper()
	pkg := "poppler-utils"
	if name == "zbarimg" {
		pkg = "zbar-tools"
	}
	return testkit.NeedTool(t, name, pkg)
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// readQRCodes rasterises page of the PDF and returns what zbarimg reads.
func readQRCodes(t *testing.T, pdfPath string, page int) []string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	p := strconv.Itoa(page)
	run(t, "pdftoppm", "-r", "200", "-png", "-f", p, "-l", p, "-singlefile", pdfPath, prefix)
	out := run(t, "zbarimg", "--quiet", "--raw", prefix+".png")
	// Codes may contain spaces (base45): one code per line.
	return strings.Split(strings.TrimRight(out, "\n"), "\n")
}

func TestEveryNameRendersAndReads(t *testing.T) {
	names := fixtures.Names()
	photo := testPhoto(t, 90)
	var cards []badges.Card
	for i, n := range names {
		cards = append(cards, testCard(t, n, i+1, photo))
	}
	var buf bytes.Buffer
	if err := badges.Render(&buf, badges.A6, cards, badges.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "names.pdf", buf.Bytes())
	text := norm.NFC.String(run(t, "pdftotext", "-layout", path, "-"))
	flat := strings.Join(strings.Fields(text), " ")
	for _, n := range names {
		// Long names wrap onto two lines; compare with spaces normalised.
		if !strings.Contains(flat, n.Latin()) && !strings.Contains(strings.ReplaceAll(flat, " ", ""), strings.ReplaceAll(n.Latin(), " ", "")) {
			t.Errorf("%s: Latin name %q not found in the PDF text", n.Key, n.Latin())
		}
		if strings.HasPrefix(n.Key, "ru") || strings.HasPrefix(n.Key, "kk") {
			if !strings.Contains(flat, n.Native) {
				t.Errorf("%s: Cyrillic name %q not found in the PDF text", n.Key, n.Native)
			}
		}
	}
	if got := strings.Count(text, "\f"); got != len(names) {
		t.Errorf("%d pages, want one per name (%d)", got, len(names))
	}
	// Sample pages: the first, an Arabic one and the longest name.
	for _, page := range []int{1, 4, len(names)} {
		codes := readQRCodes(t, path, page)
		if len(codes) != 1 {
			t.Fatalf("page %d: read %v, want one QR code", page, codes)
		}
		c, err := badges.VerifyCode(codes[0], func(uint32, uint16) (ed25519.PublicKey, bool) { return fixedKey.Public().(ed25519.PublicKey), true })
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if c.Number != uint32(page) || c.Version != 1 {
			t.Errorf("page %d: code names badge %d v%d", page, c.Number, c.Version)
		}
	}
}

// TestGoldenLayouts compares the first page of each layout, rasterised, with
// testdata/golden-<layout>.png (go test -update rewrites them). A small share
// of differing pixels is tolerated, for other poppler versions' antialiasing.
func TestGoldenLayouts(t *testing.T) {
	names := fixtures.Names()
	var cards []badges.Card
	// One photo for all: fpdf 0.9 orders image objects by width only, so a
	// document with several distinct photos of the same width is not
	// byte-for-byte reproducible (its pages still render the same).
	photo := testPhoto(t, 60)
	for i, key := range []string{"ru-1", "ar-1", "long-1", "fr-2"} {
		for _, n := range names {
			if n.Key == key {
				cards = append(cards, testCard(t, n, i+1, photo))
			}
		}
	}
	opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 9, 0, 0, 0, time.UTC), Title: "golden"}
	for _, layout := range badges.Layouts {
		t.Run(string(layout), func(t *testing.T) {
			var a, b bytes.Buffer
			if err := badges.Render(&a, layout, cards, opts); err != nil {
				t.Fatal(err)
			}
			if err := badges.Render(&b, layout, cards, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings with the same creation date differ")
			}
			testkit.GoldenPage(t, a.Bytes(), 1, 50, filepath.Join("testdata", "golden-"+string(layout)+".png"), updating())
		})
	}
}
