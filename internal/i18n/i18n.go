// Package i18n is the one message catalogue of every page people read: the
// Secretariat's console, the delegation's RSVP page and the door page. Each
// file in messages/ is a namespace (its name without .json); in it each key
// holds its text in every working language side by side, so that a
// translation is reviewed beside the English. A key is named
// "<namespace>.<key>", for example "rsvp.title" or "console.nav.dashboard".
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Languages are the interface's languages, in the order they are offered.
var Languages = []string{"ar", "fr", "en", "ru", "az"}

// Fallback is the language a text is shown in when it lacks a translation.
const Fallback = "en"

//go:embed messages/*.json
var files embed.FS

// catalogue maps a full key to its texts by language.
var catalogue = mustLoad(files)

func mustLoad(fsys fs.FS) map[string]map[string]string {
	c, err := load(fsys)
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS) (map[string]map[string]string, error) {
	names, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	c := map[string]map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var m map[string]map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		ns := strings.TrimSuffix(path.Base(name), ".json")
		for k, texts := range m {
			full := ns + "." + k
			if _, dup := c[full]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", name, full)
			}
			c[full] = texts
		}
	}
	return c, nil
}

// IsLanguage reports whether lang is one of Languages.
func IsLanguage(lang string) bool { return slices.Contains(Languages, lang) }

// Dir is the writing direction of lang: "rtl" for Arabic, else "ltr".
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Name is lang's name in itself ("العربية", "Français", …).
func Name(lang string) string { return T(lang, "lang."+lang) }

// T returns key's text in lang, else in Fallback, else the key itself (which
// the catalogue's test rules out for every key in use). With args the text is
// a fmt format.
func T(lang, key string, args ...any) string {
	texts := catalogue[key]
	s, ok := texts[lang]
	if !ok || s == "" {
		s, ok = texts[Fallback]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Table returns every text of namespace ns in lang, keyed without the
// namespace: Table("ar", "door")["ok"] is T("ar", "door.ok").
func Table(lang, ns string) map[string]string {
	out := map[string]string{}
	for k := range catalogue {
		if short, ok := strings.CutPrefix(k, ns+"."); ok {
			out[short] = T(lang, k)
		}
	}
	return out
}

// Keys lists every key of the catalogue, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Missing lists "key: lang" for each text the catalogue lacks.
func Missing() []string {
	var out []string
	for _, k := range Keys() {
		for _, l := range Languages {
			if strings.TrimSpace(catalogue[k][l]) == "" {
				out = append(out, k+": "+l)
			}
		}
	}
	return out
}
