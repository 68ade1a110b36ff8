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
	"accreditation/internal/ratelimit"
)

// Login throttling. Every attempt is counted three ways in LoginWindow, and
// a successful one is taken back:
//
//   - by account and address together: past SlowAfter failures each attempt
//     waits LoginDelay; past RefuseAfter that address is refused (429) for
//     that account until the window ends. This is the only lock on an
//     account, and only the address that guessed suffers it, so a stranger
//     cannot lock out the owner.
//   - by address, whatever the account: past ClientRefuseAfter failures the
//     address is refused for every account, so one address cannot try a
//     password on account after account; and what it stores is bounded.
//   - by account, whatever the address: an attacker who rotates addresses
//     escapes both counters above, and refusing the account would lock its
//     owner out. So once other addresses have failed on an account
//     AttackAfter times in the window, the account is under attack: every
//     attempt on it waits LoginDelay, and an address may fail on it only
//     AttackAllowance times instead of RefuseAfter. The owner, whose address
//     has (almost) no failures, signs in, a second later. A rotating attacker
//     gets AttackAllowance slowed guesses per address it holds per window,
//     and no address more than ClientRefuseAfter over all accounts: its
//     guesses are bounded by the addresses it holds, not absolutely, because
//     a bound that held whatever the address would be one the attacker could
//     use up for the owner too.
//
// The delay is bounded (one LoginDelay per attempt, never growing) and the
// same for a right and a wrong password, so it tells nothing either.
const (
	LoginWindow       = 15 * time.Minute
	SlowAfter         = 3
	RefuseAfter       = 10
	ClientRefuseAfter = 30
	AttackAfter       = SlowAfter
	AttackAllowance   = SlowAfter
	LoginDelay        = time.Second
	SessionTTL        = 12 * time.Hour
)

// maxLoginEmail is the longest e-mail address (RFC 5321 path) that can belong
// to an account; a longer one is refused before anything is counted.
const maxLoginEmail = 254

