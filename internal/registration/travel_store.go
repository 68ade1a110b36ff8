package registration

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"accreditation/internal/apperr"
)

// FindTravelSettings returns what the event asks; an event never set asks
// nothing. Errors: Internal.
func (s *Store) FindTravelSettings(ctx context.Context, eventID string) (TravelSettings, error) {
	var t TravelSettings
	err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return TravelSettings{EventID: eventID}, nil
	}
	if err != nil {
		return t, apperr.Wrap(err, "read travel settings")
	}
	return t, nil
}

// SaveTravelSettings writes t, replacing the event's settings. Errors: Internal.
func (s *Store) SaveTravelSettings(ctx context.Context, t *TravelSettings) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "event_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"fields", "updated_at"})}).Create(t).Error
	if err != nil {
		return apperr.Wrap(err, "save travel settings")
	}
	return nil
}

// FindTravel returns a participant's travel, with p's accessibility and
// dietary needs; one never entered is empty. Errors: Internal.
func (s *Store) FindTravel(ctx context.Context, p Participant) (Travel, error) {
	var t Travel
	err := s.db.WithContext(ctx).Where("participant_id = ?", p.ID).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		t, err = Travel{ParticipantID: p.ID, EventID: p.EventID}, nil
	}
	if err != nil {
		return t, apperr.Wrap(err, "read travel")
	}
	t.Accessibility, t.Dietary = p.Accessibility, p.Dietary
	return t, nil
}

// FindTravelOfInvitation returns the travel of every participant of an
// invitation by participant id, with their accessibility and dietary needs.
// Errors: Internal.
func (s *Store) FindTravelOfInvitation(ctx context.Context, invitationID string) (map[string]Travel, error) {
	var ps []Participant
	err := s.db.WithContext(ctx).Select("id", "event_id", "accessibility", "dietary").
		Where("invitation_id = ?", invitationID).Find(&ps).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read participants' needs")
	}
	var ts []Travel
	err = s.db.WithContext(ctx).Where("participant_id IN (SELECT id FROM participants WHERE invitation_id = ?)", invitationID).
		Find(&ts).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read travel")
	}
	out := make(map[string]Travel, len(ps))
	for _, p := range ps {
		out[p.ID] = Travel{ParticipantID: p.ID, EventID: p.EventID}
	}
	for _, t := range ts {
		out[t.ParticipantID] = t
	}
	for _, p := range ps {
		t := out[p.ID]
		t.Accessibility, t.Dietary = p.Accessibility, p.Dietary
		out[p.ID] = t
	}
	return out, nil
}

// SaveTravel writes every column of t. Errors: Internal.
func (s *Store) SaveTravel(ctx context.Context, t *Travel) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(t).Error
	if err != nil {
		return apperr.Wrap(err, "save travel")
	}
	return nil
}

// Arrival is one active participant's arrival, as the protocol service reads it.
type Arrival struct {
	ParticipantID  string    `json:"participant_id"`
	Honorific      string    `json:"honorific"`
	GivenNames     string    `json:"given_names"`
	FamilyName     string    `json:"family_name"`
	Role           string    `json:"role"`
	Status         string    `json:"status"`
	DelegationID   string    `json:"delegation_id"`
	DelegationName string    `json:"delegation_name"`
	ArrivalAt      time.Time `json:"arrival_at"`
	LocalTime      string    `json:"local_time" gorm:"-"`
	ArrivalFlight  string    `json:"arrival_flight"`
	ArrivalAirport string    `json:"arrival_airport"`
	Hotel          string    `json:"hotel"`
	VisaNeeded     *bool     `json:"visa_needed"`
	Accessibility  string    `json:"accessibility"`
	Dietary        string    `json:"dietary"`
}

// Visa is "yes" or "no" when the participant said whether a visa is
// needed, "" when not.
func (a Arrival) Visa() string { return visaWord(a.VisaNeeded) }

func visaWord(needed *bool) string {
	switch {
	case needed == nil:
		return ""
	case *needed:
		return "yes"
	}
	return "no"
}

// FindArrivals returns the event's active participants with an arrival, in
// order of arrival. Errors: Internal.
func (s *Store) FindArrivals(ctx context.Context, eventID string) ([]Arrival, error) {
	var out []Arrival
	err := s.db.WithContext(ctx).Raw(`SELECT p.id AS participant_id, p.honorific, p.given_names, p.family_name, p.role,
		p.status, p.delegation_id, d.name_en AS delegation_name, t.arrival_at, t.arrival_flight, t.arrival_airport,
		t.hotel, t.visa_needed, p.accessibility, p.dietary
		FROM participant_travel t JOIN participants p ON p.id = t.participant_id
		JOIN delegations d ON d.id = p.delegation_id
		WHERE t.event_id = ? AND t.arrival_at IS NOT NULL AND p.status IN (?, ?)
		ORDER BY t.arrival_at, d.name_en, p.family_name, p.id`, eventID, Nominated, Approved).Scan(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read arrivals")
	}
	return out, nil
}
