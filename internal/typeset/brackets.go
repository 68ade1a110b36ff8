package typeset

import (
	"sort"

	"golang.org/x/text/unicode/bidi"
)

// bracketPair holds the positions, in the classes of an isolating run
// sequence, of an opening bracket and the bracket that closes it.
type bracketPair struct{ open, close int }

// canonicalBracket maps the angle brackets U+2329 and U+232A to their
// canonical equivalents, which rule BD16 requires to pair with them.
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// bracketPairs identifies the bracket pairs of rule BD16, sorted by the
// position of the opening bracket. Only brackets whose class is still ON
// take part.
func bracketPairs(t []bidi.Class, s []rune, idx []int) []bracketPair {
	type opener struct {
		pos     int
		closing rune
	}
	var stack []opener
	var pairs []bracketPair
	for k, c := range t {
		if c != bidi.ON {
			continue
		}
		r := s[idx[k]]
		p, _ := bidi.LookupRune(r)
		switch {
		case !p.IsBracket():
		case p.IsOpeningBracket():
			if len(stack) == maxPairingDepth {
				return sortPairs(pairs)
			}
			stack = append(stack, opener{k, canonicalBracket(mirrors[r])})
		default:
			r = canonicalBracket(r)
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].closing == r {
					pairs = append(pairs, bracketPair{stack[j].pos, k})
					stack = stack[:j]
					break
				}
			}
		}
	}
	return sortPairs(pairs)
}

func sortPairs(p []bracketPair) []bracketPair {
	sort.Slice(p, func(i, j int) bool { return p[i].open < p[j].open })
	return p
}

// resolveBrackets applies rule N0 to the classes t of an isolating run
// sequence with embedding direction e. orig holds the original classes of s,
// idx the positions in s of the classes in t.
func resolveBrackets(t []bidi.Class, s []rune, idx []int, orig []bidi.Class, e bidi.Class) {
	for _, p := range bracketPairs(t, s, idx) {
		inside := bidi.ON
		for k := p.open + 1; k < p.close && inside != e; k++ {
			if d := strongOrNumber(t[k]); d != bidi.ON {
				inside = d
			}
		}
		dir := inside
		if inside != e && inside != bidi.ON {
			// Only the opposite direction is inside: the brackets follow
			// it if the text before them has it too.
			context := e
			for k := p.open - 1; k >= 0; k-- {
				if d := strongOrNumber(t[k]); d != bidi.ON {
					context = d
					break
				}
			}
			if context != inside {
				dir = e
			}
		}
		if dir == bidi.ON {
			continue
		}
		for _, k := range []int{p.open, p.close} {
			t[k] = dir
			// Marks on a bracket follow it (W1 had made them ON).
			for j := k + 1; j < len(t) && orig[idx[j]] == bidi.NSM; j++ {
				t[j] = dir
			}
		}
	}
}
