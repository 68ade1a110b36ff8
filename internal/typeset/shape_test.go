package typeset

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"unicode"

	"accreditation/internal/fixtures"
)

// codes writes the runes of s as U+XXXX, for readable failures.
func codes(s string) string {
	var b []string
	for _, r := range s {
		if r < 0x80 {
			b = append(b, string(r))
		} else {
			b = append(b, fmt.Sprintf("%04X", r))
		}
	}
	return strings.Join(b, " ")
}

func TestShape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"latin unchanged", "Ayşe Yılmaz", "Ayşe Yılmaz"},
		{"decomposed vietnamese composed", "Nguye\u0302\u0303n", "Nguyễn"},
		{"initial medial final", "بنعلي", "\uFEF2\uFEE0\uFECC\uFEE8\uFE91"},
		{"isolated letters stay nominal", "دار", "\u0631\u0627\u062F"},
		{"lam-alef isolated", "لا", "\uFEFB"},
		{"lam-alef final", "سلام", "\u0645\uFEFC\uFEB3"},
		{"lam-alef with hamza", "لأن", "\u0646\uFEF7"},
		{"lam-alef with madda", "آلآم", "\u0645\uFEF5\u0622"},
		{"lam-alef final with madda", "سلآم", "\u0645\uFEF6\uFEB3"},
		{"marks are transparent", "مُحَمَّد", "\uFEAA\u064E\u0651\uFEE4\u064E\uFEA4\u064F\uFEE3"},
		{"shadda goes before fatha", "م\u064E\u0651د", "\uFEAA\u064E\u0651\uFEE3"},
		{"zwnj breaks joining and is dropped", "گلچین\u200Cزاده", "\u0647\u062F\u0627\u0632\uFEE6\uFBFF\uFB7D\uFEE0\uFB94"},
		{"zwj joins", "ب\u200D", "\uFE91"},
		{"tatweel joins", "بـب", "\uFE90\u0640\uFE91"},
		{"urdu heh goal", "چوہدری", "\u06CC\u0631\uFEAA\uFBA8\uFEEE\uFB7C"},
		{"urdu yeh barree", "ہے", "\uFBAF\uFBA8"},
		{"urdu noon ghunna and tteh", "ٹاں", "\u06BA\uFE8E\uFB68"},
		{"persian keheh and farsi yeh", "کی", "\uFBFD\uFB90"},
		{"persian jeh", "مژده", "\u0647\u062F\uFB8B\uFEE3"},
		{"urdu rreh and heh doachashmee", "بڑھا", "\uFE8E\uFBAC\uFB8D\uFE91"},
		{"urdu ddal", "ڈاک", "\u06A9\u0627\u0688"},
		{"empty", "", ""},
		{"digits stay left to right", "عام 2026", "2026 \u0645\uFE8E\uFECB"},
		{"arabic-indic digits stay left to right", "عام ٢٠٢٦", "٢٠٢٦ \u0645\uFE8E\uFECB"},
		{"latin inside arabic", "قاعة 3B", "3B \uFE94\uFECB\uFE8E\uFED7"},
		{"arabic inside latin", "Room 12: قاعة 3B", "Room 12: 3 \uFE94\uFECB\uFE8E\uFED7B"},
		{"brackets mirrored", "(أمين)", "(\uFEE6\uFEF4\uFEE3\u0623)"},
		{"directional marks dropped", "a\u200Fb", "ab"},
		{"line breaks become spaces", "Ольга\nЁлкина", "Ольга Ёлкина"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Shape(tt.in); got != tt.want {
				t.Errorf("Shape(%q) = %s, want %s", tt.in, codes(got), codes(tt.want))
			}
		})
	}
}

