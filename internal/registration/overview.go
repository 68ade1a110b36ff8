package registration

import (
	"context"

	"accreditation/internal/event"
	"accreditation/internal/invitations"
)

// DelegationTally is one delegation's line of the RSVP summary.
type DelegationTally struct {
	DelegationID string      `json:"delegation_id"`
	Name         event.Texts `json:"name"`
	Tally
}

// Summary is an event's RSVP summary: one line per delegation and the total.
type Summary struct {
	EventID     string            `json:"event_id"`
	Overall     Tally             `json:"overall"`
	Delegations []DelegationTally `json:"delegations"`
}

// Summary counts, per delegation and overall, invitations invited, answered,
// accepted and declined, and participants nominated, approved and rejected.
// Errors: NotFound for an unknown event, Internal.
func (s *Service) Summary(ctx context.Context, eventID string) (Summary, error) {
	if _, err := s.events.FindEventByID(ctx, eventID); err != nil {
		return Summary{}, err
	}
	ds, _, err := s.invs().FindDelegations(ctx, invitations.DelegationFilter{EventID: eventID})
	if err != nil {
		return Summary{}, err
	}
	tallies, err := s.store.Tallies(ctx, eventID)
	if err != nil {
		return Summary{}, err
	}
	out := Summary{EventID: eventID, Delegations: []DelegationTally{}}
	for _, d := range ds {
		t := tallies[d.ID]
		out.Overall.add(t)
		out.Delegations = append(out.Delegations, DelegationTally{DelegationID: d.ID, Name: d.Names, Tally: t})
	}
	return out, nil
}

// DelegationRSVP is a delegation's answers and members.
type DelegationRSVP struct {
	Delegation   delegationView    `json:"delegation"`
	Invitations  []invitationView  `json:"invitations"`
	Participants []ParticipantView `json:"participants"`
}

// DelegationRSVP returns a delegation's answers and members with their
// statuses. Errors: NotFound, Internal.
func (s *Service) DelegationRSVP(ctx context.Context, delegationID string) (DelegationRSVP, error) {
	d, err := s.invs().FindDelegationByID(ctx, delegationID)
	if err != nil {
		return DelegationRSVP{}, err
	}
	invs, _, err := s.invs().FindInvitations(ctx, invitations.InvitationFilter{EventID: d.EventID, DelegationID: d.ID})
	if err != nil {
		return DelegationRSVP{}, err
	}
	out := DelegationRSVP{Delegation: delegationView{ID: d.ID, Kind: d.Kind, Country: d.Country, Names: d.Names},
		Invitations: []invitationView{}, Participants: []ParticipantView{}}
	for _, inv := range invs {
		ps, err := s.store.FindParticipantsOfInvitation(ctx, inv.ID)
		if err != nil {
			return DelegationRSVP{}, err
		}
		out.Invitations = append(out.Invitations, viewInvitation(inv, countActive(ps), s.Now()))
		out.Participants = append(out.Participants, viewParticipants(ps)...)
	}
	return out, nil
}
