package typeset

import (
	"golang.org/x/text/unicode/bidi"
)

// This file resolves embedding levels and the visual order of one line by
// the Unicode Bidirectional Algorithm (UAX #9), taking character classes from
// golang.org/x/text/unicode/bidi. That package's Paragraph API is not used:
// its Ordering merges levels of equal parity (so "قاعة 3B" inside a
// left-to-right line comes out wrong), returns runs in logical order and
// ignores the default direction for lines.
//
// Explicit embeddings, overrides and isolates (U+202A..U+202E,
// U+2066..U+2069) are treated as removed by rule X9, like boundary neutrals:
// text typed into forms carries no such controls, and a stray one then
// changes nothing. Everything else follows UAX #9, rules P2..L2, on the
// single isolating run sequence that a line without those controls is.

// level is an embedding level: even for left-to-right, odd for right-to-left.
type level uint8

// maxPairingDepth is the bracket stack size of rule BD16.
const maxPairingDepth = 63

// classOf returns the bidi class of r.
func classOf(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// removedByX9 reports whether rule X9 removes a character of class c. The
// isolate controls are removed too, see above.
func removedByX9(c bidi.Class) bool {
	switch c {
	case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF,
		bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return false
}

// firstStrong returns the class, L or R, of the first strong character of s
// (rules P2 and P3), and false if s has none.
func firstStrong(s []rune) (rtl, ok bool) {
	for _, r := range s {
		switch classOf(r) {
		case bidi.L:
			return false, true
		case bidi.R, bidi.AL:
			return true, true
		}
	}
	return false, false
}

// paragraphLevel returns the paragraph embedding level for s in direction d.
func paragraphLevel(s []rune, d Direction) level {
	switch d {
	case LeftToRight:
		return 0
	case RightToLeft:
		return 1
	}
	if rtl, _ := firstStrong(s); rtl {
		return 1
	}
	return 0
}

// resolveLevels returns the embedding level of every rune of the line s in a
// paragraph of level para, after rules W1..I2 and L1. Runes removed by X9
// get the level of the rune before them.
func resolveLevels(s []rune, para level) []level {
	orig := make([]bidi.Class, len(s))
	idx := make([]int, 0, len(s))
	for i, r := range s {
		orig[i] = classOf(r)
		if !removedByX9(orig[i]) {
			idx = append(idx, i)
		}
	}
	t := make([]bidi.Class, len(idx))
	for k, i := range idx {
		t[k] = orig[i]
	}
	e := bidi.L
	if para%2 == 1 {
		e = bidi.R
	}
	resolveWeak(t, e)
	resolveBrackets(t, s, idx, orig, e)
	resolveNeutrals(t, e)

	levels := make([]level, len(s))
	k := 0
	for i := range s {
		switch {
		case k < len(idx) && idx[k] == i:
			levels[i] = implicitLevel(para, t[k])
			k++
		case i > 0:
			levels[i] = levels[i-1]
		default:
			levels[i] = para
		}
	}
	resetWhitespace(levels, orig, para)
	return levels
}

// resolveWeak applies rules W1..W7 to the classes t of an isolating run
// sequence whose sos and eos are e.
func resolveWeak(t []bidi.Class, e bidi.Class) {
	for k := range t { // W1
		if t[k] == bidi.NSM {
			t[k] = e
			if k > 0 {
				t[k] = t[k-1]
			}
		}
	}
	strong := e
	for k, c := range t { // W2, W3
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				t[k] = bidi.AN
			}
		}
		if c == bidi.AL {
			t[k] = bidi.R
		}
	}
	for k := 1; k+1 < len(t); k++ { // W4
		prev, next := t[k-1], t[k+1]
		switch {
		case t[k] == bidi.ES && prev == bidi.EN && next == bidi.EN,
			t[k] == bidi.CS && prev == bidi.EN && next == bidi.EN:
			t[k] = bidi.EN
		case t[k] == bidi.CS && prev == bidi.AN && next == bidi.AN:
			t[k] = bidi.AN
		}
	}
	for k := 0; k < len(t); { // W5
		end := k
		for end < len(t) && t[end] == bidi.ET {
			end++
		}
		if end > k && (k > 0 && t[k-1] == bidi.EN || end < len(t) && t[end] == bidi.EN) {
			for j := k; j < end; j++ {
				t[j] = bidi.EN
			}
		}
		k = end + 1
	}
	strong = e
	for k, c := range t { // W6, W7
		switch c {
		case bidi.ES, bidi.ET, bidi.CS:
			t[k] = bidi.ON
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				t[k] = bidi.L
			}
		}
	}
}

// strongOrNumber returns L for L, R for R, EN and AN (which count as R for
// rules N0 and N1), and ON otherwise.
func strongOrNumber(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// resolveNeutrals applies rules N1 and N2.
func resolveNeutrals(t []bidi.Class, e bidi.Class) {
	for k := 0; k < len(t); {
		if strongOrNumber(t[k]) != bidi.ON {
			k++
			continue
		}
		end := k
		for end < len(t) && strongOrNumber(t[end]) == bidi.ON {
			end++
		}
		before, after := e, e
		if k > 0 {
			before = strongOrNumber(t[k-1])
		}
		if end < len(t) {
			after = strongOrNumber(t[end])
		}
		dir := e
		if before == after {
			dir = before
		}
		for j := k; j < end; j++ {
			t[j] = dir
		}
		k = end
	}
}

// implicitLevel applies rules I1 and I2.
func implicitLevel(para level, c bidi.Class) level {
	switch {
	case para%2 == 0 && c == bidi.R:
		return para + 1
	case para%2 == 0 && (c == bidi.AN || c == bidi.EN):
		return para + 2
	case para%2 == 1 && (c == bidi.L || c == bidi.AN || c == bidi.EN):
		return para + 1
	}
	return para
}

// resetWhitespace applies rule L1 to a line: separators, and whitespace
// before them or at the end of the line, go back to the paragraph level.
func resetWhitespace(levels []level, orig []bidi.Class, para level) {
	trailing := true
	for i := len(levels) - 1; i >= 0; i-- {
		switch c := orig[i]; {
		case c == bidi.S || c == bidi.B:
			levels[i] = para
			trailing = true
		case trailing && (c == bidi.WS || removedByX9(c)):
			levels[i] = para
		default:
			trailing = false
		}
	}
}

// visualOrder returns the indexes of levels in visual order, left to right
// (rule L2): from the highest level down to the lowest odd one, every run of
// runes at that level or above is reversed.
func visualOrder(levels []level) []int {
	order := make([]int, len(levels))
	var highest level
	lowestOdd := level(255)
	for i, l := range levels {
		order[i] = i
		highest = max(highest, l)
		if l%2 == 1 {
			lowestOdd = min(lowestOdd, l)
		}
	}
	for l := highest; l >= lowestOdd && l > 0; l-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < l {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}
