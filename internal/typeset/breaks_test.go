package typeset

import (
	"slices"
	"strings"
	"testing"
)

func TestBreakPieces(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"spaces", "Abdulaziz Othman Altwaijri", []string{"Abdulaziz ", "Othman ", "Altwaijri"}},
		{"not after a hyphen", "Olga Shcherbakova-Yolkina", []string{"Olga ", "Shcherbakova-Yolkina"}},
		{"between ideographs", "习近平", []string{"习", "近", "平"}},
		{"kana", "いとう ひろぶみ", []string{"い", "と", "う ", "ひ", "ろ", "ぶ", "み"}},
		// UAX #14 lets Hangul break between syllables, as Korean allows.
		{"hangul", "반기문 사무총장", []string{"반", "기", "문 ", "사", "무", "총", "장"}},
		{"thai at spaces only", "ยิ่งลักษณ์ ชินวัตร", []string{"ยิ่งลักษณ์ ", "ชินวัตร"}},
		{"bengali", "রবীন্দ্রনাথ ঠাকুর", []string{"রবীন্দ্রনাথ ", "ঠাকুর"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := breakPieces(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("breakPieces(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFitWrapsWithoutSpaces: a Chinese name in a box too narrow for it on
// one line at the smallest size wraps between ideographs; a Thai one wraps
// at its space and is never cut inside a word.
func TestFitWrapsWithoutSpaces(t *testing.T) {
	pdf := newPage(t)
	long := "欧阳修司马光诸葛亮" // three historical names, run together as a long name
	l := Fit(pdf, long, 30, 30, Style{Size: 24}, 20, 3)
	if len(l.Lines) < 2 || strings.Join(l.Lines, "") != long || l.Shrunk {
		t.Errorf("Fit(%q) = %q at %v pt (shrunk %v), want several lines that join to it", long, l.Lines, l.Style.Size, l.Shrunk)
	}
	if l.Width > 30 {
		t.Errorf("widest line %.1f mm, want at most 30", l.Width)
	}
	thai := "ยิ่งลักษณ์ ชินวัตร"
	l = Fit(pdf, thai, 30, 30, Style{Size: 24}, 12, 2)
	if !slices.Equal(l.Lines, []string{"ยิ่งลักษณ์", "ชินวัตร"}) {
		t.Errorf("Fit(%q) = %q, want it wrapped at its space", thai, l.Lines)
	}
	l = Fit(pdf, "ยิ่งลักษณ์ชินวัตร", 20, 30, Style{Size: 24}, 12, 2)
	if len(l.Lines) != 1 || !l.Shrunk {
		t.Errorf("a Thai name without spaces: %q (shrunk %v), want one line, shrunk", l.Lines, l.Shrunk)
	}
}

// TestParagraphBreaksClusters: a word wider than the box is broken between
// grapheme clusters, never inside a conjunct or between a letter and its
// vowel sign.
func TestParagraphBreaksClusters(t *testing.T) {
	pdf := newPage(t)
	st := Style{Size: 12}
	width := func(s string) float64 { return Width(pdf, s, st) }
	word := "রবীন্দ্রনাথ"
	lines := wrap(word, width(word)/2, width, true)
	if len(lines) < 2 || strings.Join(lines, "") != word {
		t.Fatalf("wrap(%q) = %q, want it broken in several lines", word, lines)
	}
	for _, l := range lines[1:] {
		if r := []rune(l)[0]; isMark(r) || r == '\u09CD' || r == '\u09C0' {
			t.Errorf("line %q starts with %U, which belongs to the cluster before", l, r)
		}
	}
}
