package visa

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"accreditation/internal/badges"
)

// Sealed passport details are: sealFormat, then AES-256-GCM's random 12-byte
// nonce, the encrypted JSON of the details and the 16-byte tag, stored as
// unpadded base64url. The master key is the one that seals the badge
// signing keys (badges.MasterKeySize bytes); the associated data names
// what is sealed and for whom, so that one participant's details cannot be
// passed off as another's, nor as a signing key.
const (
	sealFormat  = 1
	sealContext = "accreditation/passport/v1\x00"
)

// ErrSealed means stored passport details cannot be opened: sealed under
// another master key or for another participant, or damaged.
var ErrSealed = errors.New("sealed passport details cannot be opened")

// Sealer seals and opens passport details under the master key.
type Sealer struct{ aead cipher.AEAD }

// NewSealer returns a sealer under master. It returns an error wrapping
// badges.ErrMasterKey when master is not badges.MasterKeySize bytes.
func NewSealer(master []byte) (*Sealer, error) {
	if len(master) != badges.MasterKeySize {
		return nil, fmt.Errorf("%w: %d bytes, want %d", badges.ErrMasterKey, len(master), badges.MasterKeySize)
	}
	block, err := aes.NewCipher(master)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", badges.ErrMasterKey, err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", badges.ErrMasterKey, err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts p for participantID. Its error (from encoding) never holds
// the details.
func (s *Sealer) Seal(participantID string, p Passport) (string, error) {
	plain, err := json.Marshal(passportJSON(p))
	if err != nil {
		return "", errors.New("seal passport details: cannot encode")
	}
	out := s.aead.Seal([]byte{sealFormat}, nil, plain, ad(participantID))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts details sealed by Seal for participantID. It returns an
// error wrapping ErrSealed when they do not open.
func (s *Sealer) Open(participantID, sealed string) (Passport, error) {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(raw) < 1 || raw[0] != sealFormat {
		return Passport{}, fmt.Errorf("%w: participant %s: not of format %d", ErrSealed, participantID, sealFormat)
	}
	plain, err := s.aead.Open(nil, nil, raw[1:], ad(participantID))
	if err != nil {
		return Passport{}, fmt.Errorf("%w: participant %s: wrong master key or participant, or damaged", ErrSealed, participantID)
	}
	var p passportJSON
	if err := json.Unmarshal(plain, &p); err != nil {
		return Passport{}, fmt.Errorf("%w: participant %s: not passport details", ErrSealed, participantID)
	}
	return Passport(p), nil
}

func ad(participantID string) []byte { return append([]byte(sealContext), participantID...) }

// passportJSON is Passport without its hiding methods, to seal and to
// answer the Secretariat with.
type passportJSON Passport

// String hides the details from every fmt verb of a log line or an error.
func (Passport) String() string { return "[passport details]" }

// GoString hides the details from %#v.
func (p Passport) GoString() string { return p.String() }

// LogValue hides the details from slog.
func (p Passport) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalJSON writes the details: only handlers for admin and secretariat
// roles send them.
func (p Passport) MarshalJSON() ([]byte, error) { return json.Marshal(passportJSON(p)) }

// String hides what was sent from every fmt verb of a log line or an error.
func (PassportInput) String() string { return "[passport details]" }

// GoString hides what was sent from %#v.
func (in PassportInput) GoString() string { return in.String() }

// LogValue hides what was sent from slog.
func (in PassportInput) LogValue() slog.Value { return slog.StringValue(in.String()) }
