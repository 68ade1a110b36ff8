package invitations

import (
	"strconv"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
)

// delegationChanges compares a row's delegation cells with d: the input
// that makes the difference and each column that differs.
// A column the file lacks is left as it is.
func delegationChanges(r Row, d Delegation) (DelegationInput, []FieldChange) {
	var in DelegationInput
	var cs []FieldChange
	differs := func(column, before, after string) bool {
		if !r.has(column) || before == after {
			return false
		}
		cs = append(cs, FieldChange{Column: column, Before: before, After: after})
		return true
	}
	if kind := r.cell("kind"); differs("kind", d.Kind, kind) {
		in.Kind = &kind
	}
	if c := strings.ToUpper(r.cell("country")); differs("country", d.Country, c) {
		in.Country = &c
	}
	names, namesChanged := event.Texts{}, false
	for _, l := range event.Languages {
		n := d.Names[l]
		if after := mustClean(r.cell("name_" + l)); differs("name_"+l, n, after) {
			n, namesChanged = r.cell("name_"+l), true
		}
		if n != "" {
			names[l] = n
		}
	}
	if namesChanged {
		in.Names = &names
	}
	fp := d.FocalPoint
	name, email, phone := differs("focal_name", fp.Name, mustClean(r.cell("focal_name"))),
		differs("focal_email", fp.Email, r.cell("focal_email")), differs("focal_phone", fp.Phone, r.cell("focal_phone"))
	if name || email || phone {
		if name {
			fp.Name = r.cell("focal_name")
		}
		if email {
			fp.Email = r.cell("focal_email")
		}
		if phone {
			fp.Phone = r.cell("focal_phone")
		}
		in.FocalPoint = &fp
	}
	sortChanges(cs)
	return in, cs
}

// invitationChanges compares a row's invitation cells with inv, as
// delegationChanges does for the delegation, adding the cells that cannot
// be read. The status, reference number
// and id of an exported file are not changed by an import.
func invitationChanges(r Row, inv Invitation, ev event.Event) (InvitationInput, []FieldChange, []apperr.FieldError) {
	var in InvitationInput
	var cs []FieldChange
	var bad []apperr.FieldError
	differs := func(column, before, after string) bool {
		if !r.has(column) || before == after {
			return false
		}
		cs = append(cs, FieldChange{Column: column, Before: before, After: after})
		return true
	}
	p, who := inv.Invitee, InviteeInput{}
	for column, pair := range map[string]struct {
		before string
		dst    **string
	}{"honorific": {p.Honorific, &who.Honorific}, "given_names": {p.GivenNames, &who.GivenNames},
		"family_name": {p.FamilyName, &who.FamilyName}, "native_name": {p.NativeName, &who.NativeName},
		"office": {p.Office, &who.Office}} {
		if after := r.cell(column); differs(column, pair.before, mustClean(after)) {
			*pair.dst = &after
		}
	}
	if e := r.cell("email"); differs("email", p.Email, e) {
		who.Email = &e
	}
	if who != (InviteeInput{}) {
		in.Invitee = &who
	}
	if l := r.cell("language"); differs("language", inv.Language, l) {
		in.Language = &l
	}
	if q := r.cell("quota"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			bad = append(bad, apperr.Field("quota", "must be a whole number"))
		} else if differs("quota", strconv.Itoa(inv.Quota), strconv.Itoa(n)) {
			in.Quota = &n
		}
	}
	if r.has("rsvp_deadline") {
		d, err := parseDeadline(r.cell("rsvp_deadline"), ev.Location())
		before := inv.RSVPDeadline.UTC().Truncate(time.Second)
		switch {
		case err != nil:
			bad = append(bad, apperr.Field("rsvp_deadline", "must be a date (YYYY-MM-DD) or an RFC 3339 time"))
		case !d.Truncate(time.Second).Equal(before):
			cs = append(cs, FieldChange{Column: "rsvp_deadline", Before: before.Format(time.RFC3339),
				After: d.UTC().Format(time.RFC3339)})
			in.RSVPDeadline = &d
		}
	}
	sortChanges(cs)
	return in, cs, bad
}

// sortChanges puts changes in the order of the file's columns.
func sortChanges(cs []FieldChange) {
	pos := map[string]int{}
	for i, c := range exportColumns {
		pos[c] = i
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && pos[cs[j].Column] < pos[cs[j-1].Column]; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
