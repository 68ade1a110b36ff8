package auth

import (
	"context"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/database"
)

// keepAnAdmin refuses a change of an account that would leave no active
// admin: taking the admin role from the last active admin, or disabling
// them. It locks every active admin's row first (on PostgreSQL), so that two
// admins demoting or disabling each other at once cannot both succeed: the
// second waits for the first and then counts without it.
// Errors: Conflict, Internal.
func (s *Store) keepAnAdmin(ctx context.Context, tx *gorm.DB, before, after User) error {
	wasAdmin := before.Role == actor.Admin && before.DisabledAt == nil
	isAdmin := after.Role == actor.Admin && after.DisabledAt == nil
	if !wasAdmin || isAdmin {
		return nil
	}
	var ids []string
	err := database.ForUpdate(tx.WithContext(ctx).Model(&User{})).
		Where("role = ? AND disabled_at IS NULL", actor.Admin).Order("id").Pluck("id", &ids).Error
	if err != nil {
		return apperr.Wrap(err, "lock the admins")
	}
	for _, id := range ids {
		if id != before.ID {
			return nil
		}
	}
	return apperr.Conflictf("this is the last active admin account: make another account admin first")
}
