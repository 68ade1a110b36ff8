package documents_test

import (
	"image/png"
	"os"
	"testing"
)

// inked is the share of a page's pixels that are not white.
func inked(t *testing.T, file string) float64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xC000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

// inkSide is the share of a page's ink in its left half, over the body
// (below the running header, above the footer).
func inkSide(t *testing.T, file string) float64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	left, all := 0, 0
	for y := b.Min.Y + b.Dy()/10; y < b.Max.Y-b.Dy()/10; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xC000 {
				all++
				if x < b.Min.X+b.Dx()/2 {
					left++
				}
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(left) / float64(all)
}

// TestListRasterised draws the list in English and Arabic: every page has
// ink, and the body of the list stands on the left in English and on the
// right in Arabic.
func TestListRasterised(t *testing.T) {
	w := newWorld(t)
	mixed(w)
	for _, lang := range []string{"en", "ar"} {
		pages := rasterise(t, w.list("language="+lang), "list-"+lang)
		if len(pages) < 2 {
			t.Fatalf("%s: %d pages, want a cover and the list", lang, len(pages))
		}
		for _, p := range pages {
			if ink := inked(t, p); ink < 0.002 {
				t.Errorf("%s: page %s is blank (%.4f inked)", lang, p, ink)
			}
		}
		side := inkSide(t, pages[1])
		if lang == "en" && side < 0.6 || lang == "ar" && side > 0.4 {
			t.Errorf("%s: %.2f of the list's ink is on the left half", lang, side)
		}
	}
}
