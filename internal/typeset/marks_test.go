package typeset

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestPlaceMarks(t *testing.T) {
	f := faceMetricsOf(Arabic, "").font
	var buf sfnt.Buffer
	ink := func(r rune) box {
		t.Helper()
		_, b, ok := glyphBox(f, &buf, r)
		if !ok {
			t.Fatalf("%U: no glyph", r)
		}
		return b
	}
	tests := []struct {
		name  string
		text  string // logical
		bases string // visual, marks taken out
	}{
		{"shadda and fatha stack", "مَّد", "\uFEAA\uFEE3"},
		{"fatha clears a tall alef", "اَ", "\u0627"},
		{"kasra under a letter", "بِ", "\u0628"},
		{"marks of a whole name", "مُحَمَّد", "\uFEAA\uFEE4\uFEA4\uFEE3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bases, marks := placeMarks(f, Shape(tt.text))
			if bases != tt.bases {
				t.Errorf("bases = %s, want %s", codes(bases), codes(tt.bases))
			}
			var nMarks int
			for _, r := range tt.text {
				if isMark(r) {
					nMarks++
				}
			}
			if len(marks) != nMarks {
				t.Fatalf("placed %d marks, want %d", len(marks), nMarks)
			}
			// Boxes drawn so far, bases and marks, must not overlap a mark.
			var drawn []box
			var pen float64
			for _, r := range bases {
				adv, b, _ := glyphBox(f, &buf, r)
				drawn = append(drawn, box{b.minX + pen, b.minY, b.maxX + pen, b.maxY})
				pen += adv
			}
			for _, m := range marks {
				b := ink(m.r)
				mb := box{b.minX + m.dx, b.minY + m.dy, b.maxX + m.dx, b.maxY + m.dy}
				for _, d := range drawn {
					if overlap(mb, d) {
						t.Errorf("mark %U at %+v overlaps %+v", m.r, mb, d)
					}
				}
				drawn = append(drawn, mb)
			}
		})
	}
}

// overlap reports whether two boxes share more than a sliver of height.
func overlap(a, b box) bool {
	const slack = 5
	return a.minX < b.maxX && b.minX < a.maxX && a.minY+slack < b.maxY && b.minY+slack < a.maxY
}