func TestIsRTL(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"عبد العزيز", true},
		{"12 عبد", true},
		{"Mr عبد", false},
		{"پرویز", true},
		{"Ольга", false},
		{"2026", false},
		{"", false},
		{"\u200Fabc", true},
	}
	for _, tt := range tests {
		if got := IsRTL(tt.in); got != tt.want {
			t.Errorf("IsRTL(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRuns(t *testing.T) {
	tests := []struct {
		in   string
		want []Run
	}{
		{"Ольга Щербакова-Ёлкина", []Run{{"Ольга Щербакова-Ёлкина", Sans, LeftToRight}}},
		{"عبد العزيز", []Run{{Shape("عبد العزيز"), Arabic, RightToLeft}}},
		{"في 12 مايو", []Run{
			{Shape("مايو") + " ", Arabic, RightToLeft},
			{"12", Sans, LeftToRight},
			{" " + Shape("في"), Arabic, RightToLeft},
		}},
		// The number joins the Arabic word in a right-to-left sequence, so
		// the brackets, which enclose it, are right to left too.
		{"Mr عبد (12)", []Run{
			{"Mr ", Sans, LeftToRight},
			{"(", Sans, RightToLeft},
			{"12", Sans, LeftToRight},
			{")", Sans, RightToLeft},
			{" " + Shape("عبد"), Arabic, RightToLeft},
		}},
		{"(أمين)", []Run{
			{"(", Sans, RightToLeft},
			{Shape("أمين"), Arabic, RightToLeft},
			{")", Sans, RightToLeft},
		}},
	}
	for _, tt := range tests {
		got := Runs(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Runs(%q):\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestShapeMatchesFriBidi compares Shape with GNU FriBidi, which reorders by
// the same algorithm and also joins Arabic through presentation forms.
// FriBidi keeps marks after their base, where this package keeps HarfBuzz's
// order (see TestShapeMatchesHarfBuzz), and writes isolated letters as
// isolated presentation forms, where this package keeps the nominal letter:
// both differences are taken out before comparing.
func TestShapeMatchesFriBidi(t *testing.T) {
	_, err := exec.LookPath("fribidi")
	needTool(t, "fribidi", "Debian's libfribidi-bin", err)
	lines := append(nativeNames(t), sentences...)
	for _, line := range lines {
		cmd := exec.Command("fribidi", "--nopad", "--nobreak")
		cmd.Stdin = strings.NewReader(line + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fribidi: %v", err)
		}
		want := comparable(string(bytes.TrimRight(out, "\n")))
		if got := comparable(Shape(line)); got != want {
			t.Errorf("Shape(%q):\n got %s\nwant %s", line, codes(got), codes(want))
		}
	}
}

// comparable drops marks and invisible controls and writes isolated
// presentation forms as their nominal letters.
func comparable(s string) string {
	nominal := map[rune]rune{}
	for base, f := range presentationForms {
		nominal[f[formIsolated]] = base
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), invisible(r):
		case nominal[r] != 0:
			b.WriteRune(nominal[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nativeNames returns the native names of names.tsv.
func nativeNames(t testing.TB) []string {
	t.Helper()
	var s []string
	for _, n := range fixtures.Names() {
		if n.Native != "" {
			s = append(s, n.Native)
		}
	}
	return s
}

// sentences are lines of letters and lists that mix scripts and digits.
var sentences = []string{
	"يسرّنا أن ندعوكم إلى المؤتمر الدولي الذي سيعقد في 12 مايو 2026 في قاعة 3B.",
	"يسرنا دعوتكم إلى الدورة ٢٥ للمؤتمر العام، من ٣ إلى ٥ نوفمبر ٢٠٢٦ (الرياض).",
	"سعادة السيد عبد العزيز بن عثمان التويجري، المدير العام",
	"We invite H.E. Mr عبد العزيز التويجري to room 3 (قاعة 12) on 12 May 2026.",
	"از آقای پرویز گلچین\u200cزاده برای شرکت در نشست ۱۴۰۵ دعوت می\u200cشود.",
	"جناب نوید اقبال چوہدری، کانفرنس میں خوش آمدید",
	"ڈاکٹر صاحب بڑے ہال میں ٹھہریں گے، ۲۰۲۶ء",
	"مژده: ژاله و پژمان در ۱۲ مهر می\u200cآیند.",
	"Delegation: Ольга Щербакова-Ёлкина, Nguyễn Thị Minh Khai",
}

// TestTatweelIsDrawnWithTheArabicFace: "لـ UNODC" (for the Director-General
// of UNODC) must not draw its tatweel with the Latin face, which lacks it.
func TestTatweelIsDrawnWithTheArabicFace(t *testing.T) {
	for _, r := range Runs("عن المدير العام لـ UNODC") {
		for _, c := range r.Text {
			if c == tatweel && r.Family != Arabic {
				t.Errorf("tatweel in run %q drawn with %s", r.Text, r.Family)
			}
			if !covers(r.Family, c) && c != ' ' {
				t.Errorf("%U in run %q has no glyph in %s", c, r.Text, r.Family)
			}
		}
	}
}
