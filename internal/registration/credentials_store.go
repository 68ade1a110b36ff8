package registration

import (
	"context"

	"accreditation/internal/apperr"
	"accreditation/internal/database"
)

// credentialsMeta are the columns of a credentials letter without its bytes.
const credentialsMeta = "id, invitation_id, delegation_id, file_name, content_type, size, sha256, status, " +
	"status_at, status_by, status_by_name, created_at"

// CreateCredentials stores an uploaded credentials letter. Errors: Internal.
func (s *Store) CreateCredentials(ctx context.Context, l *CredentialsLetter) error {
	if err := s.db.WithContext(ctx).Create(l).Error; err != nil {
		return apperr.Wrap(err, "store credentials letter")
	}
	return nil
}

// LatestCredentials returns the newest credentials letter's metadata of an
// invitation, or nil. Errors: Internal.
func (s *Store) LatestCredentials(ctx context.Context, invitationID string) (*CredentialsLetter, error) {
	var out []CredentialsLetter
	err := s.db.WithContext(ctx).Select(credentialsMeta).
		Where("invitation_id = ?", invitationID).Order("created_at DESC, id DESC").Limit(1).Find(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read credentials letter")
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// LatestCredentialsOf returns a delegation's newest credentials letter,
// with its bytes when data is set. Errors:
// NotFound when it has none, Internal.
func (s *Store) LatestCredentialsOf(ctx context.Context, delegationID string, data bool) (CredentialsLetter, error) {
	q := s.db.WithContext(ctx)
	if !data {
		q = q.Select(credentialsMeta)
	}
	var out []CredentialsLetter
	err := q.Where("delegation_id = ?", delegationID).Order("created_at DESC, id DESC").Limit(1).Find(&out).Error
	if err != nil {
		return CredentialsLetter{}, apperr.Wrap(err, "read credentials letter")
	}
	if len(out) == 0 {
		return CredentialsLetter{}, apperr.NotFoundf("this delegation has sent no credentials letter")
	}
	return out[0], nil
}

// FindCredentialsOf lists a delegation's credentials letters, newest first,
// without their bytes. Errors: Internal.
func (s *Store) FindCredentialsOf(ctx context.Context, delegationID string) ([]CredentialsLetter, error) {
	var out []CredentialsLetter
	err := s.db.WithContext(ctx).Select(credentialsMeta).Where("delegation_id = ?", delegationID).
		Order("created_at DESC, id DESC").Find(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read credentials letters")
	}
	return out, nil
}

// LatestCredentialsOfEvent returns the newest credentials letter of each
// delegation of an event that has one, by delegation id, without bytes.
// Errors: Internal.
func (s *Store) LatestCredentialsOfEvent(ctx context.Context, eventID string) (map[string]CredentialsLetter, error) {
	var rows []CredentialsLetter
	err := s.db.WithContext(ctx).Select(credentialsMeta).
		Where("delegation_id IN (SELECT id FROM delegations WHERE event_id = ?)", eventID).
		Order("delegation_id, created_at DESC, id DESC").Find(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "read credentials letters")
	}
	out := make(map[string]CredentialsLetter, len(rows))
	for _, r := range rows {
		if _, seen := out[r.DelegationID]; !seen {
			out[r.DelegationID] = r
		}
	}
	return out, nil
}

// LockCredentials reads a credentials letter's metadata with its row
// lock. Errors: NotFound, Internal.
func (s *Store) LockCredentials(ctx context.Context, id string) (CredentialsLetter, error) {
	var l CredentialsLetter
	err := database.ForUpdate(s.db.WithContext(ctx)).Select(credentialsMeta).Where("id = ?", id).Take(&l).Error
	if err != nil {
		return l, notFound(err, "credentials letter")
	}
	return l, nil
}

// SaveCredentialsStatus writes a letter's status and who set it when.
// Errors: Internal.
func (s *Store) SaveCredentialsStatus(ctx context.Context, l CredentialsLetter) error {
	err := s.db.WithContext(ctx).Model(&CredentialsLetter{}).Where("id = ?", l.ID).
		UpdateColumns(map[string]any{"status": l.Status, "status_at": l.StatusAt, "status_by": l.StatusBy,
			"status_by_name": l.StatusByName}).Error
	if err != nil {
		return apperr.Wrap(err, "save credentials status")
	}
	return nil
}
