package badges

import (
	"context"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// History actions.
const (
	ActionIssued     = "issued"
	ActionSuspended  = "suspended"
	ActionReprinted  = "reprinted"
	ActionSuperseded = "superseded"
	ActionRevoked    = "revoked"
	ActionCollected  = "collected"
)

// Service issues badges and runs their lifecycle.
type Service struct {
	DB    *gorm.DB
	store *Store
	Keys  *Keyring
	// Prints runs the print jobs; set by NewService.
	Prints *Printer
}

// NewService returns the badge service over db, signing with keys and
// keeping print files in the database.
func NewService(db *gorm.DB, keys *Keyring) *Service {
	s := &Service{DB: db, store: NewStore(db), Keys: keys}
	s.Prints = newPrinter(s)
	return s
}

// Detail is a badge with its history, as the API shows it.
type Detail struct {
	Badge
	History []HistoryEntry `json:"history"`
}

func actorName(ctx context.Context) string {
	a := actor.From(ctx)
	if a.Name != "" {
		return a.Name
	}
	if a.ID != "" {
		return a.ID
	}
	return string(a.Kind)
}

func history(ctx context.Context, st *Store, badgeID, action, reason string) error {
	return st.addHistory(ctx, HistoryEntry{ID: httpx.NewID(), BadgeID: badgeID, At: clock.Of(st.db)(),
		Action: action, Reason: reason, Actor: actorName(ctx)})
}

// Approved is the registration hook run when a participant is approved,
// inside the approval's transaction: it leaves an active badge as it is,
// supersedes a suspended one (its card shows a name or photo since changed)
// with the next version of the same number, and otherwise issues a new
// badge, version 1 under the event's next badge number, or for a
// participant whose badge was revoked, the next version of the same number.
// It returns NotFound for an unknown event.
func (s *Service) Approved(ctx context.Context, tx *gorm.DB, p registration.Participant) error {
	st := s.store.In(tx)
	cur, err := st.currentBadge(ctx, p.ID)
	switch {
	case err == nil && cur.Status == Active:
		return nil
	case err == nil: // suspended: the name or photo changed since it was printed
		// The printed card shows what changed, so it must not open the door
		// again: the re-approval makes the next version, to be printed, and
		// the door answers the old card "superseded".
		c, err := st.takeCounters(ctx, p.EventID, false)
		if err != nil {
			return err
		}
		const why = "re-approved after a change of name or photo"
		if err := st.updateBadge(ctx, cur.ID, map[string]any{"status": Superseded, "reason": why, "change_seq": c.Seq}); err != nil {
			return err
		}
		if err := history(ctx, st, cur.ID, ActionSuperseded, why); err != nil {
			return err
		}
		_, err = s.issue(ctx, st, holderOf(p), c, cur.Number, cur.Version+1, ActionReprinted, why)
		return err
	case !apperr.Is(err, apperr.NotFound):
		return err
	}
	prev, err := st.latestBadge(ctx, p.ID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	c, err := st.takeCounters(ctx, p.EventID, err != nil)
	if err != nil {
		return err
	}
	number, version := c.Badge, 1
	if prev.ID != "" {
		number, version = prev.Number, prev.Version+1
	}
	_, err = s.issue(ctx, st, holderOf(p), c, number, version, ActionIssued, "")
	return err
}

// holder is whose badge a version is: the participant and their groups.
type holder struct {
	EventID, ParticipantID, DelegationID string
	CategoryID                           *string
}

func holderOf(p registration.Participant) holder {
	return holder{EventID: p.EventID, ParticipantID: p.ID, DelegationID: p.DelegationID, CategoryID: p.CategoryID}
}

// issue inserts a new active badge version signed with the event's active key.
func (s *Service) issue(ctx context.Context, st *Store, h holder, c counters,
	number, version int, action, reason string) (Badge, error) {
	key, err := s.Keys.signer(ctx, st, h.EventID, c.EventNumber)
	if err != nil {
		return Badge{}, err
	}
	if version > 0xFFFF {
		return Badge{}, apperr.Conflictf("the badge has reached its last version")
	}
	now := clock.Of(st.db)()
	b := Badge{ID: httpx.NewID(), EventID: h.EventID, ParticipantID: h.ParticipantID, DelegationID: h.DelegationID,
		CategoryID: h.CategoryID, Number: number,
		Version: version, Status: Active, KeyID: int(key.KeyID()), Reason: reason,
		Code: key.Sign(uint32(number), uint16(version)), ChangeSeq: c.Seq, CreatedAt: now, UpdatedAt: now}
	if err := st.insertBadge(ctx, &b); err != nil {
		return Badge{}, err
	}
	return b, history(ctx, st, b.ID, action, reason)
}

// BackToReview is the registration hook run when an approved participant
// returns to review: their active badge is suspended (not valid at the
// door) until they are approved again. A participant without an active
// badge is left alone. It returns NotFound for an unknown event.
func (s *Service) BackToReview(ctx context.Context, tx *gorm.DB, p registration.Participant) error {
	return s.setCurrent(ctx, s.store.In(tx), p, Active, Suspended, ActionSuspended, "back to review")
}

// Removed is the registration hook run when a participant is rejected or
// withdrawn: their current badge is revoked in the same transaction. It
// returns NotFound for an unknown event.
func (s *Service) Removed(ctx context.Context, tx *gorm.DB, p registration.Participant) error {
	reason := p.RejectionReason
	if reason == "" {
		reason = "participant " + p.Status
	}
	return s.setCurrent(ctx, s.store.In(tx), p, "", Revoked, ActionRevoked, reason)
}

// setCurrent moves the participant's current badge (if its status is from,
// or any current one when from is empty) to status to.
func (s *Service) setCurrent(ctx context.Context, st *Store, p registration.Participant, from, to, action, reason string) error {
	cur, err := st.currentBadge(ctx, p.ID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && from != "" && cur.Status != from) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := st.takeCounters(ctx, p.EventID, false)
	if err != nil {
		return err
	}
	if err := st.updateBadge(ctx, cur.ID, map[string]any{"status": to, "reason": reason, "change_seq": c.Seq}); err != nil {
		return err
	}
	return history(ctx, st, cur.ID, action, reason)
}

// Hooks returns the hooks to append to the registration service's.
func (s *Service) Hooks() registration.Hooks {
	return registration.Hooks{Approved: []registration.Hook{s.Approved},
		BackToReview: []registration.Hook{s.BackToReview}, Removed: []registration.Hook{s.Removed}}
}

// Badge returns a badge with its history. It returns NotFound.
func (s *Service) Badge(ctx context.Context, id string) (Detail, error) {
	b, err := s.store.findBadge(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, s.store, b)
}

func (s *Service) detail(ctx context.Context, st *Store, b Badge) (Detail, error) {
	h, err := st.findHistory(ctx, b.ID)
	return Detail{Badge: b, History: h}, err
}

// ForParticipant returns the participant's current badge, or if none is
// current, their latest version, with its history. It returns NotFound when
// the participant has never had a badge.
func (s *Service) ForParticipant(ctx context.Context, participantID string) (Detail, error) {
	b, err := s.store.currentBadge(ctx, participantID)
	if apperr.Is(err, apperr.NotFound) {
		b, err = s.store.latestBadge(ctx, participantID)
	}
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, s.store, b)
}

// change runs fn on the badge id inside a transaction that holds the event's
// badge lock and has taken a change sequence, then records the audit entry.
func (s *Service) change(ctx context.Context, id, action string, fn func(st *Store, b Badge, c counters) (Badge, error)) (Detail, error) {
	var out Detail
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		b, err := st.findBadge(ctx, id)
		if err != nil {
			return err
		}
		c, err := st.takeCounters(ctx, b.EventID, false)
		if err != nil {
			return err
		}
		// Read again under the lock: another change may have committed.
		if b, err = st.findBadge(ctx, id); err != nil {
			return err
		}
		after, err := fn(st, b, c)
		if err != nil {
			return err
		}
		if after, err = st.findBadge(ctx, after.ID); err != nil {
			return err
		}
		if out, err = s.detail(ctx, st, after); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: action, Entity: "badge", EntityID: after.ID,
			EventID: b.EventID, Before: b, After: after})
	})
	return out, err
}

