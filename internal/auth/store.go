package auth

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/database"
)

// Store is the auth package's storage: every query of the package is one of
// its methods. The service opens transactions and hands them to In.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store working inside tx.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.NotFoundf("no such %s", what)
	}
	return apperr.Wrap(err, "read "+what)
}

// FindUserByID returns an account or a NotFound error.
func (s *Store) FindUserByID(ctx context.Context, id string) (User, error) {
	var u User
	if err := s.db.WithContext(ctx).First(&u, "id = ?", id).Error; err != nil {
		return User{}, notFound(err, "user")
	}
	return u, nil
}

// FindUserByEmail returns an account or a NotFound error.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (User, error) {
	var u User
	if err := s.db.WithContext(ctx).First(&u, "email = ?", email).Error; err != nil {
		return User{}, notFound(err, "user")
	}
	return u, nil
}

// FindUsers lists accounts by e-mail.
func (s *Store) FindUsers(ctx context.Context, limit, offset int) ([]User, int64, error) {
	var out []User
	var total int64
	q := s.db.WithContext(ctx).Model(&User{})
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count users")
	}
	if err := q.Order("email").Limit(limit).Offset(offset).Find(&out).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "list users")
	}
	return out, total, nil
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&User{}).Count(&n).Error
	return n, err
}

// CreateUser inserts u; a taken e-mail is a Conflict.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return apperr.Conflictf("an account with this e-mail already exists")
		}
		return apperr.Wrap(err, "create user")
	}
	return nil
}

// SaveUser writes every field of u; a taken e-mail is a Conflict.
func (s *Store) SaveUser(ctx context.Context, u *User) error {
	if err := s.db.WithContext(ctx).Save(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return apperr.Conflictf("an account with this e-mail already exists")
		}
		return apperr.Wrap(err, "update user")
	}
	return nil
}

// lockActiveAdmins returns the ids of the active admins, their rows locked
// until the transaction ends (PostgreSQL; SQLite runs one writer at a time).
func (s *Store) lockActiveAdmins(ctx context.Context) ([]string, error) {
	var ids []string
	err := database.ForUpdate(s.db.WithContext(ctx).Model(&User{})).
		Where("role = ? AND disabled_at IS NULL", actor.Admin).Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, apperr.Wrap(err, "lock the admins")
	}
	return ids, nil
}

// CreateToken stores a token's hash.
func (s *Store) CreateToken(ctx context.Context, t *Token) error {
	if err := s.db.WithContext(ctx).Create(t).Error; err != nil {
		return apperr.Wrap(err, "create token")
	}
	return nil
}

// TokenOwner is a live token with its device or account, read together.
type TokenOwner struct {
	Token
	Device *Device `gorm:"-"`
	User   *User   `gorm:"-"`
}

// FindLiveTokenOwner returns the unexpired, unrevoked token with hash with
// its device or account, in one query, or NotFound.
func (s *Store) FindLiveTokenOwner(ctx context.Context, hash string, now time.Time) (TokenOwner, error) {
	var rows []struct {
		Token
		DName      *string
		DLanguage  *string
		DRevokedAt *time.Time
		UEmail     *string
		URole      *string
		UDisabled  *time.Time
	}
	err := s.db.WithContext(ctx).Raw(`SELECT t.id, t.kind, t.hash, t.user_id, t.device_id, t.created_at, t.expires_at,
		t.revoked_at, d.name AS d_name, d.language AS d_language, d.revoked_at AS d_revoked_at,
		u.email AS u_email, u.role AS u_role, u.disabled_at AS u_disabled
		FROM tokens t LEFT JOIN devices d ON d.id = t.device_id LEFT JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`, hash, now).Find(&rows).Error
	if err != nil {
		return TokenOwner{}, apperr.Wrap(err, "read token")
	}
	if len(rows) == 0 {
		return TokenOwner{}, apperr.NotFoundf("no such token")
	}
	r := rows[0]
	o := TokenOwner{Token: r.Token}
	if r.DeviceID != nil && r.DName != nil {
		o.Device = &Device{ID: *r.DeviceID, Name: *r.DName, RevokedAt: r.DRevokedAt}
		if r.DLanguage != nil {
			o.Device.Language = *r.DLanguage
		}
	}
	if r.UserID != nil && r.UEmail != nil && r.URole != nil {
		o.User = &User{ID: *r.UserID, Email: *r.UEmail, Role: actor.Role(*r.URole), DisabledAt: r.UDisabled}
	}
	return o, nil
}

// RevokeTokens revokes every live token matching the column value.
func (s *Store) RevokeTokens(ctx context.Context, column, value string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Token{}).Where(column+" = ? AND revoked_at IS NULL", value).
		Update("revoked_at", now).Error
	if err != nil {
		return apperr.Wrap(err, "revoke tokens")
	}
	return nil
}

// FindDeviceByID returns a device or NotFound.
func (s *Store) FindDeviceByID(ctx context.Context, id string) (Device, error) {
	var d Device
	if err := s.db.WithContext(ctx).First(&d, "id = ?", id).Error; err != nil {
		return Device{}, notFound(err, "device")
	}
	return d, nil
}

// FindDevices lists devices, newest first.
func (s *Store) FindDevices(ctx context.Context, limit, offset int) ([]Device, int64, error) {
	var out []Device
	var total int64
	q := s.db.WithContext(ctx).Model(&Device{})
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "count devices")
	}
	if err := q.Order("created_at DESC, id").Limit(limit).Offset(offset).Find(&out).Error; err != nil {
		return nil, 0, apperr.Wrap(err, "list devices")
	}
	return out, total, nil
}

// CreateDevice inserts d.
func (s *Store) CreateDevice(ctx context.Context, d *Device) error {
	if err := s.db.WithContext(ctx).Create(d).Error; err != nil {
		return apperr.Wrap(err, "create device")
	}
	return nil
}

// SaveDevice writes every field of d.
func (s *Store) SaveDevice(ctx context.Context, d *Device) error {
	if err := s.db.WithContext(ctx).Save(d).Error; err != nil {
		return apperr.Wrap(err, "update device")
	}
	return nil
}
