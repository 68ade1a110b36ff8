package i18n

import (
	"fmt"
	"regexp"
	"testing"
	"testing/fstest"
)

// TestEveryKeyInEveryLanguage fails on a text missing in any working language.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	for _, m := range Missing() {
		t.Errorf("no translation: %s", m)
	}
	for _, ns := range []string{"rsvp", "door", "lang"} {
		if len(Table(Fallback, ns)) == 0 {
			t.Errorf("the catalogue has no texts of %s", ns)
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

// TestFormatVerbsAgree fails when a translation has other fmt verbs than the
// English text (a "%d" lost in translation prints "%!d(MISSING)").
func TestFormatVerbsAgree(t *testing.T) {
	for _, k := range Keys() {
		want := fmt.Sprint(verb.FindAllString(catalogue[k][Fallback], -1))
		for _, l := range Languages {
			if got := fmt.Sprint(verb.FindAllString(catalogue[k][l], -1)); got != want {
				t.Errorf("%s in %s has verbs %s, English has %s", k, l, got, want)
			}
		}
	}
}

func TestLookups(t *testing.T) {
	for _, c := range []struct{ lang, key, want string }{
		{"ar", "door.ok", "مرحبًا"},
		{"fr", "rsvp.title", "Réponse à l'invitation"},
		{"xx", "door.ok", "Welcome"},
		{"en", "no.such.key", "no.such.key"},
	} {
		if got := T(c.lang, c.key); got != c.want {
			t.Errorf("T(%q, %q) = %q, want %q", c.lang, c.key, got, c.want)
		}
	}
	if got, want := T("en", "rsvp.quota_left", 2, 5), "2 of 5"; got != want {
		t.Errorf("with args: got %q, want %q", got, want)
	}
	if got, want := Table("ru", "door")["ok"], T("ru", "door.ok"); got != want {
		t.Errorf("Table: got %q, want %q", got, want)
	}
	if Dir("ar") != "rtl" || Dir("az") != "ltr" {
		t.Error("Arabic must be right-to-left and the others left-to-right")
	}
}

func TestDuplicateKeysAreRefused(t *testing.T) {
	fsys := fstest.MapFS{
		"messages/a.b.json": {Data: []byte(`{"c": {"en": "x"}}`)},
		"messages/a.json":   {Data: []byte(`{"b.c": {"en": "y"}}`)},
	}
	if _, err := load(fsys); err == nil {
		t.Error("a key defined in two files was accepted")
	}
}
