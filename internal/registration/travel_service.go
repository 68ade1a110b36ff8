package registration

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
)

// TravelSettingsView is what an event asks of travel and logistics.
type TravelSettingsView struct {
	EventID string   `json:"event_id"`
	Fields  []string `json:"fields"`
}

func viewTravelSettings(t TravelSettings) TravelSettingsView {
	return TravelSettingsView{EventID: t.EventID, Fields: append([]string{}, t.Asked()...)}
}

// TravelSettingsOf returns what an event asks. Errors: NotFound, Internal.
func (s *Service) TravelSettingsOf(ctx context.Context, eventID string) (TravelSettingsView, error) {
	if _, err := s.events.FindEventByID(ctx, eventID); err != nil {
		return TravelSettingsView{}, err
	}
	t, err := s.store.FindTravelSettings(ctx, eventID)
	return viewTravelSettings(t), err
}

// SetTravelSettings sets which of TravelFields an event asks. Answers
// already entered for a field no longer asked are kept. Errors: Invalid
// (an unknown field), NotFound, Internal.
func (s *Service) SetTravelSettings(ctx context.Context, eventID string, fields []string) (TravelSettingsView, error) {
	var v apperr.Validator
	var kept []string
	for _, f := range TravelFields {
		if slices.Contains(fields, f) {
			kept = append(kept, f)
		}
	}
	for _, f := range fields {
		v.Check(slices.Contains(TravelFields, f), "fields", "must each be one of %s", strings.Join(TravelFields, ", "))
	}
	if err := v.Err(); err != nil {
		return TravelSettingsView{}, err
	}
	var out TravelSettings
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.events.In(tx).LockEvent(ctx, eventID); err != nil {
			return err
		}
		before, err := s.store.In(tx).FindTravelSettings(ctx, eventID)
		if err != nil {
			return err
		}
		out = TravelSettings{EventID: eventID, Fields: strings.Join(kept, ","), UpdatedAt: s.Now()}
		if err := s.store.In(tx).SaveTravelSettings(ctx, &out); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "travel_settings", EntityID: eventID,
			EventID: eventID, Before: viewTravelSettings(before), After: viewTravelSettings(out)})
	})
	return viewTravelSettings(out), err
}

// TravelOf returns a participant's travel. Errors: NotFound, Internal.
func (s *Service) TravelOf(ctx context.Context, participantID string) (Travel, error) {
	p, err := s.store.FindParticipantByID(ctx, participantID, false)
	if err != nil {
		return Travel{}, err
	}
	return s.store.FindTravel(ctx, p)
}

// LinkTravelOf returns the travel of a member of l's delegation. Errors:
// NotFound (another delegation's participant), Internal.
func (s *Service) LinkTravelOf(ctx context.Context, l Link, participantID string) (Travel, error) {
	p, err := s.store.FindParticipantByID(ctx, participantID, false)
	if err != nil || p.InvitationID != l.Invitation.ID {
		return Travel{}, apperr.NotFoundf("no such participant in this delegation")
	}
	return s.store.FindTravel(ctx, p)
}

// UpdateTravel changes the travel of a member of l's delegation, until the
// deadline. Errors: Invalid (a field the event does not ask, an arrival
// after the departure, a flight or airport not of their form), NotFound,
// Conflict (closed invitation, inactive member), Internal.
func (s *Service) UpdateTravel(ctx context.Context, l Link, id string, in TravelInput) (Travel, error) {
	var out Travel
	err := s.inOwnParticipant(ctx, l, id, func(tx *gorm.DB, p *Participant) error {
		var err error
		out, err = s.changeTravel(ctx, tx, *p, in)
		return err
	})
	return out, err
}

// UpdateTravelByStaff is UpdateTravel for the Secretariat: any participant,
// at any time. Errors: as UpdateTravel's, without Conflict.
func (s *Service) UpdateTravelByStaff(ctx context.Context, id string, in TravelInput) (Travel, error) {
	var out Travel
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := s.store.In(tx).FindParticipantByID(ctx, id, true)
		if err != nil {
			return err
		}
		out, err = s.changeTravel(ctx, tx, p, in)
		return err
	})
	return out, err
}

// changeTravel applies in to p's travel inside tx, p's row locked.
func (s *Service) changeTravel(ctx context.Context, tx *gorm.DB, p Participant, in TravelInput) (Travel, error) {
	ev, err := s.events.In(tx).FindEventByID(ctx, p.EventID)
	if err != nil {
		return Travel{}, err
	}
	set, err := s.store.In(tx).FindTravelSettings(ctx, p.EventID)
	if err != nil {
		return Travel{}, err
	}
	before, err := s.store.In(tx).FindTravel(ctx, p)
	if err != nil {
		return Travel{}, err
	}
	t := before
	if err := in.apply(&t, ev, set); err != nil {
		return Travel{}, err
	}
	t.EventID, t.UpdatedAt = p.EventID, s.Now()
	if err := s.store.In(tx).SaveTravel(ctx, &t); err != nil {
		return Travel{}, err
	}
	if t.Accessibility != p.Accessibility || t.Dietary != p.Dietary {
		// The needs are the participant's own: a change to them is not one
		// of identity, so an approved member stays approved.
		p.Accessibility, p.Dietary = t.Accessibility, t.Dietary
		if err := s.store.In(tx).SaveParticipant(ctx, &p); err != nil {
			return Travel{}, err
		}
	}
	return t, audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "travel", EntityID: p.ID,
		EventID: p.EventID, Before: before, After: t})
}

// ArrivalDay is one day's arrivals, in the event's timezone.
type ArrivalDay struct {
	Date     string    `json:"date"`
	Arrivals []Arrival `json:"arrivals"`
}

// ArrivalsByDay returns the event's arrivals grouped by day in the event's
// timezone, each with its local time. Errors: NotFound, Internal.
func (s *Service) ArrivalsByDay(ctx context.Context, eventID string) (event.Event, []ArrivalDay, error) {
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return ev, nil, err
	}
	as, err := s.store.FindArrivals(ctx, eventID)
	if err != nil {
		return ev, nil, err
	}
	days := []ArrivalDay{}
	loc := ev.Location()
	for _, a := range as {
		at := a.ArrivalAt.In(loc)
		a.ArrivalAt, a.LocalTime = a.ArrivalAt.UTC(), at.Format("15:04")
		if d := at.Format("2006-01-02"); len(days) == 0 || days[len(days)-1].Date != d {
			days = append(days, ArrivalDay{Date: d})
		}
		days[len(days)-1].Arrivals = append(days[len(days)-1].Arrivals, a)
	}
	return ev, days, nil
}
