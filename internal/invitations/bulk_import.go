package invitations

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

var errDryRun = errors.New("dry run")

// Import reads the rows of a file in one transaction, all or nothing. A row
// that names an invitation of the event (by id, else by reference number)
// updates it and its delegation where its cells differ, so that an exported
// file imports back as the changes made to it; any other row creates a
// draft invitation and, unless one matches by kind and English name, its
// delegation. A dry run does the same and rolls it back. Every problem of
// every row is reported. It returns NotFound for an unknown event, Invalid
// carrying every row's errors, and Internal when the database fails.
func (s *Service) Import(ctx context.Context, eventID string, rows []Row, dryRun bool) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, Changes: []RowChange{}, Errors: []RowError{}}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		ev, err := st.findEvent(ctx, eventID, true)
		if err != nil {
			return err
		}
		im := &importer{s: s, tx: tx, ev: ev, res: &res, emails: map[string]int{}, named: map[string]int{},
			original: map[string]Delegation{}, edited: map[string]delegationEdit{}}
		for _, r := range rows {
			if err := im.row(ctx, r); err != nil {
				return err
			}
		}
		if err := st.reorder(ctx, eventID); err != nil {
			return err
		}
		if len(res.Errors) > 0 || dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return res, err
	}
	if len(res.Errors) > 0 {
		return res, &apperr.Error{Kind: apperr.Invalid,
			Detail: fmt.Sprintf("%d problem(s) in the file; nothing was imported", len(res.Errors)),
			Extra: map[string]any{"errors": res.Errors, "dry_run": dryRun,
				"created_delegations": 0, "created_invitations": 0, "updated_delegations": 0, "updated_invitations": 0}}
	}
	return res, nil
}

// importer is the state of one import: what earlier lines named, so that
// a later line that repeats an invitee or an invitation, or changes a
// delegation differently, is reported.
type importer struct {
	s      *Service
	tx     *gorm.DB
	ev     event.Event
	res    *ImportResult
	emails map[string]int // e-mail key → first line with it
	named  map[string]int // invitation id → first line naming it
	// original holds each delegation as it was before the import; edited
	// the first line that changed it, and the values it asked for.
	original map[string]Delegation
	edited   map[string]delegationEdit
}

type delegationEdit struct {
	line int
	want string
}

func (im *importer) row(ctx context.Context, r Row) error {
	var errs rowErrors
	if key := emailKey(r.cell("email")); key != "" {
		if first, dup := im.emails[key]; dup {
			errs.add("email", fmt.Sprintf("the same invitee is already on line %d", first))
		} else {
			im.emails[key] = r.Line
		}
	}
	inv, found, err := im.target(ctx, r, &errs)
	if err != nil {
		return err
	}
	if found {
		return im.update(ctx, r, inv, errs)
	}
	return im.create(ctx, r, errs)
}

// target finds the invitation a row names by id or reference number, adding
// a problem when it names none of this event, or one an earlier line named.
func (im *importer) target(ctx context.Context, r Row, errs *rowErrors) (Invitation, bool, error) {
	id, ref := r.cell("id"), r.cell("reference_number")
	if id == "" && ref == "" {
		return Invitation{}, false, nil
	}
	st := im.s.store.In(im.tx)
	var inv Invitation
	var err error
	switch {
	case id != "" && !httpx.IsUUID(id):
		errs.add("id", "must be the id of an invitation (a UUID), or empty for a new invitation")
		return inv, false, nil
	case id != "":
		inv, err = st.findInvitation(ctx, id, false)
		if err == nil && inv.EventID != im.ev.ID {
			err = apperr.NotFoundf("invitation %s", id)
		}
	default:
		inv, err = st.findInvitationByReference(ctx, im.ev.ID, ref)
	}
	if apperr.Is(err, apperr.NotFound) {
		field := "id"
		if id == "" {
			field = "reference_number"
		}
		errs.add(field, "names no invitation of this event; leave id and reference_number empty for a new invitation")
		return inv, false, nil
	}
	if err != nil {
		return inv, false, err
	}
	if id != "" && ref != "" && (inv.ReferenceNumber == nil || *inv.ReferenceNumber != ref) {
		errs.add("reference_number", "is not the reference number of the invitation with this id")
	}
	if first, dup := im.named[inv.ID]; dup {
		errs.add("id", fmt.Sprintf("the same invitation is already on line %d", first))
	}
	im.named[inv.ID] = r.Line
	return inv, true, nil
}

// create checks every cell of a new row, then creates its delegation (when
// none matches) and its draft invitation.
func (im *importer) create(ctx context.Context, r Row, errs rowErrors) error {
	st := im.s.store.In(im.tx)
	d, err := st.findDelegationByKindName(ctx, im.ev.ID, r.cell("kind"), mustClean(r.cell("name_en")))
	if err != nil {
		return err
	}
	din := delegationInput(r.cell)
	if d == nil {
		errs.addErr(din.apply(&Delegation{}, im.ev, true))
	}
	placeholder := httpx.NewID()
	in, bad := invitationInput(r.cell, im.ev, placeholder)
	errs.addFields(bad)
	scratch := Invitation{ID: httpx.NewID(), EventID: im.ev.ID}
	if err := in.apply(&scratch, im.ev, im.s.now(), true); err != nil {
		errs.addErr(err)
	} else if err := im.s.checkInvitee(ctx, im.tx, &scratch); err != nil {
		if !apperr.Is(err, apperr.Conflict) {
			return err
		}
		errs.add("email", err.(*apperr.Error).Detail+"; to update that invitation, keep its id or reference_number in the file")
	}
	if len(errs) > 0 {
		im.report(r, errs)
		return nil
	}
	if d == nil {
		created, err := im.s.insertDelegation(ctx, im.tx, im.ev, din)
		if err != nil {
			return im.fail(r, err)
		}
		d = &created
		im.res.CreatedDelegations++
	}
	in.DelegationID = &d.ID
	if _, err := im.s.createInvitation(ctx, im.tx, im.ev, in); err != nil {
		return im.fail(r, err)
	}
	im.res.CreatedInvitations++
	im.res.Changes = append(im.res.Changes, RowChange{Line: r.Line, Action: "create", Fields: []FieldChange{}})
	return nil
}

