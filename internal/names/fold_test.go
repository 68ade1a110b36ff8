package names_test

import (
	"strings"
	"testing"

	"accreditation/internal/fixtures"
	"accreditation/internal/names"
)

// TestFoldMatchesNamesAsTheyAreTyped: each pair is a name as written and as
// someone types it into a search box; they fold to the same text, and the
// typed one is found inside the written one's folded text.
func TestFoldMatchesNamesAsTheyAreTyped(t *testing.T) {
	for _, c := range []struct{ rule, written, typed string }{
		{"case and accents", "LEFÈVRE", "lefevre"},
		{"Turkish capital I with dot", "İlkin", "ilkin"},
		{"Azeri ə and ş", "Gülşən Şəfiyeva", "gulsen sefiyeva"},
		{"Azeri ğ", "Ağayeva", "agayeva"},
		{"dotless i", "Yıldız", "yildiz"},
		{"ligature", "Œuvray", "oeuvray"},
		{"Scandinavian ø", "Søren Kierkegaard", "soren kierkegaard"},
		{"Polish ł", "Łukasz Wałęsa", "lukasz walesa"},
		{"German ß", "Weiß", "weiss"},
		{"straight apostrophe", "N'Diaye", "ndiaye"},
		{"typographic apostrophe", "N’Diaye", "n'diaye"},
		{"modifier letter apostrophe", "Oʻzbekiston Baʼzarov", "o'zbekiston ba’zarov"},
		{"Arabic compound without space", "عبد الرحمن", "عبدالرحمن"},
		{"Arabic compound with space", "عبدالرحمن", "عبد الرحمن"},
		{"ta marbuta", "فاطمة", "فاطمه"},
		{"hamza on alef", "أحمد", "احمد"},
		{"hamza below alef", "إبراهيم", "ابراهيم"},
		{"madda", "آمنة", "امنه"},
		{"hamza on waw and yeh", "مؤمن رئيس", "مومن رييس"},
		{"lone hamza", "عطاء", "عطا"},
		{"alef maksura", "مصطفى", "مصطفي"},
		{"Persian yeh and keheh", "کریمی", "كريمي"},
		{"tashkeel", "مُحَمَّد", "محمد"},
		{"tatweel", "محـــمد", "محمد"},
		{"Cyrillic ё", "Алёна Фёдорова", "алена федорова"},
		{"Greek final sigma", "ΝΙΚΟΛΑΟΣ", "νικολαοσ"},
		{"runs of spaces", "  Anne   Marie ", "anne marie"},
	} {
		w, ty := names.Fold(c.written), names.Fold(c.typed)
		if w != ty {
			t.Errorf("%s: Fold(%q) = %q, Fold(%q) = %q; want equal", c.rule, c.written, w, c.typed, ty)
		}
	}
	// A fragment of the typed form is found in the written form.
	if w, q := names.Fold("Gülşən Şəfiyeva"), names.Fold("sefiy"); !strings.Contains(w, q) {
		t.Errorf("%q does not contain %q", w, q)
	}
	// Words of other scripts stay apart, and a Latin word beside an Arabic
	// one keeps its space.
	for in, want := range map[string]string{"Anne Marie": "anne marie", "محمد Ali": "محمد ali", "Ли Мин": "ли мин"} {
		if got := names.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldIsStable: folding a folded text changes nothing, for every name
// of the fixture, so that a stored search text and a query folded from it
// agree.
func TestFoldIsStable(t *testing.T) {
	for _, n := range fixtures.Names() {
		for _, s := range []string{n.Full(), n.Native} {
			if f := names.Fold(s); names.Fold(f) != f {
				t.Errorf("Fold(Fold(%q)) = %q, want %q", s, names.Fold(f), f)
			}
		}
	}
}
