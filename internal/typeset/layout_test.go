package typeset

import (
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/fixtures"
)

func newPage(t testing.TB) *fpdf.Fpdf {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	return pdf
}

func nameByKey(t testing.TB, key string) fixtures.Name {
	t.Helper()
	n, ok := fixtures.Find(key)
	if !ok {
		t.Fatalf("no name %q in names.tsv", key)
	}
	return n
}

func TestFit(t *testing.T) {
	long := nameByKey(t, "long-1")
	tests := []struct {
		name       string
		text       string
		w, h       float64
		maxSize    float64
		minSize    float64
		maxLines   int
		wantShrunk bool
		minLines   int
	}{
		{"long-1 native on a badge", long.Native, 90, 20, 24, 7, 3, false, 2},
		{"long-1 latin on a badge", long.Full(), 90, 20, 24, 7, 3, false, 2},
		{"short name stays large on one line", "Ayşe Yılmaz", 90, 20, 24, 7, 3, false, 1},
		{"one line only", long.Native, 90, 20, 24, 7, 1, false, 1},
		{"too small a box shrinks below the minimum", long.Native, 30, 5, 24, 7, 2, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := newPage(t)
			st := Style{Size: tt.maxSize, Bold: true, Align: AlignCenter}
			l := Fit(pdf, tt.text, tt.w, tt.h, st, tt.minSize, tt.maxLines)
			t.Logf("%.2f pt, %d lines, %.1f × %.1f mm", l.Style.Size, len(l.Lines), l.Width, l.Height)
			if l.Shrunk != tt.wantShrunk {
				t.Errorf("Shrunk = %v at %.2f pt, want %v", l.Shrunk, l.Style.Size, tt.wantShrunk)
			}
			if !tt.wantShrunk && l.Style.Size < tt.minSize {
				t.Errorf("size %.2f pt, want at least %.2f", l.Style.Size, tt.minSize)
			}
			if l.Style.Size > tt.maxSize || l.Style.Size <= 0 {
				t.Errorf("size %.2f pt, want in (0, %.2f]", l.Style.Size, tt.maxSize)
			}
			if len(l.Lines) < tt.minLines || len(l.Lines) > tt.maxLines {
				t.Errorf("%d lines %q, want %d to %d", len(l.Lines), l.Lines, tt.minLines, tt.maxLines)
			}
			if got, want := strings.Join(l.Lines, " "), strings.Join(strings.Fields(tt.text), " "); got != want {
				t.Errorf("lines %q lose text: got %q, want %q", l.Lines, got, want)
			}
			for _, line := range l.Lines {
				if w := Width(pdf, line, l.Style); w > tt.w+1e-9 {
					t.Errorf("line %q is %.2f mm wide, want at most %.2f", line, w, tt.w)
				}
			}
			if l.Height > tt.h+1e-9 {
				t.Errorf("height %.2f mm, want at most %.2f", l.Height, tt.h)
			}
			l.Draw(pdf, 10, 10, tt.w)
			if err := pdf.Error(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFitBalancesLines(t *testing.T) {
	pdf := newPage(t)
	l := Fit(pdf, "François-Xavier Lefèvre Anaïs Œuvray-Ménard", 60, 20, Style{Size: 18}, 7, 2)
	if len(l.Lines) != 2 {
		t.Fatalf("lines %q, want 2", l.Lines)
	}
	a, b := Width(pdf, l.Lines[0], l.Style), Width(pdf, l.Lines[1], l.Style)
	if a > 2*b || b > 2*a {
		t.Errorf("lines %q are %.1f and %.1f mm wide, want them balanced", l.Lines, a, b)
	}
}

func TestWrapKeepsLogicalOrder(t *testing.T) {
	pdf := newPage(t)
	text := sentences[0]
	st := Style{Size: 12}
	d := paragraphDir(text, st)
	width := func(s string) float64 { return segmentsWidth(shapeSegments(pdf, s, d, st)) }
	lines := wrap(text, 60, width, true)
	if len(lines) < 2 {
		t.Fatalf("lines %q, want several", lines)
	}
	if got, want := strings.Join(lines, " "), strings.Join(strings.Fields(text), " "); got != want {
		t.Errorf("lines joined = %q, want %q", got, want)
	}
	if !strings.HasPrefix(text, lines[0]) {
		t.Errorf("first line %q does not start the paragraph %q", lines[0], text)
	}
	for _, l := range lines {
		if w := width(l); w > 60 {
			t.Errorf("line %q is %.1f mm wide, want at most 60", l, w)
		}
	}
}

func TestWrapBreaksLongWords(t *testing.T) {
	pdf := newPage(t)
	st := Style{Size: 12}
	width := func(s string) float64 { return Width(pdf, s, st) }
	word := "Nguyễn" + strings.Repeat("x", 60)
	lines := wrap("a "+word, 30, width, true)
	if got := strings.Join(lines, ""); got != "a"+word {
		t.Errorf("lines %q, want them to make up %q", lines, "a "+word)
	}
	for _, l := range lines {
		if w := width(l); w > 30 {
			t.Errorf("line %q is %.1f mm wide, want at most 30", l, w)
		}
	}
}

func TestParagraph(t *testing.T) {
	tests := []struct {
		name string
		text string
		st   Style
	}{
		{"arabic letter", sentences[0] + "\n" + sentences[1], Style{Size: 12}},
		{"english letter with arabic name", sentences[3], Style{Size: 11, Align: AlignLeft}},
		{"forced right to left", sentences[6], Style{Size: 11, Dir: RightToLeft}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := newPage(t)
			y := Paragraph(pdf, 20, 30, 50, tt.text, tt.st)
			lh := tt.st.LineHeight(pdf)
			if lines := (y - 30) / lh; lines < 2 {
				t.Errorf("drew %.1f lines, want the text wrapped on several", lines)
			}
			if err := pdf.Error(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParagraphBreaksPages(t *testing.T) {
	pdf := newPage(t)
	text := strings.Repeat(sentences[0]+" ", 80)
	Paragraph(pdf, 20, 30, 170, text, Style{Size: 12})
	if pdf.PageNo() < 2 {
		t.Errorf("page %d after a long paragraph, want a second page", pdf.PageNo())
	}
}

func TestLineAlignment(t *testing.T) {
	tests := []struct {
		text  string
		align Align
		want  string // where the text ends up in its box
	}{
		{"Ольга", AlignStart, "left"},
		{"عبد العزيز", AlignStart, "right"},
		{"عبد العزيز", AlignLeft, "left"},
		{"Ольга", AlignRight, "right"},
		{"Ольга", AlignCenter, "center"},
	}
	for _, tt := range tests {
		pdf := newPage(t)
		st := Style{Size: 12, Align: tt.align}
		w := Line(pdf, 10, 10, 100, tt.text, st)
		if want := Width(pdf, tt.text, st); w != want {
			t.Errorf("Line(%q) = %.2f, want the width %.2f", tt.text, w, want)
		}
		if x := startX(10, 100, w, tt.align, paragraphDir(tt.text, st)); x != map[string]float64{"left": 10, "right": 110 - w, "center": 60 - w/2}[tt.want] {
			t.Errorf("%q aligned %v starts at %.2f, want it %s", tt.text, tt.align, x, tt.want)
		}
	}
}
