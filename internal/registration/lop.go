package registration

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/names"
)

// MaxCorrection is the longest correction a focal point may send, in characters.
const MaxCorrection = 2000

// ListEdition records that an event's List of Participants was issued in
// its final edition; an event without one has only provisional editions.
type ListEdition struct {
	EventID       string    `json:"event_id" gorm:"primaryKey"`
	FinalIssuedAt time.Time `json:"final_issued_at"`
	FinalIssuedBy string    `json:"final_issued_by"`
}

// TableName is the editions' table.
func (ListEdition) TableName() string { return "participant_list_editions" }

// ListCorrection is a correction of its delegation's entries in the List
// of Participants that a focal point sent from the RSVP page.
type ListCorrection struct {
	ID           string    `json:"id" gorm:"primaryKey"`
	EventID      string    `json:"event_id"`
	DelegationID string    `json:"delegation_id"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"created_at"`
}

// TableName is the corrections' table.
func (ListCorrection) TableName() string { return "participant_list_corrections" }

// FinalListIssued returns when the event's final List of Participants was
// issued, or nil while only provisional editions exist. Errors: Internal.
func (s *Service) FinalListIssued(ctx context.Context, eventID string) (*time.Time, error) {
	e, ok, err := s.store.findListEdition(ctx, eventID)
	if err != nil || !ok {
		return nil, err
	}
	return &e.FinalIssuedAt, nil
}

// IssueFinalList records that the event's final List of Participants is
// issued now, which closes corrections; issuing it again changes nothing.
// Errors: Internal.
func (s *Service) IssueFinalList(ctx context.Context, eventID string) (ListEdition, error) {
	var out ListEdition
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := NewStore(tx)
		e, ok, err := st.findListEdition(ctx, eventID)
		if err != nil || ok {
			out = e
			return err
		}
		out = ListEdition{EventID: eventID, FinalIssuedAt: s.Now().UTC().Truncate(time.Microsecond),
			FinalIssuedBy: actor.From(ctx).Name}
		if created, err := st.createListEdition(ctx, &out); err != nil || !created {
			if err == nil {
				out, _, err = st.findListEdition(ctx, eventID)
			}
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "issue_final", Entity: "participant_list",
			EntityID: eventID, EventID: eventID, After: out})
	})
	return out, err
}

// SendListCorrection stores a focal point's correction of its delegation's
// entries. Errors: Invalid (empty, too long or with forbidden characters),
// Conflict typed "final-issued" once the final edition is issued, Internal.
func (s *Service) SendListCorrection(ctx context.Context, l Link, body string) (ListCorrection, error) {
	var v apperr.Validator
	if names.LinesField(&v, "body", &body, MaxCorrection) && strings.TrimSpace(body) == "" {
		v.Add("body", "write the correction")
	}
	if err := v.Err(); err != nil {
		return ListCorrection{}, err
	}
	c := ListCorrection{ID: uuid.NewString(), EventID: l.Invitation.EventID, DelegationID: l.Delegation.ID, Body: body,
		CreatedAt: s.Now().UTC().Truncate(time.Microsecond)}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := NewStore(tx)
		if _, issued, err := st.findListEdition(ctx, c.EventID); err != nil || issued {
			if err == nil {
				err = apperr.Conflictf("the final List of Participants is issued: corrections are closed").Typed("final-issued")
			}
			return err
		}
		if err := st.createListCorrection(ctx, &c); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "participant_list_correction",
			EntityID: c.ID, EventID: c.EventID, After: c})
	})
	return c, err
}

// ListCorrections returns the corrections sent for an event, oldest first;
// delegationID, when not empty, keeps one delegation's. Errors: Internal.
func (s *Service) ListCorrections(ctx context.Context, eventID, delegationID string) ([]ListCorrection, error) {
	return s.store.findListCorrections(ctx, eventID, delegationID)
}
