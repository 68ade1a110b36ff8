package documents

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/checkin"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// Editions of the List of Participants.
const (
	Provisional = "provisional"
	Final       = "final"
)

// Formats of the List of Participants.
const (
	PDF  = "pdf"
	XLSX = "xlsx"
)

// Service produces the documents of an event.
type Service struct {
	events       *event.Store
	invitations  *invitations.Service
	registration *registration.Service
	checkin      *checkin.Service
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// NewService returns a Service reading db through the domain services given.
func NewService(db *gorm.DB, inv *invitations.Service, reg *registration.Service, ck *checkin.Service) *Service {
	return &Service{events: event.NewStore(db), invitations: inv, registration: reg, checkin: ck, Now: clock.Of(db)}
}

// ListRequest is what a List of Participants is asked in.
type ListRequest struct {
	Language string // one of the event's languages
	Edition  string // Provisional or Final
	Format   string // PDF or XLSX
}

// check validates r against the event's languages. Errors: Invalid, naming
// each wrong field.
func (r ListRequest) check(ev event.Event) error {
	var v apperr.Validator
	v.Check(slices.Contains(ev.Languages, r.Language), "language", "must be one of the event's languages: %s",
		strings.Join(ev.Languages, ", "))
	v.Check(r.Edition == Provisional || r.Edition == Final, "edition", "must be provisional or final")
	v.Check(r.Format == PDF || r.Format == XLSX, "format", "must be pdf or xlsx")
	return v.Err()
}

// event reads an event. Errors: NotFound, Internal.
func (s *Service) event(ctx context.Context, id string) (event.Event, error) {
	return s.events.FindEventByID(ctx, id)
}

func errFinalNotIssued() error {
	return apperr.Conflictf("the final List of Participants is not issued yet").Typed("final-not-issued")
}

// IssueFinal issues the event's final List of Participants now, which
// closes the delegations' corrections; issuing it again changes nothing.
// Errors: NotFound (event), Internal.
func (s *Service) IssueFinal(ctx context.Context, eventID string) (registration.ListEdition, error) {
	if _, err := s.event(ctx, eventID); err != nil {
		return registration.ListEdition{}, err
	}
	return s.registration.IssueFinalList(ctx, eventID)
}

// FinalIssued returns when the event's final list was issued, nil before.
// Errors: Internal.
func (s *Service) FinalIssued(ctx context.Context, eventID string) (*time.Time, error) {
	return s.registration.FinalListIssued(ctx, eventID)
}

// Corrections returns the corrections delegations sent for the event's
// list, oldest first. Errors: NotFound (event), Internal.
func (s *Service) Corrections(ctx context.Context, eventID string) ([]registration.ListCorrection, error) {
	if _, err := s.event(ctx, eventID); err != nil {
		return nil, err
	}
	return s.registration.ListCorrections(ctx, eventID, "")
}
