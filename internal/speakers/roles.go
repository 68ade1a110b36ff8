package speakers

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
	"accreditation/internal/names"
)

// RoleInput gives someone a role in a session: a participant of the event
// or a named guest; an expert presents one of the session's subtopics.
type RoleInput struct {
	Role             string  `json:"role"`
	Subtopic         string  `json:"subtopic"`
	ParticipantID    *string `json:"participant_id"`
	GuestHonorific   string  `json:"guest_honorific"`
	GuestName        string  `json:"guest_name"`
	GuestNativeName  string  `json:"guest_native_name"`
	GuestAffiliation string  `json:"guest_affiliation"`
	Position         int     `json:"position"`
}

// Roles lists who has a role in a session, names in lang. Errors: NotFound, Internal.
func (s *Service) Roles(ctx context.Context, sessionID, lang string) ([]Role, error) {
	if _, err := s.plenary(ctx, s.store, sessionID); err != nil {
		return nil, err
	}
	roles, err := s.store.FindRoles(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range roles {
		if r.ParticipantID != nil {
			ids = append(ids, *r.ParticipantID)
		}
	}
	people, err := s.store.People(ctx, ids, lang)
	if err != nil {
		return nil, err
	}
	for i, r := range roles {
		if r.ParticipantID != nil {
			roles[i].Person = people[*r.ParticipantID]
		} else {
			roles[i].Person = Person{Honorific: r.GuestHonorific, Name: r.GuestName, NativeName: r.GuestNativeName, Delegation: r.GuestAffiliation}
		}
	}
	return roles, nil
}

// AddRole gives a participant of the session's event or a named guest a
// role in it. Errors: Invalid (unknown role, an expert without one of the
// session's subtopics, a participant of another event, neither or both a
// participant and a guest), NotFound (session), Internal.
func (s *Service) AddRole(ctx context.Context, sessionID string, in RoleInput) (Role, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return Role{}, err
	}
	var v apperr.Validator
	v.Check(contains(RoleKinds, in.Role), "role", "must be one of %s", strings.Join(RoleKinds, ", "))
	if in.Role == Expert {
		v.Check(contains([]string(ss.Subtopics), in.Subtopic), "subtopic", "must be one of the session's subtopics")
	} else {
		v.Check(in.Subtopic == "", "subtopic", "only an expert presents a subtopic")
	}
	for _, f := range []struct {
		name string
		val  *string
	}{{"guest_honorific", &in.GuestHonorific}, {"guest_name", &in.GuestName}, {"guest_native_name", &in.GuestNativeName}, {"guest_affiliation", &in.GuestAffiliation}} {
		if names.Field(&v, f.name, f.val, 0) {
			v.Check(len(*f.val) <= 300, f.name, "must be at most 300 bytes")
		}
	}
	guest := in.GuestName != ""
	v.Check(guest != (in.ParticipantID != nil), "participant_id", "give either a participant or a guest's name")
	if in.ParticipantID != nil {
		p, err := s.store.FindParticipant(ctx, *in.ParticipantID)
		v.Check(httpx.IsUUID(*in.ParticipantID) && err == nil && p.EventID == ss.EventID, "participant_id", "must be a participant of the session's event")
	}
	v.Check(in.Position >= 0 && in.Position <= 1000, "position", "must be from 0 to 1000")
	if err := v.Err(); err != nil {
		return Role{}, err
	}
	now := s.now()
	r := Role{ID: httpx.NewID(), SessionID: ss.ID, EventID: ss.EventID, Role: in.Role, Subtopic: in.Subtopic,
		ParticipantID: in.ParticipantID, GuestHonorific: in.GuestHonorific, GuestName: in.GuestName,
		GuestNativeName: in.GuestNativeName, GuestAffiliation: in.GuestAffiliation, Position: in.Position,
		CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).CreateRole(ctx, &r); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "session_role", EntityID: r.ID, EventID: r.EventID, After: r})
	})
	return r, err
}

// RemoveRole takes a role away. Errors: NotFound, Internal.
func (s *Service) RemoveRole(ctx context.Context, sessionID, roleID string) error {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return err
	}
	if !httpx.IsUUID(roleID) {
		return apperr.NotFoundf("no such session role")
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).DeleteRole(ctx, ss.ID, roleID); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "delete", Entity: "session_role", EntityID: roleID, EventID: ss.EventID})
	})
}
