package badges

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/httpx"
)

// PublicKey is an event's signing key as scanners see it: never any private
// material.
type PublicKey struct {
	KeyID     int        `json:"key_id"`
	PublicKey string     `json:"public_key"` // unpadded base64url of the 32-byte Ed25519 key
	Active    bool       `json:"active"`
	CreatedAt time.Time  `json:"created_at"`
	RetiredAt *time.Time `json:"retired_at"`
}

func (k keyRow) public() PublicKey {
	return PublicKey{KeyID: k.KeyID, PublicKey: EncodePublicKey(k.PublicKey), Active: k.Active,
		CreatedAt: k.CreatedAt, RetiredAt: k.RetiredAt}
}

// Keyring keeps each event's signing keys in the database, sealed under the
// master key, and opens them when badges are signed. Opened keys are cached
// by row id; which key is active is always read from the database, so a
// rotation on one server is seen by all.
type Keyring struct {
	db     *gorm.DB
	store  *Store
	master []byte
	mu     sync.Mutex
	opened map[string]SigningKey
}

// NewKeyring returns a keyring over db whose keys are sealed under master.
// It returns an error wrapping ErrMasterKey if master has the wrong size.
func NewKeyring(db *gorm.DB, master []byte) (*Keyring, error) {
	if len(master) != MasterKeySize {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrMasterKey, len(master), MasterKeySize)
	}
	return &Keyring{db: db, store: NewStore(db), master: master, opened: map[string]SigningKey{}}, nil
}

// EnsureKey makes sure the event has an active signing key, creating key 1
// on first use, and returns its public half. It returns NotFound for an
// unknown event.
func (k *Keyring) EnsureKey(ctx context.Context, eventID string) (PublicKey, error) {
	var out PublicKey
	err := k.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := k.ensure(ctx, k.store.In(tx), eventID)
		out = row.public()
		return err
	})
	return out, err
}

// ensure returns the active key row of the event, creating one if there is
// none, with st in a transaction.
func (k *Keyring) ensure(ctx context.Context, st *Store, eventID string) (keyRow, error) {
	row, err := st.findActiveKey(ctx, eventID)
	if !apperr.Is(err, apperr.NotFound) {
		return row, err
	}
	// Lock the event so that two first uses do not both create a key.
	if _, err := st.lockEvent(ctx, eventID); err != nil {
		return row, err
	}
	if row, err := st.findActiveKey(ctx, eventID); !apperr.Is(err, apperr.NotFound) {
		return row, err
	}
	return k.create(ctx, st, eventID)
}

func (k *Keyring) create(ctx context.Context, st *Store, eventID string) (keyRow, error) {
	last, err := st.maxKeyID(ctx, eventID)
	if err != nil {
		return keyRow{}, err
	}
	if last >= 0xFFFF {
		return keyRow{}, apperr.Conflictf("the event has used every signing key id")
	}
	pub, priv, err := GenerateKey()
	if err != nil {
		return keyRow{}, err
	}
	row := keyRow{ID: httpx.NewID(), EventID: eventID, KeyID: last + 1, PublicKey: pub, Active: true,
		CreatedAt: clock.Of(st.db)()}
	if row.SealedKey, err = SealPrivateKey(k.master, row.ID, priv); err != nil {
		return keyRow{}, err
	}
	return row, st.insertKey(ctx, &row)
}

// Rotate retires the event's active key and makes a new one, which signs
// every badge issued from then on; badges signed with older keys stay valid.
// It records the change in the audit log and returns the new key's public
// half. It returns NotFound for an unknown event.
func (k *Keyring) Rotate(ctx context.Context, eventID string) (PublicKey, error) {
	var out PublicKey
	err := k.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := k.store.In(tx)
		if _, err := st.lockEvent(ctx, eventID); err != nil {
			return err
		}
		if err := st.retireKeys(ctx, eventID, clock.Of(tx)()); err != nil {
			return err
		}
		row, err := k.create(ctx, st, eventID)
		if err != nil {
			return err
		}
		out = row.public()
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "rotate", Entity: "signing_key", EntityID: row.ID,
			EventID: eventID, After: out})
	})
	return out, err
}

// PublicKeys lists one page of the event's keys, active and retired, oldest
// first, creating the first key if there is none. It returns NotFound for an
// unknown event.
func (k *Keyring) PublicKeys(ctx context.Context, eventID string, p httpx.Page) ([]PublicKey, int64, error) {
	if _, err := k.EnsureKey(ctx, eventID); err != nil {
		return nil, 0, err
	}
	rows, total, err := k.store.listKeys(ctx, eventID, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]PublicKey, len(rows))
	for i, r := range rows {
		out[i] = r.public()
	}
	return out, total, nil
}

// signer returns the event's active signing key, with st in a transaction,
// creating it on first use.
func (k *Keyring) signer(ctx context.Context, st *Store, eventID string, eventNumber int) (SigningKey, error) {
	row, err := k.ensure(ctx, st, eventID)
	if err != nil {
		return SigningKey{}, err
	}
	return k.open(row, eventNumber)
}

func (k *Keyring) open(row keyRow, eventNumber int) (SigningKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if s, ok := k.opened[row.ID]; ok {
		return s, nil
	}
	priv, err := OpenPrivateKey(k.master, row.ID, row.SealedKey)
	if err != nil {
		return SigningKey{}, apperr.Wrap(err, "the badge signing key cannot be opened")
	}
	s, err := NewSigningKey(uint32(eventNumber), uint16(row.KeyID), priv)
	if err != nil {
		return SigningKey{}, err
	}
	k.opened[row.ID] = s
	return s, nil
}

// Check opens the newest stored signing key with the master key, so that a
// server given another master key than the one that sealed the keys (one
// that generated its own in its DATA_DIR, beside servers that share the
// database) says so when it starts, rather than failing every badge it
// issues. It returns an error wrapping ErrMasterKey when the key does not
// open, and nil when there is no key yet.
func (k *Keyring) Check(ctx context.Context) error {
	row, ok, err := k.store.findNewestKey(ctx)
	if err != nil || !ok {
		return err
	}
	if _, err := OpenPrivateKey(k.master, row.ID, row.SealedKey); err != nil {
		return fmt.Errorf("%w: it does not open the badge signing keys in the database (%v); "+
			"give every server on the database the same SIGNING_KEY_SECRET", ErrMasterKey, err)
	}
	return nil
}

// EnsureKeys makes sure every event has an active signing key, as at start.
// It returns the first error met.
func (s *Service) EnsureKeys(ctx context.Context) error {
	ids, err := s.store.eventIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.Keys.EnsureKey(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