// Service holds the rules of accounts, sessions and devices.
type Service struct {
	db    *gorm.DB
	store *Store
	// Sleep waits between slowed login attempts; tests replace it.
	Sleep func(time.Duration)
	// Now is the service's clock: sessions, accounts, devices and pairing
	// codes (the database's clock when nil); tests pin it.
	Now func() time.Time
	// DeviceEvents returns the events a device scans for (the check-in
	// package keeps where devices scan); a device sees nothing of any other
	// event, and of none while it is nil.
	DeviceEvents func(ctx context.Context, deviceID string) ([]string, error)
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

// Login checks an e-mail and password and opens a session. client is the
// caller's address. It returns Invalid for an e-mail longer than any account's
// (nothing is counted), Unauthorized for a wrong pair or a disabled account,
// TooMany when the address has failed too often (see the throttling above).
// Each attempt is counted before the password is checked, in one atomic step
// per counter, so that guesses sent at once get no more checks than guesses
// sent one by one.
func (s *Service) Login(ctx context.Context, email, password, client string) (Session, error) {
	email = NormalizeEmail(email)
	if len(email) > maxLoginEmail {
		return Session{}, apperr.Fields(apperr.Field("email", "must be an e-mail address of at most %d characters", maxLoginEmail))
	}
	k := loginKeys{client: "login:client:" + client, pair: "login:pair:" + email + "\x00" + client,
		account: "login:account:" + email}
	if err := s.countLogin(ctx, k); err != nil {
		return Session{}, err
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	hash := dummyHash
	if err == nil {
		hash = u.PasswordHash
	}
	if !CheckPassword(hash, password) || err != nil || u.DisabledAt != nil {
		return Session{}, apperr.Unauthorizedf("the e-mail or password is wrong")
	}
	// The owner's success forgets their address's failures but not the
	// account's: it must not end an attack on the account.
	for _, key := range []string{k.client, k.account} {
		if err := ratelimit.NewStore(s.db).Undo(ctx, key); err != nil {
			return Session{}, apperr.Wrap(err, "count login attempt")
		}
	}
	_ = ratelimit.NewStore(s.db).Reset(ctx, k.pair)
	token := NewToken()
	exp := s.now().Add(SessionTTL).Truncate(time.Second)
	t := Token{ID: httpx.NewID(), Kind: "session", Hash: HashToken(token), UserID: &u.ID,
		CreatedAt: s.now(), ExpiresAt: &exp}
	if err := s.store.CreateToken(ctx, &t); err != nil {
		return Session{}, err
	}
	return Session{Token: token, ExpiresAt: exp, User: u}, nil
}

// loginKeys are the counters of one login attempt: its address, its account
// and address together, its account.
type loginKeys struct{ client, pair, account string }

// countLogin counts one attempt in each counter and waits or refuses as the
// throttling above says. The address is counted first and a refused address
// counts nothing more, so an address's failures store at most
// 1+2×ClientRefuseAfter windows at a time. Errors: TooMany with retry_after.
func (s *Service) countLogin(ctx context.Context, k loginKeys) error {
	now := s.now()
	hit := func(key string) (int, time.Time, error) {
		n, until, err := ratelimit.NewStore(s.db).Hit(ctx, key, LoginWindow, now)
		if err != nil {
			return 0, until, apperr.Wrap(err, "count login attempt")
		}
		return n - 1, until, nil // the failures before this attempt
	}
	refuse := func(until time.Time) error {
		return apperr.TooManyf("too many failed logins; try again after %s", until.Format(time.RFC3339)).
			With("retry_after", int(until.Sub(now).Seconds())+1)
	}
	fromClient, until, err := hit(k.client)
	if err != nil {
		return err
	}
	if fromClient >= ClientRefuseAfter {
		return refuse(until)
	}
	own, until, err := hit(k.pair)
	if err != nil {
		return err
	}
	if own >= RefuseAfter {
		return refuse(until)
	}
	onAccount, _, err := hit(k.account)
	if err != nil {
		return err
	}
	underAttack := onAccount-own >= AttackAfter
	if underAttack && own >= AttackAllowance {
		return refuse(until)
	}
	if underAttack || own >= SlowAfter {
		s.Sleep(LoginDelay)
	}
	return nil
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
		a := actor.Actor{Kind: actor.Device, ID: d.ID, Name: d.Name, Role: actor.Door, Language: d.Language, TokenID: t.ID}
		if s.DeviceEvents != nil {
			if a.Events, err = s.DeviceEvents(ctx, d.ID); err != nil {
				return actor.Actor{}, err
			}
		}
		return a, nil
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
	return s.store.RevokeTokens(ctx, "id", a.TokenID, s.now())
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
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "user", EntityID: u.ID, After: u})
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
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		var err error
		if u, err = st.FindUserByID(ctx, id); err != nil {
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
		if err := keepAnAdmin(ctx, st, before, u); err != nil {
			return err
		}
		if err := st.SaveUser(ctx, &u); err != nil {
			return err
		}
		if endSessions {
			if err := st.RevokeTokens(ctx, "user_id", u.ID, now); err != nil {
				return err
			}
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "user", EntityID: u.ID, Before: before, After: u})
	})
	return u, err
}

// RevokeDevice revokes a device and its tokens. Errors: NotFound.
func (s *Service) RevokeDevice(ctx context.Context, id string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		d, err := st.FindDeviceByID(ctx, id)
		if err != nil {
			return err
		}
		if d.RevokedAt != nil {
			return nil
		}
		before := d
		now := s.now()
		d.RevokedAt = &now
		if err := st.SaveDevice(ctx, &d); err != nil {
			return err
		}
		if err := st.RevokeTokens(ctx, "device_id", d.ID, now); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "revoke", Entity: "device", EntityID: d.ID, Before: before, After: d})
	})
}

// Store returns the service's storage, for read-only handlers.
func (s *Service) Store() *Store { return s.store }
