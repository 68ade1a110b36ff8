package registration

import (
	"accreditation/internal/names"
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/clock"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

// Store is all the registration package's database access.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx, so that the service's reads,
// writes and audit record commit together.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.NotFoundf("no such %s", what)
	}
	return apperr.Wrap(err, "read "+what)
}

// CountActive counts an invitation's active participants and active heads.
// Errors: Internal.
func (s *Store) CountActive(ctx context.Context, invitationID string) (active, heads int, err error) {
	var row struct{ Active, Heads int }
	err = s.db.WithContext(ctx).Raw(`SELECT COUNT(*) AS active,
		COALESCE(SUM(CASE WHEN role = ? THEN 1 ELSE 0 END), 0) AS heads
		FROM participants WHERE invitation_id = ? AND status IN (?, ?)`,
		Head, invitationID, Nominated, Approved).Scan(&row).Error
	if err != nil {
		return 0, 0, apperr.Wrap(err, "count participants")
	}
	return row.Active, row.Heads, nil
}

// CreateParticipant inserts p. Errors: Conflict when the delegation already
// has an active head; Internal.
func (s *Store) CreateParticipant(ctx context.Context, p *Participant) error {
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return participantWriteError(err)
	}
	return nil
}

// SaveParticipant writes every column of p. Errors: Conflict, Internal.
func (s *Store) SaveParticipant(ctx context.Context, p *Participant) error {
	p.UpdatedAt = clock.Of(s.db)()
	if err := s.db.WithContext(ctx).Select("*").Omit("created_at").Updates(p).Error; err != nil {
		return participantWriteError(err)
	}
	return nil
}

func participantWriteError(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("the delegation already has a head of delegation").Typed("one-head")
	}
	return apperr.Wrap(err, "save participant")
}

// FindParticipantByID returns one participant; lock takes its row lock.
// Errors: NotFound, Internal.
func (s *Store) FindParticipantByID(ctx context.Context, id string, lock bool) (Participant, error) {
	q := s.db.WithContext(ctx)
	if lock {
		q = database.ForUpdate(q)
	}
	var p Participant
	if err := q.Where("id = ?", id).Take(&p).Error; err != nil {
		return p, notFound(err, "participant")
	}
	return p, nil
}

// ParticipantFilter selects participants.
type ParticipantFilter struct {
	EventID      string
	InvitationID string
	DelegationID string
	Status       string
	CategoryID   string
	Role         string
	Query        string // folded the same way as search_text
	Sort         string // one of ParticipantSorts, "-" first for descending; "" is SortNominated
	Page         httpx.Page
}

func (s *Store) filtered(ctx context.Context, f ParticipantFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Model(&Participant{})
	for col, v := range map[string]string{"event_id": f.EventID, "invitation_id": f.InvitationID,
		"delegation_id": f.DelegationID, "status": f.Status, "category_id": f.CategoryID, "role": f.Role} {
		if v != "" {
			q = q.Where("participants."+col+" = ?", v)
		}
	}
	if f.Query != "" {
		q = q.Where(`participants.search_text LIKE ? ESCAPE '\'`, database.Like(names.Fold(f.Query)))
	}
	return q
}

// FindParticipants lists participants matching f in the order they were
// nominated (or as f.Sort says), with the total and whether more follow this
// page; a zero Page.Limit means all. A page after a keyset cursor
// (Page.After: f.Key of the last participant shown) starts from the index,
// however deep. Errors: Invalid for an unknown sort or a cursor that is not
// a participant's key, Internal.
func (s *Store) FindParticipants(ctx context.Context, f ParticipantFilter) ([]Participant, int64, bool, error) {
	var total int64
	if err := s.filtered(ctx, f).Count(&total).Error; err != nil {
		return nil, 0, false, apperr.Wrap(err, "count participants")
	}
	q, err := f.ordered(s.filtered(ctx, f))
	if err != nil {
		return nil, 0, false, err
	}
	if f.Page.Limit > 0 {
		q = q.Limit(f.Page.Limit + 1)
	}
	var out []Participant
	if err := q.Find(&out).Error; err != nil {
		return nil, 0, false, apperr.Wrap(err, "read participants")
	}
	more := f.Page.Limit > 0 && len(out) > f.Page.Limit
	if more {
		out = out[:f.Page.Limit]
	}
	return out, total, more, nil
}

// participantKey is a participant's place in the list: the keyset cursor.
func participantKey(p ParticipantView) []string {
	return []string{p.CreatedAt.UTC().Format(time.RFC3339Nano), p.ID}
}

// EachParticipant calls fn for each participant matching f in delegation
// protocol order, in batches, so an export of any size uses bounded memory.
// Errors: Internal, or fn's.
func (s *Store) EachParticipant(ctx context.Context, f ParticipantFilter, fn func(ExportedParticipant) error) error {
	const batch = 500
	// The badge is the one badges keeps current (active, or suspended while
	// the participant is back in review); its table is read, never written.
	const badge = `(SELECT b.number FROM badges b WHERE b.participant_id = participants.id
		AND b.status IN ('active', 'suspended') ORDER BY b.version DESC LIMIT 1)`
	for offset := 0; ; offset += batch {
		var rows []ExportedParticipant
		err := s.filtered(ctx, f).Select("participants.*, delegations.name_en AS delegation_name, " +
			"COALESCE(categories.code, '') AS category_code, COALESCE(categories.names, '{}') AS category_names, " + badge + " AS badge_number").
			Joins("JOIN delegations ON delegations.id = participants.delegation_id").
			Joins("LEFT JOIN categories ON categories.id = participants.category_id").
			Order("delegations.protocol_order, delegations.name_en, participants.created_at, participants.id").
			Limit(batch).Offset(offset).Scan(&rows).Error
		if err != nil {
			return apperr.Wrap(err, "read participants")
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < batch {
			return nil
		}
	}
}

// ReplacePhoto stores ph as p's only photo. Errors: Internal.
func (s *Store) ReplacePhoto(ctx context.Context, ph *Photo) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("participant_id = ?", ph.ParticipantID).Delete(&Photo{}).Error; err != nil {
		return apperr.Wrap(err, "remove old photo")
	}
	if err := db.Create(ph).Error; err != nil {
		return apperr.Wrap(err, "store photo")
	}
	return nil
}