// Reprint makes the next version of a current badge, active and signed with
// the event's active key, and marks the badge superseded. It returns the
// new version, Invalid for a reason that CheckReason refuses, NotFound, and
// Conflict (with the status) when the badge is revoked, superseded (not the
// current version) or suspended.
func (s *Service) Reprint(ctx context.Context, id, reason string) (Detail, error) {
	reason, err := CheckReason(reason)
	if err != nil {
		return Detail{}, err
	}
	return s.change(ctx, id, "reprint", func(st *Store, b Badge, c counters) (Badge, error) {
		if b.Status != Active {
			return b, apperr.Conflictf("only the active version of a badge can be reprinted; this one is %s", b.Status).
				With("current_status", b.Status)
		}
		if err := st.updateBadge(ctx, b.ID, map[string]any{"status": Superseded, "reason": reason, "change_seq": c.Seq}); err != nil {
			return b, err
		}
		if err := history(ctx, st, b.ID, ActionSuperseded, reason); err != nil {
			return b, err
		}
		return s.issue(ctx, st, holder{EventID: b.EventID, ParticipantID: b.ParticipantID, DelegationID: b.DelegationID,
			CategoryID: b.CategoryID}, c, b.Number, b.Version+1, ActionReprinted, reason)
	})
}

// Revoke revokes a current (active or suspended) badge: it is no longer
// valid anywhere. It returns Invalid for a reason that CheckReason refuses,
// NotFound, and Conflict (with the status) for a badge already revoked or
// superseded.
func (s *Service) Revoke(ctx context.Context, id, reason string) (Detail, error) {
	reason, err := CheckReason(reason)
	if err != nil {
		return Detail{}, err
	}
	return s.change(ctx, id, "revoke", func(st *Store, b Badge, c counters) (Badge, error) {
		if b.Status != Active && b.Status != Suspended {
			return b, apperr.Conflictf("the badge is already %s", b.Status).With("current_status", b.Status)
		}
		if err := st.updateBadge(ctx, b.ID, map[string]any{"status": Revoked, "reason": reason, "change_seq": c.Seq}); err != nil {
			return b, err
		}
		return b, history(ctx, st, b.ID, ActionRevoked, reason)
	})
}

// Collected records that the holder collected the active badge at the desk
// (identity checked). Collecting it again changes nothing. It returns
// NotFound, and Conflict (with the status) for a badge that is not active.
func (s *Service) Collected(ctx context.Context, id string) (Detail, error) {
	return s.change(ctx, id, "collect", func(st *Store, b Badge, c counters) (Badge, error) {
		if b.Status != Active {
			return b, apperr.Conflictf("only an active badge can be handed over; this one is %s", b.Status).
				With("current_status", b.Status)
		}
		if b.CollectedAt != nil {
			return b, nil
		}
		now := clock.Of(st.db)()
		if err := st.updateBadge(ctx, b.ID, map[string]any{"collected_at": now, "change_seq": c.Seq}); err != nil {
			return b, err
		}
		return b, history(ctx, st, b.ID, ActionCollected, "")
	})
}
