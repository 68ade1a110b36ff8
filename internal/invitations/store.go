package invitations

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// The store's functions take the transaction (or pool) they run in, so that
// the service composes them inside one transaction with the audit record.

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.NotFoundf(format, args...)
	}
	return apperr.Wrap(err, "read "+format)
}

func writeErr(err error, what string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("%s already exists", what)
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return apperr.Conflictf("%s refers to something that no longer exists", what)
	}
	return apperr.Wrap(err, "write "+what)
}

// events is the event package's store working in tx (or the pool): events,
// their reference counters and signatories are read and written there.
func events(tx *gorm.DB) *event.Store { return event.NewStore(tx) }

// findEvent reads an event, locking its row on PostgreSQL when lock is set.
func findEvent(ctx context.Context, tx *gorm.DB, id string, lock bool) (event.Event, error) {
	if lock {
		return events(tx).LockEvent(ctx, id)
	}
	return events(tx).FindEventByID(ctx, id)
}

// --- delegations

func (d *Delegation) load() {
	d.FocalPoint = FocalPoint{Name: d.FocalName, Email: d.FocalEmail, Phone: d.FocalPhone}
	if d.Names == nil {
		d.Names = event.Texts{}
	}
}

func (d *Delegation) store() {
	d.FocalName, d.FocalEmail, d.FocalPhone = d.FocalPoint.Name, d.FocalPoint.Email, d.FocalPoint.Phone
	d.NameEN = d.Names["en"]
}

// FindDelegationByID reads a delegation in tx (or the pool). It returns
// NotFound and Internal.
func FindDelegationByID(ctx context.Context, tx *gorm.DB, id string) (Delegation, error) {
	return findDelegation(ctx, tx, id, false)
}

func findDelegation(ctx context.Context, tx *gorm.DB, id string, lock bool) (Delegation, error) {
	var d Delegation
	q := tx.WithContext(ctx)
	if lock {
		q = database.ForUpdate(q)
	}
	if err := q.Where("id = ?", id).Take(&d).Error; err != nil {
		return d, notFound(err, "delegation %s", id)
	}
	d.load()
	return d, nil
}

// DelegationFilter selects delegations of one event.
type DelegationFilter struct {
	EventID string
	Kind    string
	Q       string // part of the English name
	Page    httpx.Page
}

// FindDelegations reads, in tx (or the pool), the delegations of an event
// matching f in protocol order, with the total; a zero f.Page.Limit means
// all. It returns Internal.
func FindDelegations(ctx context.Context, tx *gorm.DB, f DelegationFilter) ([]Delegation, int64, error) {
	q := tx.WithContext(ctx).Model(&Delegation{}).Where("event_id = ?", f.EventID)
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Q != "" {
		q = q.Where("LOWER(name_en) LIKE ? ESCAPE '\\'", strings.ToLower(database.Like(f.Q)))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count delegations")
	}
	var out []Delegation
	if f.Page.Limit > 0 {
		q = q.Limit(f.Page.Limit).Offset(f.Page.Offset)
	}
	if err := q.Order("protocol_order, name_en, id").Find(&out).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "read delegations")
	}
	for i := range out {
		out[i].load()
	}
	return out, total, nil
}

func findDelegationByKindName(ctx context.Context, tx *gorm.DB, eventID, kind, nameEN string) (*Delegation, error) {
	var out []Delegation
	if err := tx.WithContext(ctx).Where("event_id = ? AND kind = ? AND name_en = ?", eventID, kind, nameEN).
		Limit(1).Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "read delegation")
	}
	if len(out) == 0 {
		return nil, nil
	}
	out[0].load()
	return &out[0], nil
}

