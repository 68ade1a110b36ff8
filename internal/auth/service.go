package auth

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
	"accreditation/internal/names"
	"accreditation/internal/ratelimit"
)

// Login throttling: past SlowAfter failures in LoginWindow every attempt waits
// LoginDelay; past RefuseAfter it is refused with 429 until the window ends.
const (
	LoginWindow = 15 * time.Minute
	SlowAfter   = 3
	RefuseAfter = 10
	LoginDelay  = time.Second
	SessionTTL  = 12 * time.Hour
)

// Service holds the rules of accounts, sessions and devices.
type Service struct {
	db    *gorm.DB
	store *Store
	// Sleep waits between slowed login attempts; tests replace it.
	Sleep func(time.Duration)
	// Now is the service's clock: sessions, accounts, devices and pairing
	// codes (time.Now when nil); tests pin it.
	Now func() time.Time
}

// NewService returns a Service over db.
func NewService(db *gorm.DB) *Service {
	return &Service{db: db, store: NewStore(db), Sleep: time.Sleep}
}

// Session is a new login.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      User      `json:"user"`
}

// Login checks an e-mail and password and opens a session. It returns
// Unauthorized for a wrong pair or a disabled account, TooMany when there
// were too many failures for the address or the client. Each attempt is
// counted before the password is checked, in one atomic step, so that
// guesses sent at once get no more checks than guesses sent one by one; a
// successful attempt is taken back.
func (s *Service) Login(ctx context.Context, email, password, client string) (Session, error) {
	email = NormalizeEmail(email)
	keys := []string{"login:email:" + email, "login:client:" + client}
	failures := 0
	for _, k := range keys {
		n, until, err := ratelimit.Hit(ctx, s.db, k, LoginWindow)
		if err != nil {
			return Session{}, apperr.Wrap(err, "count login attempt")
		}
		if n > RefuseAfter {
			return Session{}, apperr.TooManyf("too many failed logins; try again after %s", until.Format(time.RFC3339)).
				With("retry_after", int(time.Until(until).Seconds())+1)
		}
		failures = max(failures, n-1)
	}
	if failures >= SlowAfter {
		s.Sleep(LoginDelay)
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	hash := dummyHash
	if err == nil {
		hash = u.PasswordHash
	}
	if !CheckPassword(hash, password) || err != nil || u.DisabledAt != nil {
		return Session{}, apperr.Unauthorizedf("the e-mail or password is wrong")
	}
	if err := ratelimit.Undo(ctx, s.db, keys[1]); err != nil {
		return Session{}, apperr.Wrap(err, "count login attempt")
	}
	_ = ratelimit.Reset(ctx, s.db, keys[0])
	token := NewToken()
	exp := s.now().Add(SessionTTL).Truncate(time.Second)
	t := Token{ID: httpx.NewID(), Kind: "session", Hash: HashToken(token), UserID: &u.ID,
		CreatedAt: s.now(), ExpiresAt: &exp}
	if err := s.store.CreateToken(ctx, s.db, &t); err != nil {
		return Session{}, err
	}
	return Session{Token: token, ExpiresAt: exp, User: u}, nil
}

// Authenticate returns the actor a bearer token belongs to, or Unauthorized.
// The token and its device or account are read in one query.
func (s *Service) Authenticate(ctx context.Context, token string) (actor.Actor, error) {
	t, err := s.store.FindLiveTokenOwner(ctx, HashToken(token), s.now())
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return actor.Actor{}, apperr.Unauthorizedf("the token is unknown, expired or revoked")
		}
		return actor.Actor{}, err
	}
	if t.DeviceID != nil {
		d := t.Device
		if d == nil || d.RevokedAt != nil {
			return actor.Actor{}, apperr.Unauthorizedf("this device has been revoked")
		}
		return actor.Actor{Kind: actor.Device, ID: d.ID, Name: d.Name, Role: actor.Door, Language: d.Language, TokenID: t.ID}, nil
	}
	u := t.User
	if u == nil || u.DisabledAt != nil {
		return actor.Actor{}, apperr.Unauthorizedf("this account is disabled")
	}
	return actor.Actor{Kind: actor.User, ID: u.ID, Name: u.Email, Role: u.Role, Language: "en", TokenID: t.ID}, nil
}

// Logout revokes the token that authenticated ctx's actor.
func (s *Service) Logout(ctx context.Context) error {
	a := actor.From(ctx)
	return s.store.RevokeTokens(ctx, s.db, "id", a.TokenID, s.now())
}

// EnsureAdmin creates the first admin account when there is no account at
// all. With an empty password it makes one up and returns it, to be shown once.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (created bool, generated string, err error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, "", err
	}
	if password == "" {
		password = NewPassword()
		generated = password
	}
	role := actor.Admin
	name := "Administrator"
	_, err = s.CreateUser(actor.With(ctx, actor.Actor{Kind: actor.System, Name: "first start"}),
		UserInput{Email: &email, Name: &name, Role: &role, Password: &password})
	return err == nil, generated, err
}

