package names_test

import (
	"errors"
	"strings"
	"testing"

	"accreditation/internal/apperr"
	"accreditation/internal/fixtures"
	"accreditation/internal/names"
)

func TestClean(t *testing.T) {
	cases := []struct {
		name, in, want string
		problem        string // a part of the error's detail; "" when s is clean
	}{
		{"trimmed", "  Lefèvre  ", "Lefèvre", ""},
		{"empty stays empty", "", "", ""},
		{"NFD in, NFC out", "Lefe\u0300vre", "Lefèvre", ""},
		{"decomposed Hangul composed", "\u1112\u1161\u11ab", "한", ""},
		{"ZWNJ kept inside a Persian name", "گلچین\u200cزاده", "گلچین\u200cزاده", ""},
		{"inner spaces kept", "Abdulaziz  Othman", "Abdulaziz  Othman", ""},
		{"only spaces", "   ", "", "must not be only spaces"},
		{"only a no-break space", "\u00a0", "", "must not be only spaces"},
		{"right-to-left override", "Evil\u202Eman", "", "U+202E, an invisible text-direction control"},
		{"left-to-right embedding", "a\u202Ab", "", "U+202A"},
		{"first strong isolate", "a\u2068b", "", "U+2068"},
		{"left-to-right isolate", "a\u2066b", "", "U+2066"},
		{"right-to-left mark", "a\u200Fb", "", "U+200F"},
		{"Arabic letter mark", "a\u061Cb", "", "U+061C"},
		{"zero-width space", "zero\u200Bwidth", "", "U+200B, an invisible formatting character"},
		{"zero-width joiner", "a\u200Db", "", "U+200D"},
		{"byte-order mark", "a\uFEFFb", "", "U+FEFF"},
		{"leading byte-order mark", "\uFEFFAnne", "", "U+FEFF"},
		{"soft hyphen", "Mar\u00ADtin", "", "U+00AD"},
		{"tab", "tab\there", "", "U+0009, an invisible control character"},
		{"trailing line feed", "Anne\n", "", "U+000A"},
		{"bell", "Mar\x07tin", "", "U+0007"},
		{"NUL", "a\x00b", "", "U+0000"},
		{"C1 control", "a\u0085b", "", "U+0085"},
		{"line separator", "a\u2028b", "", "U+2028, an invisible line or paragraph separator"},
		{"paragraph separator", "a\u2029b", "", "U+2029"},
		{"private use", "a\uE000b", "", "U+E000"},
		{"replacement character", "a\uFFFDb", "", "U+FFFD"},
		{"broken UTF-8", "a\xffb", "", "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := names.Clean(c.in)
			if c.problem == "" {
				if err != nil || got != c.want {
					t.Fatalf("Clean(%q) = %q, %v; want %q", c.in, got, err, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Clean(%q) = %q, accepted; want a problem with %q", c.in, got, c.problem)
			}
			if !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), c.problem) || got != "" {
				t.Errorf("Clean(%q) = %q, %v; want an Invalid error saying %q", c.in, got, err, c.problem)
			}
			if blank := errors.Is(err, names.ErrBlank); blank != (c.problem == "must not be only spaces") {
				t.Errorf("Clean(%q): errors.Is(err, ErrBlank) = %v", c.in, blank)
			}
		})
	}
}

func TestFixtureNamesPassUnchanged(t *testing.T) {
	n := 0
	for _, row := range fixtures.Names() {
		for _, s := range []string{row.Honorific, row.Given, row.Family, row.Native} {
			n++
			if got, err := names.Clean(s); err != nil || got != s {
				t.Errorf("%s: Clean(%q) = %q, %v; want it unchanged", row.Key, s, got, err)
			}
		}
	}
	if n < 80 {
		t.Fatalf("read only %d names from names.tsv", n)
	}
}

func TestField(t *testing.T) {
	var v apperr.Validator
	good, spaces, long := " Anne ", "  ", strings.Repeat("é", 11)
	if !names.Field(&v, "given_names", &good, 10) || good != "Anne" {
		t.Errorf("Field kept %q, want Anne", good)
	}
	if names.Field(&v, "family_name", &spaces, 10) || spaces != "  " {
		t.Errorf("Field accepted or changed %q", spaces)
	}
	if names.Field(&v, "office", &long, 10) {
		t.Errorf("Field accepted %d characters, max 10", len([]rune(long)))
	}
	var e *apperr.Error
	if !errors.As(v.Err(), &e) || len(e.Fields) != 2 || e.Fields[0].Field != "family_name" ||
		e.Fields[1].Detail != "must be at most 10 characters" {
		t.Fatalf("problems = %+v", v.Err())
	}
}

func TestCleanLines(t *testing.T) {
	cases := []struct {
		name, in, want string
		problem        string
	}{
		{"lines and tabs kept", "Dear Sir,\n\n\tWe invite you.\n", "Dear Sir,\n\n\tWe invite you.", ""},
		{"CRLF becomes LF", "one\r\ntwo", "one\ntwo", ""},
		{"NFC", "Lefe\u0300vre\nok", "Lefèvre\nok", ""},
		{"ZWNJ kept", "می\u200cخواهم", "می\u200cخواهم", ""},
		{"lone carriage return", "one\rtwo", "", "U+000D"},
		{"NUL", "a\x00b", "", "U+0000"},
		{"escape", "a\x1b[31mb", "", "U+001B"},
		{"DEL", "a\x7fb", "", "U+007F"},
		{"right-to-left override", "a\u202eb", "", "U+202E"},
		{"line separator", "a\u2028b", "", "U+2028"},
		{"replacement character of an unpaired surrogate", "a\uFFFDb", "", "U+FFFD"},
		{"broken UTF-8", "a\xedb", "", "UTF-8"},
		{"only spaces and lines", " \n\t ", "", "must not be only spaces"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := names.CleanLines(c.in)
			if c.problem == "" {
				if err != nil || got != c.want {
					t.Fatalf("CleanLines(%q) = %q, %v; want %q", c.in, got, err, c.want)
				}
				return
			}
			if err == nil || !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), c.problem) {
				t.Fatalf("CleanLines(%q) = %q, %v; want an Invalid error saying %q", c.in, got, err, c.problem)
			}
			if check := names.CheckLines(c.in); (check == nil) != (c.problem == "must not be only spaces") {
				t.Errorf("CheckLines(%q) = %v", c.in, check)
			}
		})
	}
}

func TestLinesField(t *testing.T) {
	var v apperr.Validator
	body, long := "Dear Sir,\r\nWelcome. ", strings.Repeat("a\n", 6)
	if !names.LinesField(&v, "body", &body, 20) || body != "Dear Sir,\nWelcome." {
		t.Errorf("LinesField kept %q", body)
	}
	if names.LinesField(&v, "body", &long, 10) {
		t.Errorf("LinesField accepted %d characters, max 10", len(long))
	}
	if names.Field(&v, "name", &body, 0) {
		t.Errorf("Field accepted a line feed in %q", body)
	}
	var e *apperr.Error
	if !errors.As(v.Err(), &e) || len(e.Fields) != 2 || e.Fields[0].Field != "body" || e.Fields[1].Field != "name" {
		t.Fatalf("problems %v", v.Err())
	}
}
