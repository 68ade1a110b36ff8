package typeset

import (
	"fmt"
	"slices"
	"sync"
	"unicode"
)

// Unprintable reports whether name has a character that no embedded font
// draws, so that it would print as an empty box, and names the script of
// the first such character: its Unicode script name, such as "Tifinagh" or
// "Cherokee", or, for a character of no particular script (an emoji, a
// private-use character), "U+" and its code point. Characters that are not
// drawn (spaces, joiners, directional marks) are never unprintable. A
// character counts as printable only if the family it would be drawn with
// has a glyph for it in both styles. Unprintable returns no error.
func Unprintable(name string) (script string, found bool) {
	rs := prepare(name)
	levels := resolveLevels(rs, paragraphLevel(rs, Auto))
	fam := chooseFamilies(rs, levels)
	for i, r := range rs {
		if invisible(r) || r == ' ' {
			continue
		}
		if !covers(fam[i], r) || !coversBold(fam[i], r) {
			return scriptName(r), true
		}
	}
	return "", false
}

// coversBold reports whether the bold face of family maps r to a glyph.
func coversBold(family string, r rune) bool {
	_, ok := faceMetricsOf(family, "B").nominal(r)
	return ok
}

// scriptName returns the Unicode script of r, or its code point if it has
// none in particular.
func scriptName(r rune) string {
	for _, n := range unicodeScripts() {
		if unicode.Is(unicode.Scripts[n], r) {
			return n
		}
	}
	return fmt.Sprintf("U+%04X", r)
}

// unicodeScripts lists the names of unicode.Scripts, sorted, but for Common
// and Inherited.
var unicodeScripts = sync.OnceValue(func() []string {
	names := make([]string, 0, len(unicode.Scripts))
	for n := range unicode.Scripts {
		if n != "Common" && n != "Inherited" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
})