func createDelegation(ctx context.Context, tx *gorm.DB, d *Delegation) error {
	d.store()
	if err := tx.WithContext(ctx).Create(d).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func saveDelegation(ctx context.Context, tx *gorm.DB, d *Delegation) error {
	d.store()
	if err := tx.WithContext(ctx).Model(d).Select("*").Omit("id", "event_id", "created_at").Updates(d).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func deleteDelegation(ctx context.Context, tx *gorm.DB, id string) error {
	if err := tx.WithContext(ctx).Where("id = ?", id).Delete(&Delegation{}).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func countInvitationsOf(ctx context.Context, tx *gorm.DB, delegationID string) (int64, error) {
	var n int64
	if err := tx.WithContext(ctx).Model(&Invitation{}).Where("delegation_id = ?", delegationID).Count(&n).Error; err != nil {
		return 0, apperr.Wrap(err, "count invitations")
	}
	return n, nil
}

func setProtocolOrder(ctx context.Context, tx *gorm.DB, id string, order int, manual bool) error {
	err := tx.WithContext(ctx).Model(&Delegation{}).Where("id = ?", id).
		UpdateColumns(map[string]any{"protocol_order": order, "protocol_manual": manual}).Error
	if err != nil {
		return apperr.Wrap(err, "set protocol order")
	}
	return nil
}

// --- invitations

func (i *Invitation) load() {
	i.Invitee = Invitee{Honorific: i.Honorific, GivenNames: i.GivenNames, FamilyName: i.FamilyName,
		NativeName: i.NativeName, Office: i.Office, Email: i.Email}
}

func (i *Invitation) store() {
	v := i.Invitee
	i.Honorific, i.GivenNames, i.FamilyName, i.NativeName, i.Office, i.Email = v.Honorific, v.GivenNames,
		v.FamilyName, v.NativeName, v.Office, v.Email
	i.EmailKey = emailKey(v.Email)
}

func findInvitation(ctx context.Context, tx *gorm.DB, id string, lock bool) (Invitation, error) {
	var inv Invitation
	q := tx.WithContext(ctx)
	if lock {
		q = database.ForUpdate(q)
	}
	if err := q.Where("id = ?", id).Take(&inv).Error; err != nil {
		return inv, notFound(err, "invitation %s", id)
	}
	inv.load()
	return inv, nil
}

// InvitationFilter selects invitations of one event.
type InvitationFilter struct {
	EventID      string
	Status       string
	DelegationID string
	Language     string
	Q            string // part of a name, the office or the e-mail
	Sort         string // one of InvitationSorts; "" is protocol order
	Page         httpx.Page
}

// FindInvitations reads, in tx (or the pool), the invitations of an event
// matching f in the order f.Sort names (protocol order of their delegations
// by default), with the total; a zero
// f.Page.Limit means all. It returns Internal.
func FindInvitations(ctx context.Context, tx *gorm.DB, f InvitationFilter) ([]Invitation, int64, error) {
	q := tx.WithContext(ctx).Model(&Invitation{}).Where("invitations.event_id = ?", f.EventID)
	for col, v := range map[string]string{"invitations.status": f.Status,
		"invitations.delegation_id": f.DelegationID, "invitations.language": f.Language} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.Q != "" {
		like := strings.ToLower(database.Like(f.Q))
		// SQLite's LOWER folds ASCII only: the text as typed also matches, so
		// that a name in any script is found when typed as written.
		typed := database.Like(f.Q)
		q = q.Where(`LOWER(given_names) LIKE ? ESCAPE '\' OR LOWER(family_name) LIKE ? ESCAPE '\'
			OR LOWER(native_name) LIKE ? ESCAPE '\' OR LOWER(office) LIKE ? ESCAPE '\' OR email_key LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(reference_number, '')) LIKE ? ESCAPE '\'
			OR given_names LIKE ? ESCAPE '\' OR family_name LIKE ? ESCAPE '\' OR native_name LIKE ? ESCAPE '\'
			OR office LIKE ? ESCAPE '\'`, like, like, like, like, like, like, typed, typed, typed, typed)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count invitations")
	}
	if f.Page.Limit > 0 {
		q = q.Limit(f.Page.Limit).Offset(f.Page.Offset)
	}
	var out []Invitation
	err := q.Joins("JOIN delegations ON delegations.id = invitations.delegation_id").
		Order(invitationOrder(f.Sort)).
		Select("invitations.*").Find(&out).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "read invitations")
	}
	for i := range out {
		out[i].load()
	}
	return out, total, nil
}

func emailTaken(ctx context.Context, tx *gorm.DB, eventID, key, exceptID string) (bool, error) {
	var n int64
	err := tx.WithContext(ctx).Model(&Invitation{}).Where("event_id = ? AND email_key = ? AND id <> ?", eventID, key, exceptID).
		Count(&n).Error
	if err != nil {
		return false, apperr.Wrap(err, "check invitee")
	}
	return n > 0, nil
}

// countActiveMembers counts an invitation's participants that hold a place
// in its quota (nominated or approved): registration's table, known here by
// name only, as registration imports this package.
func countActiveMembers(ctx context.Context, tx *gorm.DB, invitationID string) (int, error) {
	var n int
	err := tx.WithContext(ctx).Raw(`SELECT COUNT(*) FROM participants WHERE invitation_id = ? AND status IN ('nominated', 'approved')`,
		invitationID).Scan(&n).Error
	if err != nil {
		return 0, apperr.Wrap(err, "count members")
	}
	return n, nil
}

func createInvitation(ctx context.Context, tx *gorm.DB, inv *Invitation) error {
	inv.store()
	if err := tx.WithContext(ctx).Create(inv).Error; err != nil {
		return writeErr(err, "an invitation for this invitee")
	}
	return nil
}

func saveInvitation(ctx context.Context, tx *gorm.DB, inv *Invitation) error {
	inv.store()
	if err := tx.WithContext(ctx).Model(inv).Select("*").Omit("id", "event_id", "created_at").Updates(inv).Error; err != nil {
		return writeErr(err, "an invitation for this invitee")
	}
	return nil
}

func deleteInvitation(ctx context.Context, tx *gorm.DB, id string) error {
	if err := tx.WithContext(ctx).Where("id = ?", id).Delete(&Invitation{}).Error; err != nil {
		return writeErr(err, "invitation")
	}
	return nil
}

// expireOverdue marks invitations still issued or sent after their deadline
// (and not reopened) as expired; eventID "" means every event.
func expireOverdue(ctx context.Context, tx *gorm.DB, eventID string, now time.Time) (int64, error) {
	q := tx.WithContext(ctx).Model(&Invitation{}).
		Where("status IN ? AND rsvp_deadline <= ? AND (reopened_until IS NULL OR reopened_until <= ?)",
			[]string{Issued, Sent}, now, now)
	if eventID != "" {
		q = q.Where("event_id = ?", eventID)
	}
	res := q.UpdateColumns(map[string]any{"status": Expired, "updated_at": now})
	if res.Error != nil {
		return 0, apperr.Wrap(res.Error, "expire invitations")
	}
	return res.RowsAffected, nil
}

type kindStatusCount struct {
	Kind   string
	Status string
	N      int
}

func countByKindStatus(ctx context.Context, tx *gorm.DB, eventID string) ([]kindStatusCount, error) {
	var out []kindStatusCount
	err := tx.WithContext(ctx).Table("invitations").
		Select("delegations.kind AS kind, invitations.status AS status, COUNT(*) AS n").
		Joins("JOIN delegations ON delegations.id = invitations.delegation_id").
		Where("invitations.event_id = ?", eventID).Group("delegations.kind, invitations.status").Scan(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count invitations")
	}
	return out, nil
}

// --- letters

func createLetter(ctx context.Context, tx *gorm.DB, l *Letter) error {
	if err := tx.WithContext(ctx).Create(l).Error; err != nil {
		return writeErr(err, "letter version")
	}
	return nil
}

func findLetters(ctx context.Context, tx *gorm.DB, invitationID string) ([]Letter, error) {
	var out []Letter
	if err := tx.WithContext(ctx).Where("invitation_id = ?", invitationID).Order("version").Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "read letters")
	}
	return out, nil
}

// letterVersion reads and decodes one version of an invitation's letter. It
// returns NotFound and Internal.
func letterVersion(ctx context.Context, tx *gorm.DB, id string, version int) (LetterContent, error) {
	var lt Letter
	err := tx.WithContext(ctx).Where("invitation_id = ? AND version = ?", id, version).Take(&lt).Error
	if err != nil {
		return LetterContent{}, notFound(err, "version %d of the letter of invitation %s", version, id)
	}
	var c LetterContent
	if err := json.Unmarshal([]byte(lt.Raw), &c); err != nil {
		return c, apperr.Wrap(err, "decode letter")
	}
	return c, nil
}
