package registration

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
)

var activeStatuses = []string{Nominated, Approved}

// createRegistration inserts r. Errors: Conflict (already-registered), Internal.
func (s *Store) createRegistration(ctx context.Context, r *SessionRegistration) error {
	err := s.db.WithContext(ctx).Create(r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("already registered for this session").Typed("already-registered")
	}
	return wrapErr(err, "save the registration")
}

// deleteRegistration removes one registration. Errors: NotFound, Internal.
func (s *Store) deleteRegistration(ctx context.Context, sessionID, participantID string) error {
	res := s.db.WithContext(ctx).Where("session_id = ? AND participant_id = ?", sessionID, participantID).
		Delete(&SessionRegistration{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "remove the registration")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("this member is not registered for this session")
	}
	return nil
}

// isRegistered reports whether a participant holds a registration for a session.
func (s *Store) isRegistered(ctx context.Context, sessionID, participantID string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&SessionRegistration{}).
		Where("session_id = ? AND participant_id = ?", sessionID, participantID).Count(&n).Error
	return n > 0, wrapErr(err, "read the registration")
}

// registeredOf maps each session to the participants of a delegation
// registered for it.
func (s *Store) registeredOf(ctx context.Context, delegationID string) (map[string][]string, error) {
	var rows []SessionRegistration
	if err := s.db.WithContext(ctx).Where("delegation_id = ?", delegationID).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "read the registrations")
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.SessionID] = append(out[r.SessionID], r.ParticipantID)
	}
	return out, nil
}

// countRegistered counts the places taken (by active members) in each
// session of an event.
func (s *Store) countRegistered(ctx context.Context, eventID string) (map[string]int64, error) {
	var rows []struct {
		SessionID string
		N         int64
	}
	err := s.db.WithContext(ctx).Raw(`SELECT r.session_id, COUNT(*) AS n FROM session_registrations r
		JOIN participants p ON p.id = r.participant_id
		WHERE r.event_id = ? AND p.status IN ? GROUP BY r.session_id`, eventID, activeStatuses).Scan(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "count the registrations")
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.SessionID] = r.N
	}
	return out, nil
}

// attendees lists the active members registered for a session, by
// delegation in protocol order, with their active badge's number (the
// badges' table, known here by name only).
func (s *Store) attendees(ctx context.Context, sessionID string) ([]Attendee, error) {
	rows := []Attendee{}
	err := s.db.WithContext(ctx).Raw(`SELECT p.id AS participant_id, p.honorific, p.given_names, p.family_name,
		p.native_name, p.role, p.status, p.category_id, p.delegation_id, d.name_en AS delegation,
		(SELECT MAX(b.number) FROM badges b WHERE b.participant_id = p.id AND b.status = 'active') AS badge_number,
		r.created_at AS registered_at
		FROM session_registrations r JOIN participants p ON p.id = r.participant_id
		JOIN delegations d ON d.id = p.delegation_id
		WHERE r.session_id = ? AND p.status IN ?
		ORDER BY d.protocol_order, d.name_en, r.created_at, p.id`, sessionID, activeStatuses).Scan(&rows).Error
	return rows, wrapErr(err, "read the registrations")
}

// wrapErr is err as an Internal error, or nil.
func wrapErr(err error, detail string) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(err, detail)
}

// TableName is the session registrations' table.
func (SessionRegistration) TableName() string { return "session_registrations" }
