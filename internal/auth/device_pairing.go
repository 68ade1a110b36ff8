package auth

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/httpx"
	"accreditation/internal/names"
	"accreditation/internal/ratelimit"
)

// Pairing of scanner devices: instead of typing a 43-character token, the
// door page reads a one-time pairing code (shown by the console as a QR code)
// and exchanges it for the device's token. Using a code revokes the tokens
// the device had before, so that a device is one phone at a time: a new code
// for a replaced phone leaves the old phone working until the new one pairs,
// and cuts it off then. A lost phone is cut off at once by revoking the device.
const (
	// PairingTTL is how long a pairing code may be used after it is issued.
	PairingTTL = 15 * time.Minute
	// PairingCodeLength is the number of characters of a code, without its
	// dashes: 20 characters of Crockford's base32 are 100 random bits.
	PairingCodeLength = 20
	// PairWindow and PairRefuseAfter limit the pairing attempts of one client.
	PairWindow      = 15 * time.Minute
	PairRefuseAfter = 30
)

// Reasons a pairing code is refused, in the problem document's "reason"
// member, so that the door page can say it in the device's language.
const (
	PairUnknown  = "unknown"
	PairUsed     = "used"
	PairExpired  = "expired"
	PairReplaced = "replaced"
	PairRevoked  = "revoked"
)

// Pairing is a pairing code's stored form: its hash, never the code.
type Pairing struct {
	ID         string `gorm:"primaryKey"`
	DeviceID   string
	Hash       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     *time.Time
	ReplacedAt *time.Time
}

// TableName is the pairing codes' table.
func (Pairing) TableName() string { return "device_pairings" }

// PairingCode is a new pairing code, shown once.
type PairingCode struct {
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PairedDevice is a device with the token its pairing code was exchanged for.
type PairedDevice struct {
	Device Device `json:"device"`
	Token  string `json:"token"`
}

// crockford is Crockford's base32 alphabet: no I, L, O or U, so that a code
// read aloud or typed from the screen is not mistaken.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newPairingCode returns a random code in groups of four ("7K2M-…").
func newPairingCode() string {
	b := make([]byte, PairingCodeLength)
	_, _ = rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(crockford[c&31])
	}
	return s.String()
}

// NormalizePairingCode returns a typed or scanned code in the form whose hash
// is stored (capitals, no dashes or spaces, O read as 0 and I or L as 1), and
// whether it has the form of a code at all.
func NormalizePairingCode(code string) (string, bool) {
	r := strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1")
	c := r.Replace(strings.ToUpper(strings.TrimSpace(code)))
	if len(c) != PairingCodeLength {
		return c, false
	}
	for _, ch := range c {
		if !strings.ContainsRune(crockford, ch) {
			return c, false
		}
	}
	return c, true
}

func hashPairingCode(code string) string {
	c, _ := NormalizePairingCode(code)
	return HashToken("pairing:" + c)
}

// CreatePairableDevice registers a scanner device that has no token yet and
// returns it with its first pairing code. within runs in the same
// transaction, after the device is stored, for the caller's own rows (the
// check-in package's link to a checkpoint); its error rolls everything back.
// Errors: Invalid, and within's.
func (s *Service) CreatePairableDevice(ctx context.Context, name, language string,
	within func(tx *gorm.DB, d Device) error) (Device, PairingCode, error) {
	name = strings.TrimSpace(name)
	if err := ValidateDevice(name, language); err != nil {
		return Device{}, PairingCode{}, err
	}
	if language == "" {
		language = "en"
	}
	now := s.now()
	d := Device{ID: httpx.NewID(), Name: name, Language: language, CreatedAt: now}
	if by := actor.From(ctx); by.Kind == actor.User {
		d.CreatedBy = &by.ID
	}
	var code PairingCode
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		if err := st.CreateDevice(ctx, &d); err != nil {
			return err
		}
		if within != nil {
			if err := within(tx, d); err != nil {
				return err
			}
		}
		var err error
		if code, err = s.issuePairing(ctx, st, d.ID, now); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "device", EntityID: d.ID, After: d})
	})
	if err != nil {
		return Device{}, PairingCode{}, err
	}
	return d, code, nil
}

// ValidateDevice checks a device's name and language ("" is English).
// Errors: Invalid, naming the fields.
func ValidateDevice(name, language string) error {
	var v apperr.Validator
	if names.Field(&v, "name", &name, 200) {
		v.Check(name != "", "name", "is required (at most 200 characters)")
	}
	if language != "" {
		v.Check(strings.Contains(" ar fr en ru az ", " "+language+" "), "language", "must be one of ar, fr, en, ru, az")
	}
	return v.Err()
}

// NewPairingCode issues a new pairing code for a device, which replaces its
// unused earlier codes. The device's token keeps working until the new code
// is used. Errors: NotFound, Conflict for a revoked device.
func (s *Service) NewPairingCode(ctx context.Context, deviceID string) (PairingCode, error) {
	var code PairingCode
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		d, err := st.FindDeviceByID(ctx, deviceID)
		if err != nil {
			return err
		}
		if d.RevokedAt != nil {
			return apperr.Conflictf("this device has been revoked; create a new device instead").With("reason", PairRevoked)
		}
		now := s.now()
		if code, err = s.issuePairing(ctx, st, d.ID, now); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "new_pairing_code", Entity: "device", EntityID: d.ID,
			After: map[string]any{"expires_at": code.ExpiresAt}})
	})
	return code, err
}

