package i18n

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ColumnsNS is the namespace of the column labels of exported and imported
// files: "columns.given_names" is the label of the column given_names.
const ColumnsNS = "columns"

// Header is the header row of a file with the columns keys: their labels in
// lang, or the keys themselves when lang is "" (the file's machine form).
func Header(lang string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k
		if lang != "" {
			out[i] = T(lang, ColumnsNS+"."+k)
		}
	}
	return out
}

// ColumnKey returns the key of a header cell among keys: the key itself or
// its label in any of the Languages, whatever its case, spacing and
// Unicode normal form. It returns the folded cell and false for a cell
// that names none of keys.
func ColumnKey(cell string, keys []string) (string, bool) {
	c := foldLabel(cell)
	for _, k := range keys {
		if c == k {
			return k, true
		}
	}
	for _, k := range keys {
		for _, lang := range Languages {
			if c == foldLabel(T(lang, ColumnsNS+"."+k)) {
				return k, true
			}
		}
	}
	return c, false
}

func foldLabel(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}
