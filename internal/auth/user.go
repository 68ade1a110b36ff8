package auth

import (
	"net/mail"
	"strings"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// User is a staff account.
type User struct {
	ID           string     `json:"id" gorm:"primaryKey"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Role         actor.Role `json:"role"`
	PasswordHash string     `json:"-"`
	DisabledAt   *time.Time `json:"disabled_at"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Device is a scanner device at the doors; it signs in with its own token.
type Device struct {
	ID        string     `json:"id" gorm:"primaryKey"`
	Name      string     `json:"name"`
	Language  string     `json:"language"`
	CreatedBy *string    `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// Token is a bearer token's stored form: its hash, never the token itself.
type Token struct {
	ID        string `gorm:"primaryKey"`
	Kind      string
	Hash      string
	UserID    *string
	DeviceID  *string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// UserInput is what an admin sends to create or change an account; nil fields
// are left as they are on update.
type UserInput struct {
	Email    *string     `json:"email"`
	Name     *string     `json:"name"`
	Role     *actor.Role `json:"role"`
	Password *string     `json:"password"`
	Disabled *bool       `json:"disabled"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a plain address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

func (in UserInput) validate(creating bool) error {
	var v apperr.Validator
	if creating {
		v.Check(in.Email != nil, "email", "is required")
		v.Check(in.Role != nil, "role", "is required")
		v.Check(in.Password != nil, "password", "is required")
	}
	if in.Email != nil {
		v.Check(ValidEmail(NormalizeEmail(*in.Email)), "email", "must be an e-mail address")
	}
	if in.Role != nil {
		v.Check(in.Role.Valid(), "role", "must be admin, secretariat or door")
	}
	if in.Password != nil {
		v.Check(len([]rune(*in.Password)) >= MinPasswordLength, "password", "must have at least %d characters", MinPasswordLength)
		v.Check(len(*in.Password) <= 256, "password", "must have at most 256 bytes")
	}
	if in.Name != nil {
		names.Field(&v, "name", in.Name, 200)
	}
	return v.Err()
}
