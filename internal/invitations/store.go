package invitations

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Store is the invitations package's storage: delegations, invitations,
// their letters and templates. The service opens a transaction and works in
// it through In, so that its reads, writes and the audit record commit
// together; other packages compose its reads (and LockInvitation) into
// their own transactions the same way.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

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

// events is the event package's store working where s works: events, their
// reference counters and signatories are read and written there.
func (s *Store) events() *event.Store { return event.NewStore(s.db) }

// findEvent reads an event, locking its row on PostgreSQL when lock is set.
func (s *Store) findEvent(ctx context.Context, id string, lock bool) (event.Event, error) {
	if lock {
		return s.events().LockEvent(ctx, id)
	}
	return s.events().FindEventByID(ctx, id)
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

// FindDelegationByID reads a delegation. It returns
// NotFound and Internal.
func (s *Store) FindDelegationByID(ctx context.Context, id string) (Delegation, error) {
	return s.findDelegation(ctx, id, false)
}

func (s *Store) findDelegation(ctx context.Context, id string, lock bool) (Delegation, error) {
	var d Delegation
	q := s.db.WithContext(ctx)
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

// FindDelegations reads the delegations of an event
// matching f in protocol order, with the total; a zero f.Page.Limit means
// all. It returns Internal.
func (s *Store) FindDelegations(ctx context.Context, f DelegationFilter) ([]Delegation, int64, error) {
	q := s.db.WithContext(ctx).Model(&Delegation{}).Where("event_id = ?", f.EventID)
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

func (s *Store) findDelegationByKindName(ctx context.Context, eventID, kind, nameEN string) (*Delegation, error) {
	var out []Delegation
	if err := s.db.WithContext(ctx).Where("event_id = ? AND kind = ? AND name_en = ?", eventID, kind, nameEN).
		Limit(1).Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "read delegation")
	}
	if len(out) == 0 {
		return nil, nil
	}
	out[0].load()
	return &out[0], nil
}

func (s *Store) createDelegation(ctx context.Context, d *Delegation) error {
	d.store()
	if err := s.db.WithContext(ctx).Create(d).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func (s *Store) saveDelegation(ctx context.Context, d *Delegation) error {
	d.store()
	if err := s.db.WithContext(ctx).Model(d).Select("*").Omit("id", "event_id", "created_at").Updates(d).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func (s *Store) deleteDelegation(ctx context.Context, id string) error {
	if err := s.db.WithContext(ctx).Where("id = ?", id).Delete(&Delegation{}).Error; err != nil {
		return writeErr(err, "delegation")
	}
	return nil
}

func (s *Store) countInvitationsOf(ctx context.Context, delegationID string) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Invitation{}).Where("delegation_id = ?", delegationID).Count(&n).Error; err != nil {
		return 0, apperr.Wrap(err, "count invitations")
	}
	return n, nil
}

func (s *Store) setProtocolOrder(ctx context.Context, id string, order int, manual bool) error {
	err := s.db.WithContext(ctx).Model(&Delegation{}).Where("id = ?", id).
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

func (s *Store) findInvitation(ctx context.Context, id string, lock bool) (Invitation, error) {
	var inv Invitation
	q := s.db.WithContext(ctx)
	if lock {
		q = database.ForUpdate(q)
	}
	if err := q.Where("id = ?", id).Take(&inv).Error; err != nil {
		return inv, notFound(err, "invitation %s", id)
	}
	inv.load()
	return inv, nil
}

// findInvitationByReference reads the invitation of an event with a
// reference number. It returns NotFound or Internal.
func (s *Store) findInvitationByReference(ctx context.Context, eventID, ref string) (Invitation, error) {
	var inv Invitation
	if err := s.db.WithContext(ctx).Where("event_id = ? AND reference_number = ?", eventID, ref).Take(&inv).Error; err != nil {
		return inv, notFound(err, "invitation %s", ref)
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

// FindInvitations reads the invitations of an event
// matching f in the order f.Sort names (protocol order of their delegations
// by default), with the total; a zero
// f.Page.Limit means all. It returns Internal.
func (s *Store) FindInvitations(ctx context.Context, f InvitationFilter) ([]Invitation, int64, error) {
	q := s.db.WithContext(ctx).Model(&Invitation{}).Where("invitations.event_id = ?", f.EventID)
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

func (s *Store) emailTaken(ctx context.Context, eventID, key, exceptID string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Invitation{}).Where("event_id = ? AND email_key = ? AND id <> ?", eventID, key, exceptID).
		Count(&n).Error
	if err != nil {
		return false, apperr.Wrap(err, "check invitee")
	}
	return n > 0, nil
}

// countActiveMembers counts an invitation's participants that hold a place
// in its quota (nominated or approved): registration's table, known here by
// name only, as registration imports this package.
func (s *Store) countActiveMembers(ctx context.Context, invitationID string) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM participants WHERE invitation_id = ? AND status IN ('nominated', 'approved')`,
		invitationID).Scan(&n).Error
	if err != nil {
		return 0, apperr.Wrap(err, "count members")
	}
	return n, nil
}

func (s *Store) createInvitation(ctx context.Context, inv *Invitation) error {
	inv.store()
	if err := s.db.WithContext(ctx).Create(inv).Error; err != nil {
		return writeErr(err, "an invitation for this invitee")
	}
	return nil
}

func (s *Store) saveInvitation(ctx context.Context, inv *Invitation) error {
	inv.store()
	if err := s.db.WithContext(ctx).Model(inv).Select("*").Omit("id", "event_id", "created_at").Updates(inv).Error; err != nil {
		return writeErr(err, "an invitation for this invitee")
	}
	return nil
}

func (s *Store) deleteInvitation(ctx context.Context, id string) error {
	if err := s.db.WithContext(ctx).Where("id = ?", id).Delete(&Invitation{}).Error; err != nil {
		return writeErr(err, "invitation")
	}
	return nil
}

// expireOverdue marks invitations still issued or sent after their deadline
// (and not reopened) as expired; eventID "" means every event.
func (s *Store) expireOverdue(ctx context.Context, eventID string, now time.Time) (int64, error) {
	q := s.db.WithContext(ctx).Model(&Invitation{}).
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

func (s *Store) countByKindStatus(ctx context.Context, eventID string) ([]kindStatusCount, error) {
	var out []kindStatusCount
	err := s.db.WithContext(ctx).Table("invitations").
		Select("delegations.kind AS kind, invitations.status AS status, COUNT(*) AS n").
		Joins("JOIN delegations ON delegations.id = invitations.delegation_id").
		Where("invitations.event_id = ?", eventID).Group("delegations.kind, invitations.status").Scan(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count invitations")
	}
	return out, nil
}

// InvitationByToken finds the invitation whose RSVP
// link carries token at now: one hash and one indexed lookup, the same work
// for a known token as for an unknown one. It returns NotFound for an unknown
// or replaced token, Gone typed "invitation-withdrawn" for the link of a
// withdrawn invitation, Gone with "expired_at" for a link past its expiry,
// Gone for a draft, and Internal.
func (s *Store) InvitationByToken(ctx context.Context, token string, now time.Time) (Invitation, error) {
	var inv Invitation
	err := s.db.WithContext(ctx).Where("rsvp_token_hash = ?", auth.HashToken(token)).Take(&inv).Error
	if err != nil {
		return inv, notFound(err, "no such RSVP link")
	}
	inv.load()
	if inv.Status == Withdrawn {
		return inv, apperr.Gonef("this invitation was withdrawn; write to the Secretariat with any question").
			Typed("invitation-withdrawn")
	}
	if at := inv.RSVPExpiresAt; at != nil && !now.Before(*at) {
		expired := at.UTC().Format(time.RFC3339)
		return inv, apperr.Gonef("this link expired on %s; ask the Secretariat for a new one", expired).
			With("expired_at", expired)
	}
	if inv.Status == Draft {
		return inv, apperr.Gonef("this invitation is no longer open; contact the Secretariat")
	}
	return inv, nil
}

// findDispatchable lists, oldest first, the ids of an event's invitations
// that f selects for dispatch: issued or sent ones only. Errors: Internal.
func (s *Store) findDispatchable(ctx context.Context, eventID string, f DispatchFilter) ([]string, error) {
	q := s.db.WithContext(ctx).Model(&Invitation{}).Where("event_id = ?", eventID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	} else {
		q = q.Where("status IN ?", []string{Issued, Sent})
	}
	if f.Language != "" {
		q = q.Where("language = ?", f.Language)
	}
	if f.DelegationIDs != nil {
		// An empty list selects nothing; "" is no UUID for PostgreSQL to compare.
		q = q.Where("delegation_id IN ?", append([]string{"00000000-0000-0000-0000-000000000000"}, f.DelegationIDs...))
	}
	var ids []string
	if err := q.Order("created_at, id").Pluck("id", &ids).Error; err != nil {
		return nil, apperr.Wrap(err, "select invitations")
	}
	return ids, nil
}

// findRemindable lists, oldest first, the ids of an event's invitations
// still issued or sent whose deadline is after now and, when until is
// given, not after until. Errors: Internal.
func (s *Store) findRemindable(ctx context.Context, eventID string, now time.Time, until *time.Time) ([]string, error) {
	q := s.db.WithContext(ctx).Model(&Invitation{}).
		Where("event_id = ? AND status IN ? AND rsvp_deadline > ?", eventID, []string{Issued, Sent}, now)
	if until != nil {
		q = q.Where("rsvp_deadline <= ?", *until)
	}
	var ids []string
	if err := q.Order("created_at, id").Pluck("id", &ids).Error; err != nil {
		return nil, apperr.Wrap(err, "select invitations to remind")
	}
	return ids, nil
}

// --- letters

func (s *Store) createLetter(ctx context.Context, l *Letter) error {
	if err := s.db.WithContext(ctx).Create(l).Error; err != nil {
		return writeErr(err, "letter version")
	}
	return nil
}

func (s *Store) findLetters(ctx context.Context, invitationID string) ([]Letter, error) {
	var out []Letter
	if err := s.db.WithContext(ctx).Where("invitation_id = ?", invitationID).Order("version").Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "read letters")
	}
	return out, nil
}

// letterVersion reads and decodes one version of an invitation's letter. It
// returns NotFound and Internal.
func (s *Store) letterVersion(ctx context.Context, id string, version int) (LetterContent, error) {
	var lt Letter
	err := s.db.WithContext(ctx).Where("invitation_id = ? AND version = ?", id, version).Take(&lt).Error
	if err != nil {
		return LetterContent{}, notFound(err, "version %d of the letter of invitation %s", version, id)
	}
	var c LetterContent
	if err := json.Unmarshal([]byte(lt.Raw), &c); err != nil {
		return c, apperr.Wrap(err, "decode letter")
	}
	return c, nil
}