// CreateUser makes an account; Invalid for bad input, Conflict for a taken e-mail.
func (s *Service) CreateUser(ctx context.Context, in UserInput) (User, error) {
	if err := in.validate(true); err != nil {
		return User{}, err
	}
	now := s.now()
	u := User{ID: httpx.NewID(), Email: NormalizeEmail(*in.Email), Role: *in.Role,
		PasswordHash: HashPassword(*in.Password), CreatedAt: now, UpdatedAt: now}
	if in.Name != nil {
		u.Name = strings.TrimSpace(*in.Name)
	}
	if in.Disabled != nil && *in.Disabled {
		u.DisabledAt = &now
	}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := s.store.CreateUser(ctx, tx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Action: "create", Entity: "user", EntityID: u.ID, After: u})
	})
	return u, err
}

// UpdateUser changes an account; disabling it or changing its password ends
// its sessions. Errors: NotFound, Invalid, Conflict.
func (s *Service) UpdateUser(ctx context.Context, id string, in UserInput) (User, error) {
	if err := in.validate(false); err != nil {
		return User{}, err
	}
	var u User
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var err error
		if u, err = s.store.FindUserByID(ctx, tx, id); err != nil {
			return err
		}
		before := u
		now := s.now()
		endSessions := false
		if in.Email != nil {
			u.Email = NormalizeEmail(*in.Email)
		}
		if in.Name != nil {
			u.Name = strings.TrimSpace(*in.Name)
		}
		if in.Role != nil {
			if u.ID == actor.From(ctx).ID && *in.Role != actor.Admin {
				return apperr.Conflictf("an admin cannot take the admin role from their own account")
			}
			u.Role = *in.Role
		}
		if in.Password != nil {
			u.PasswordHash, endSessions = HashPassword(*in.Password), true
		}
		if in.Disabled != nil {
			if *in.Disabled && u.ID == actor.From(ctx).ID {
				return apperr.Conflictf("an admin cannot disable their own account")
			}
			u.DisabledAt = nil
			if *in.Disabled {
				u.DisabledAt, endSessions = &now, true
			}
		}
		u.UpdatedAt = now
		if err := s.store.keepAnAdmin(ctx, tx, before, u); err != nil {
			return err
		}
		if err := s.store.SaveUser(ctx, tx, &u); err != nil {
			return err
		}
		if endSessions {
			if err := s.store.RevokeTokens(ctx, tx, "user_id", u.ID, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Change{Action: "update", Entity: "user", EntityID: u.ID, Before: before, After: u})
	})
	return u, err
}

// NewDevice is a registered device with its token, shown once.
type NewDevice struct {
	Device
	Token string `json:"token"`
}

// CreateDevice registers a scanner device and returns its token once.
// Errors: Invalid.
func (s *Service) CreateDevice(ctx context.Context, name, language string) (NewDevice, error) {
	var v apperr.Validator
	if names.Field(&v, "name", &name, 200) {
		v.Check(name != "", "name", "is required (at most 200 characters)")
	}
	if language == "" {
		language = "en"
	}
	v.Check(strings.Contains(" ar fr en ru az ", " "+language+" "), "language", "must be one of ar, fr, en, ru, az")
	if err := v.Err(); err != nil {
		return NewDevice{}, err
	}
	now := s.now()
	by := actor.From(ctx).ID
	d := NewDevice{Device: Device{ID: httpx.NewID(), Name: name, Language: language, CreatedAt: now}, Token: NewToken()}
	if by != "" {
		d.CreatedBy = &by
	}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := s.store.CreateDevice(ctx, tx, &d.Device); err != nil {
			return err
		}
		t := Token{ID: httpx.NewID(), Kind: "device", Hash: HashToken(d.Token), DeviceID: &d.ID, CreatedAt: now}
		if err := s.store.CreateToken(ctx, tx, &t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Action: "create", Entity: "device", EntityID: d.ID, After: d.Device})
	})
	return d, err
}

// RevokeDevice revokes a device and its tokens. Errors: NotFound.
func (s *Service) RevokeDevice(ctx context.Context, id string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		d, err := s.store.FindDeviceByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.RevokedAt != nil {
			return nil
		}
		before := d
		now := s.now()
		d.RevokedAt = &now
		if err := s.store.SaveDevice(ctx, tx, &d); err != nil {
			return err
		}
		if err := s.store.RevokeTokens(ctx, tx, "device_id", d.ID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{Action: "revoke", Entity: "device", EntityID: d.ID, Before: before, After: d})
	})
}

// Store returns the service's storage, for read-only handlers.
func (s *Service) Store() *Store { return s.store }
