package auth

import (
	"context"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
)

// keepAnAdmin refuses a change of an account that would leave no active
// admin: taking the admin role from the last active admin, or disabling
// them. It locks every active admin's row first (on PostgreSQL), so that two
// admins demoting or disabling each other at once cannot both succeed: the
// second waits for the first and then counts without it. st is the store in
// the change's transaction. Errors: Conflict, Internal.
func keepAnAdmin(ctx context.Context, st *Store, before, after User) error {
	wasAdmin := before.Role == actor.Admin && before.DisabledAt == nil
	isAdmin := after.Role == actor.Admin && after.DisabledAt == nil
	if !wasAdmin || isAdmin {
		return nil
	}
	ids, err := st.lockActiveAdmins(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id != before.ID {
			return nil
		}
	}
	return apperr.Conflictf("this is the last active admin account: make another account admin first")
}