// FindPhoto returns a participant's current photo. Errors: NotFound, Internal.
func (s *Store) FindPhoto(ctx context.Context, p Participant) (Photo, error) {
	var ph Photo
	if p.PhotoID == nil {
		return ph, apperr.NotFoundf("this participant has no photo")
	}
	if err := s.db.WithContext(ctx).Where("id = ?", *p.PhotoID).Take(&ph).Error; err != nil {
		return ph, notFound(err, "photo")
	}
	return ph, nil
}

// FindParticipantsOfInvitation returns an invitation's participants, oldest
// first. Errors: Internal.
func (s *Store) FindParticipantsOfInvitation(ctx context.Context, invitationID string) ([]Participant, error) {
	var out []Participant
	err := s.db.WithContext(ctx).Where("invitation_id = ?", invitationID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read participants")
	}
	return out, nil
}

// Tally counts a group of delegations' answers and members.
type Tally struct {
	Invited   int `json:"invited"`
	Answered  int `json:"answered"`
	Accepted  int `json:"accepted"`
	Declined  int `json:"declined"`
	Nominated int `json:"nominated"`
	Approved  int `json:"approved"`
	Rejected  int `json:"rejected"`
}

func (t *Tally) add(o Tally) {
	t.Invited += o.Invited
	t.Answered += o.Answered
	t.Accepted += o.Accepted
	t.Declined += o.Declined
	t.Nominated += o.Nominated
	t.Approved += o.Approved
	t.Rejected += o.Rejected
}

// Tallies counts each delegation's invitations by answer and participants by
// status, for one event. Invitations still in draft or withdrawn are not
// counted as invited. Errors: Internal.
func (s *Store) Tallies(ctx context.Context, eventID string) (map[string]Tally, error) {
	var invs []struct {
		DelegationID string
		Status       string
		N            int
	}
	err := s.db.WithContext(ctx).Raw(`SELECT delegation_id, status, COUNT(*) AS n FROM invitations
		WHERE event_id = ? GROUP BY delegation_id, status`, eventID).Scan(&invs).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count invitations")
	}
	var ps []struct {
		DelegationID string
		Status       string
		N            int
	}
	err = s.db.WithContext(ctx).Raw(`SELECT delegation_id, status, COUNT(*) AS n FROM participants
		WHERE event_id = ? GROUP BY delegation_id, status`, eventID).Scan(&ps).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count participants")
	}
	out := map[string]Tally{}
	for _, r := range invs {
		t := out[r.DelegationID]
		switch r.Status {
		case invitations.Draft, invitations.Withdrawn:
		case invitations.Accepted:
			t.Invited, t.Answered, t.Accepted = t.Invited+r.N, t.Answered+r.N, t.Accepted+r.N
		case invitations.Declined:
			t.Invited, t.Answered, t.Declined = t.Invited+r.N, t.Answered+r.N, t.Declined+r.N
		default:
			t.Invited += r.N
		}
		out[r.DelegationID] = t
	}
	for _, r := range ps {
		t := out[r.DelegationID]
		switch r.Status {
		case Nominated:
			t.Nominated += r.N
		case Approved:
			t.Approved += r.N
		case Rejected:
			t.Rejected += r.N
		}
		out[r.DelegationID] = t
	}
	return out, nil
}

// ordered sorts q as f.Sort says and starts it after f.Page's cursor or
// offset. Errors: Invalid for an unknown order or a cursor that is not a
// participant's key.
func (f ParticipantFilter) ordered(q *gorm.DB) (*gorm.DB, error) {
	col, desc, ok := sortOf(f.Sort)
	if !ok {
		return nil, apperr.Fields(apperr.Field("sort", "must be one of %s, optionally after -", strings.Join(ParticipantSorts, ", ")))
	}
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	cursor := f.Page.After
	if len(cursor) == 2 && !httpx.IsUUID(cursor[1]) {
		return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
	}
	switch col {
	case SortName:
		q = q.Order("participants.family_name" + dir).Order("participants.given_names" + dir).Order("participants.id" + dir)
		if len(cursor) == 2 {
			family, given, found := strings.Cut(cursor[0], "\x00")
			if !found || strings.Contains(given, "\x00") {
				return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
			}
			q = q.Where("(participants.family_name, participants.given_names, participants.id) "+cmp+" (?, ?, ?)", family, given, cursor[1])
		}
	default:
		q = q.Order("participants.created_at" + dir).Order("participants.id" + dir)
		if len(cursor) == 2 {
			at, err := time.Parse(time.RFC3339Nano, cursor[0])
			if err != nil {
				return nil, apperr.Fields(apperr.Field("cursor", "is not a cursor this list gave"))
			}
			q = q.Where("(participants.created_at, participants.id) "+cmp+" (?, ?)", at.UTC(), cursor[1])
		}
	}
	if len(cursor) != 2 && f.Page.Offset > 0 {
		q = q.Offset(f.Page.Offset)
	}
	return q, nil
}