// update checks a row that names inv against inv and its delegation, then
// stores what differs; a row equal to them changes nothing.
func (im *importer) update(ctx context.Context, r Row, inv Invitation, errs rowErrors) error {
	d, err := im.delegation(ctx, inv.DelegationID)
	if err != nil {
		return err
	}
	din, dchanges := delegationChanges(r, d)
	if len(dchanges) > 0 {
		errs.addErr(din.apply(&Delegation{}, im.ev, false))
		want := changesKey(dchanges)
		if e, ok := im.edited[d.ID]; ok && e.want != want {
			errs.add(dchanges[0].Column, fmt.Sprintf("changes the delegation otherwise than line %d", e.line))
		}
	}
	in, ichanges, ibad := invitationChanges(r, inv, im.ev)
	errs.addFields(ibad)
	if len(ichanges) > 0 {
		if err := updatable(inv, in); err != nil {
			errs.add(ichanges[0].Column, err.(*apperr.Error).Detail)
		}
		scratch := inv
		errs.addErr(in.apply(&scratch, im.ev, im.s.now(), false))
	}
	if len(errs) > 0 {
		im.report(r, errs)
		return nil
	}
	if len(dchanges) == 0 && len(ichanges) == 0 {
		im.res.Unchanged++
		return nil
	}
	if _, done := im.edited[d.ID]; len(dchanges) > 0 && !done {
		if err := im.changeDelegation(ctx, d, din); err != nil {
			return im.fail(r, err)
		}
		im.edited[d.ID] = delegationEdit{line: r.Line, want: changesKey(dchanges)}
		im.res.UpdatedDelegations++
	}
	if len(ichanges) > 0 {
		if _, err := im.s.updateInvitation(ctx, im.tx, inv.ID, in); err != nil {
			return im.fail(r, err)
		}
		im.res.UpdatedInvitations++
	}
	ch := RowChange{Line: r.Line, Action: "update", InvitationID: inv.ID, Fields: append(dchanges, ichanges...)}
	if inv.ReferenceNumber != nil {
		ch.ReferenceNumber = *inv.ReferenceNumber
	}
	im.res.Changes = append(im.res.Changes, ch)
	return nil
}

// delegation returns a delegation as it was before the import.
func (im *importer) delegation(ctx context.Context, id string) (Delegation, error) {
	if d, ok := im.original[id]; ok {
		return d, nil
	}
	d, err := im.s.store.In(im.tx).findDelegation(ctx, id, false)
	if err == nil {
		im.original[id] = d
	}
	return d, err
}

func (im *importer) changeDelegation(ctx context.Context, before Delegation, in DelegationInput) error {
	d, err := im.s.changeDelegation(ctx, im.tx, before, im.ev, in)
	if err != nil {
		return err
	}
	return audit.NewStore(im.tx).Record(ctx, audit.Change{Action: "update", Entity: "delegation", EntityID: d.ID,
		EventID: d.EventID, Before: before, After: d})
}

// fail reports the problem of a row that passed its checks but was refused
// when stored; an Internal error ends the import.
func (im *importer) fail(r Row, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	var errs rowErrors
	errs.addErr(err)
	im.report(r, errs)
	return nil
}

func (im *importer) report(r Row, errs rowErrors) {
	for _, e := range errs {
		e.Line = r.Line
		im.res.Errors = append(im.res.Errors, e)
	}
}

// rowErrors are the problems of one row, at most one per column: the first
// found (a cell that cannot be read) is the one that says most.
type rowErrors []RowError

func (e *rowErrors) add(column, detail string) {
	for _, x := range *e {
		if x.Field == column && column != "" {
			return
		}
	}
	*e = append(*e, RowError{Field: column, Detail: detail})
}

func (e *rowErrors) addFields(fs []apperr.FieldError) {
	for _, f := range fs {
		e.add(columnOf(f.Field), f.Detail)
	}
}

func (e *rowErrors) addErr(err error) {
	var ae *apperr.Error
	if err == nil || !errors.As(err, &ae) {
		return
	}
	if len(ae.Fields) == 0 {
		column := ""
		if ae.Type == "invitee-exists" {
			column = "email"
		}
		if ae.Type == "quota-below-members" {
			column = "quota"
		}
		e.add(column, ae.Detail)
	}
	e.addFields(ae.Fields)
}

// cell is the trimmed text of a row's column ("" when the file lacks it).
func (r Row) cell(name string) string { return strings.TrimSpace(r.Cells[name]) }

// has reports whether the row's file has the column.
func (r Row) has(name string) bool { _, ok := r.Cells[name]; return ok }

func changesKey(cs []FieldChange) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Column + "\x00" + c.After + "\x00")
	}
	return b.String()
}
