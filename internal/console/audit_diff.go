package console

import (
	"bytes"
	"encoding/json"
	"sort"
)

// FieldChange is one field of a record as an audit entry saw it before and
// after the change; Before or After is absent when the record was made or
// removed, or when the field appeared or went.
type FieldChange struct {
	Field             string
	Before, After     []ValuePart
	HasBefore, HasAft bool
}

// ValuePart is a value as shown, or one entry of an object value (such as
// a name in each language) with its key.
type ValuePart struct {
	Key, Text string
}

// maxShown is how much of one value the log shows.
const maxShown = 300

// diffFields compares the record's snapshots before and after a change and
// returns the fields that differ, in the order of their names: every field
// of a record made or removed, only the changed ones of a record updated.
// A snapshot that is not a JSON object is one field named "".
func diffFields(before, after *string) []FieldChange {
	b, a := fieldsOf(before), fieldsOf(after)
	names := map[string]bool{}
	for k := range b {
		names[k] = true
	}
	for k := range a {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []FieldChange
	for _, k := range keys {
		bv, inB := b[k]
		av, inA := a[k]
		if inB && inA && bytes.Equal(compact(bv), compact(av)) {
			continue
		}
		fc := FieldChange{Field: k, HasBefore: inB, HasAft: inA}
		if inB {
			fc.Before = shown(bv)
		}
		if inA {
			fc.After = shown(av)
		}
		out = append(out, fc)
	}
	return out
}

func fieldsOf(s *string) map[string]json.RawMessage {
	if s == nil {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(*s), &m); err != nil {
		return map[string]json.RawMessage{"": json.RawMessage(*s)}
	}
	return m
}

func compact(raw json.RawMessage) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}

// shown is a value as a person reads it: an object entry by entry (in the
// order of their keys), each entry or the value as text.
func shown(raw json.RawMessage) []ValuePart {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || len(obj) == 0 {
		return []ValuePart{{Text: text(raw)}}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]ValuePart, 0, len(keys))
	for _, k := range keys {
		out = append(out, ValuePart{Key: k, Text: text(obj[k])})
	}
	return out
}

// text is a string without its quotes, anything else as compact JSON, cut
// after maxShown characters.
func text(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(compact(raw))
	}
	if r := []rune(s); len(r) > maxShown {
		s = string(r[:maxShown]) + "…"
	}
	return s
}
