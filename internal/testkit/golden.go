package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// GoldenPage rasterises page (from 1) of pdf at dpi and compares it
// with the image at golden, or rewrites that file when update is set (the
// -update flag of the package's tests). A share of differing pixels up to
// 1% is allowed, for another build of the fonts' rasteriser.
func GoldenPage(t *testing.T, pdf []byte, page, dpi int, golden string, update bool) {
	t.Helper()
	pdftoppm := NeedTool(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(page)
	prefix := filepath.Join(dir, "page")
	if out, err := exec.Command(pdftoppm, "-r", strconv.Itoa(dpi), "-png", "-f", n, "-l", n, "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	if update {
		data, err := os.ReadFile(prefix + ".png")
		if err == nil {
			err = os.WriteFile(golden, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	got, want := ReadPNG(t, prefix+".png"), ReadPNG(t, golden)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("page is %v, golden %v", got.Bounds(), want.Bounds())
	}
	if share := Differing(got, want); share > 0.01 {
		t.Fatalf("%.2f%% of pixels differ from %s (run go test -update after checking the change)", share*100, golden)
	}
}
