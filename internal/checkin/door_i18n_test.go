package checkin_test

import (
	"encoding/json"
	"html"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/i18n"
)

var (
	textNode  = regexp.MustCompile(`>([^<>]*)<`)
	labelAttr = regexp.MustCompile(`\s(?:placeholder|aria-label|title|alt)="([^"]*)"`)
	textsAttr = regexp.MustCompile(`\sdata-texts="([^"]*)"`)
	templateT = regexp.MustCompile(`\{\{\.T "([^"]+)"\}\}`)
)

// pageLabels returns what a person reads on a page: the text between its
// tags and its placeholders, accessible names, titles and alternative
// texts, unescaped and trimmed.
func pageLabels(body string) []string {
	var out []string
	for _, re := range []*regexp.Regexp{textNode, labelAttr} {
		for _, m := range re.FindAllStringSubmatch(body, -1) {
			if s := strings.TrimSpace(html.UnescapeString(m[1])); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// scriptTexts returns the texts the door page hands its script.
func scriptTexts(t *testing.T, body string) map[string]string {
	t.Helper()
	m := textsAttr.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the page has no data-texts for its script")
	}
	var texts map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &texts); err != nil {
		t.Fatalf("data-texts: %v", err)
	}
	return texts
}

// TestDoorPageInEveryLanguage: in each language the door page shows only
// the catalogue's texts in that language (English only where the catalogue
// says the same), is right-to-left in Arabic, offers every language, and
// hands its script the catalogue's door texts, verdicts included.
func TestDoorPageInEveryLanguage(t *testing.T) {
	env := apptest.New(t)
	tmpl, err := os.ReadFile("templates/door.html")
	if err != nil {
		t.Fatal(err)
	}
	english := i18n.Table("en", "door")
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			res := env.Do(http.MethodGet, "/door?lang="+lang, "", nil)
			body := string(res.Body)
			if res.Status != 200 || res.Header.Get("Content-Language") != lang {
				t.Fatalf("/door?lang=%s: %d, Content-Language %q", lang, res.Status, res.Header.Get("Content-Language"))
			}
			if want := `<html lang="` + lang + `" dir="` + i18n.Dir(lang) + `">`; !strings.Contains(body, want) {
				t.Errorf("the page does not start with %s", want)
			}
			own := i18n.Table(lang, "door")
			allowed := slices.Collect(maps.Values(own))
			for _, l := range i18n.Languages {
				allowed = append(allowed, i18n.Name(l))
				if !strings.Contains(body, `href="?lang=`+l+`"`) {
					t.Errorf("no switch to %s", l)
				}
			}
			labels := pageLabels(body)
			for _, l := range labels {
				if !slices.Contains(allowed, l) && l != "0" {
					t.Errorf("%q is on the page but is no door text in %s", l, lang)
				}
			}
			for key, en := range english {
				if own[key] != en && slices.Contains(labels, en) {
					t.Errorf("English %q (door.%s) on the %s page, which says %q", en, key, lang, own[key])
				}
			}
			for _, m := range templateT.FindAllStringSubmatch(string(tmpl), -1) {
				if !slices.Contains(labels, own[m[1]]) {
					t.Errorf("door.%s (%q) is not on the page", m[1], own[m[1]])
				}
			}
			checkScriptTexts(t, lang, scriptTexts(t, body))
			if !strings.Contains(body, `data-lang="`+lang+`" data-chosen="true"`) {
				t.Errorf("the script is not told the page is in %s, as asked", lang)
			}
		})
	}
	for _, q := range []string{"", "?lang=de", "?lang=AR"} {
		body := string(env.Do(http.MethodGet, "/door"+q, "", nil).Body)
		if !strings.Contains(body, `<html lang="en" dir="ltr">`) || !strings.Contains(body, `data-lang="en" data-chosen="false"`) {
			t.Errorf("/door%s is not in English with the device's language left to the script", q)
		}
	}
}

func checkScriptTexts(t *testing.T, lang string, texts map[string]string) {
	t.Helper()
	if want := i18n.Table(lang, "door"); !maps.Equal(texts, want) {
		t.Errorf("the script gets %d texts, not the catalogue's %d door texts in %s", len(texts), len(want), lang)
	}
	for _, v := range checkin.Verdicts {
		if texts[v] != i18n.T(lang, "door."+v) || texts["verdict."+v] != i18n.T(lang, "door.verdict."+v) {
			t.Errorf("verdict %s: the script gets %q and %q", v, texts["verdict."+v], texts[v])
		}
	}
}

var (
	jsComment = regexp.MustCompile(`(?s)//[^\n]*|/\*.*?\*/`)
	jsLiteral = regexp.MustCompile(`'((?:[^'\\\n]|\\.)*)'`)
	jsKey     = regexp.MustCompile(`(?:text|format)\('([a-z_.]+)'[,)]`)
	codeLike  = regexp.MustCompile(`^[a-z_]+$`)
)

// TestDoorScriptHasNoTextsOfItsOwn: door.js shows only what the page hands
// it, under keys the catalogue has; no English door text is written in it.
func TestDoorScriptHasNoTextsOfItsOwn(t *testing.T) {
	js, err := os.ReadFile("static/door.js")
	if err != nil {
		t.Fatal(err)
	}
	code := jsComment.ReplaceAllString(string(js), "")
	english := slices.Collect(maps.Values(i18n.Table("en", "door")))
	for _, m := range jsLiteral.FindAllStringSubmatch(code, -1) {
		// Verdicts, directions and event names ('ok', 'in', 'online') are
		// codes, not texts.
		if slices.Contains(english, m[1]) && !codeLike.MatchString(m[1]) {
			t.Errorf("door.js writes the English text %q instead of taking it from the page", m[1])
		}
	}
	keys := jsKey.FindAllStringSubmatch(code, -1)
	if len(keys) < 8 {
		t.Fatalf("door.js looks up only %d texts", len(keys))
	}
	for _, m := range keys {
		if !i18n.Has("door." + m[1]) {
			t.Errorf("door.js shows door.%s, which the catalogue lacks", m[1])
		}
	}
	for _, v := range checkin.Verdicts {
		if !i18n.Has("door.verdict."+v) || !i18n.Has("door."+v) {
			t.Errorf("verdict %s lacks its headline or its message in the catalogue", v)
		}
	}
}