func (s *Service) issuePairing(ctx context.Context, st *Store, deviceID string, now time.Time) (PairingCode, error) {
	if err := st.ReplacePairings(ctx, deviceID, now); err != nil {
		return PairingCode{}, err
	}
	code := PairingCode{Code: newPairingCode(), ExpiresAt: now.Add(PairingTTL).Truncate(time.Second)}
	p := Pairing{ID: httpx.NewID(), DeviceID: deviceID, Hash: hashPairingCode(code.Code), CreatedAt: now, ExpiresAt: code.ExpiresAt}
	return code, st.CreatePairing(ctx, &p)
}

// CheckPairingCode reports whether code is a live pairing code of the device
// (not used, expired or replaced, and the device not revoked), for a page
// that draws the code it has just shown. Errors: NotFound.
func (s *Service) CheckPairingCode(ctx context.Context, deviceID, code string) error {
	p, err := s.store.FindPairing(ctx, hashPairingCode(code))
	if err == nil && p.DeviceID == deviceID {
		d, derr := s.store.FindDeviceByID(ctx, deviceID)
		if derr == nil && pairingRefusal(p, d, s.now()) == nil {
			return nil
		}
	}
	return apperr.NotFoundf("no such live pairing code for this device")
}

// Pair exchanges a pairing code for a new token of its device, once. The
// device's earlier tokens are revoked in the same transaction. client is the
// caller's address, whose attempts are counted. Errors: Invalid for a
// malformed code, NotFound for an unknown one, Conflict for a used or
// replaced code or a revoked device, Gone for an expired code, TooMany.
func (s *Service) Pair(ctx context.Context, code, client string) (PairedDevice, error) {
	n, until, err := ratelimit.NewStore(s.db).Hit(ctx, "pair:client:"+client, PairWindow, s.now())
	if err != nil {
		return PairedDevice{}, apperr.Wrap(err, "count pairing attempt")
	}
	if n > PairRefuseAfter {
		return PairedDevice{}, apperr.TooManyf("too many pairing attempts; try again after %s", until.Format(time.RFC3339)).
			With("retry_after", int(until.Sub(s.now()).Seconds())+1)
	}
	if _, ok := NormalizePairingCode(code); !ok {
		return PairedDevice{}, apperr.Fields(apperr.Field("code", "must be a pairing code of %d letters and digits", PairingCodeLength))
	}
	var out PairedDevice
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		now := s.now()
		p, err := st.FindPairing(ctx, hashPairingCode(code))
		if err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return apperr.NotFoundf("this pairing code is unknown: check it, or issue a new one in the console").With("reason", PairUnknown)
			}
			return err
		}
		d, err := st.FindDeviceByID(ctx, p.DeviceID)
		if err != nil {
			return err
		}
		if err := pairingRefusal(p, d, now); err != nil {
			return err
		}
		// The claim is one conditional UPDATE: of two devices racing with
		// the same code, exactly one gets a token.
		if claimed, err := st.ClaimPairing(ctx, p.ID, now); err != nil {
			return err
		} else if !claimed {
			return apperr.Conflictf("this pairing code has been used already: issue a new one in the console").With("reason", PairUsed)
		}
		if err := st.RevokeTokens(ctx, "device_id", d.ID, now); err != nil {
			return err
		}
		out = PairedDevice{Device: d, Token: NewToken()}
		t := Token{ID: httpx.NewID(), Kind: "device", Hash: HashToken(out.Token), DeviceID: &d.ID, CreatedAt: now}
		if err := st.CreateToken(ctx, &t); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(actor.With(ctx, actor.Actor{Kind: actor.Device, ID: d.ID, Name: d.Name, Role: actor.Door}),
			audit.Change{Action: "pair", Entity: "device", EntityID: d.ID})
	})
	if err != nil {
		return PairedDevice{}, err
	}
	_ = ratelimit.NewStore(s.db).Undo(ctx, "pair:client:"+client)
	return out, nil
}

// pairingRefusal says why a stored code may not be used now, or nil.
func pairingRefusal(p Pairing, d Device, now time.Time) error {
	switch {
	case d.RevokedAt != nil:
		return apperr.Conflictf("this device has been revoked: its pairing code no longer works").With("reason", PairRevoked)
	case p.UsedAt != nil:
		return apperr.Conflictf("this pairing code has been used already: issue a new one in the console").With("reason", PairUsed)
	case p.ReplacedAt != nil:
		return apperr.Conflictf("a newer pairing code was issued for this device: scan that one").With("reason", PairReplaced)
	case !now.Before(p.ExpiresAt):
		return apperr.Gonef("this pairing code expired at %s: issue a new one in the console",
			p.ExpiresAt.UTC().Format(time.RFC3339)).With("reason", PairExpired)
	}
	return nil
}

// now is the service's clock in UTC.
func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return clock.Of(s.db)()
}
