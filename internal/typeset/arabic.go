package typeset

//go:generate go run gen.go

import (
	"sort"
	"unicode"
)

// joiningType is the Joining_Type property of ArabicShaping.txt.
type joiningType uint8

const (
	joinU joiningType = iota // non-joining
	joinR                    // right-joining: joins the preceding letter only
	joinD                    // dual-joining
	joinL                    // left-joining: joins the following letter only
	joinC                    // join-causing, e.g. tatweel and ZWJ
	joinT                    // transparent, e.g. harakat
)

type joiningEntry struct {
	r rune
	t joiningType
}

// Indexes into the values of presentationForms.
const (
	formIsolated = iota
	formFinal
	formInitial
	formMedial
)

const (
	lam  = 0x0644
	zwnj = 0x200C
	zwj  = 0x200D
)

// joining returns the joining type of r. A letter without encoded
// presentation forms is treated as non-joining, because no form of it could
// show the join: its neighbours then take the forms that stop at it.
func joining(r rune) joiningType {
	i := sort.Search(len(joiningTable), func(i int) bool { return joiningTable[i].r >= r })
	if i == len(joiningTable) || joiningTable[i].r != r {
		if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) && r != zwnj {
			return joinT
		}
		return joinU
	}
	t := joiningTable[i].t
	f, ok := presentationForms[r]
	switch {
	case t != joinR && t != joinD && t != joinL:
		return t
	case !ok || f[formFinal] == 0 && f[formInitial] == 0:
		return joinU
	case t == joinD && (f[formInitial] == 0 || f[formMedial] == 0):
		return joinR
	}
	return t
}

func joinsBefore(t joiningType) bool { return t == joinD || t == joinL || t == joinC }
func joinsAfter(t joiningType) bool  { return t == joinD || t == joinR || t == joinC }

// shapeArabic replaces, in logical order, every Arabic-script letter of s by
// the presentation form its neighbours call for, following the joining rules
// of the Unicode Standard (chapter 9.2): transparent characters such as
// harakat are skipped when looking for neighbours, ZWNJ breaks a join and
// ZWJ causes one. Lam followed by alef becomes one of the lam-alef ligatures
// U+FEF5..U+FEFC, its marks kept after it. ZWNJ and ZWJ are dropped, having
// done their work. Runes that are not Arabic letters pass unchanged.
func shapeArabic(s []rune) []rune {
	types := make([]joiningType, len(s))
	for i, r := range s {
		types[i] = joining(r)
	}
	out := make([]rune, 0, len(s))
	var pending []rune // marks between a lam and its alef
	for i := 0; i < len(s); i++ {
		r := s[i]
		if r == zwnj || r == zwj {
			continue
		}
		if types[i] == joinT || types[i] == joinU || types[i] == joinC {
			// The nominal glyph of a letter is its isolated form.
			out = append(out, r)
			continue
		}
		prev := neighbour(types, i, -1)
		next := neighbour(types, i, +1)
		joinPrev := joinsAfter(types[i]) && prev >= 0 && joinsBefore(types[prev])
		if r == lam && next >= 0 {
			if lig, ok := lamAlefForms[s[next]]; ok {
				pending = append(pending[:0], s[i+1:next]...)
				form := 0
				if joinPrev {
					form = 1
				}
				out = append(out, lig[form])
				out = append(out, pending...)
				i = next
				continue
			}
		}
		joinNext := joinsBefore(types[i]) && next >= 0 && joinsAfter(types[next])
		out = append(out, presentationForm(r, joinPrev, joinNext))
	}
	return out
}

// neighbour returns the index of the nearest non-transparent rune before
// (step -1) or after (step +1) index i, or -1.
func neighbour(types []joiningType, i, step int) int {
	for j := i + step; j >= 0 && j < len(types); j += step {
		if types[j] != joinT {
			return j
		}
	}
	return -1
}

func presentationForm(r rune, joinPrev, joinNext bool) rune {
	var form int
	switch {
	case joinPrev && joinNext:
		form = formMedial
	case joinPrev:
		form = formFinal
	case joinNext:
		form = formInitial
	default:
		// The nominal glyph of a letter is its isolated form, and fonts map
		// both to the same glyph or to copies.
		return r
	}
	if f := presentationForms[r][form]; f != 0 {
		return f
	}
	return r
}
