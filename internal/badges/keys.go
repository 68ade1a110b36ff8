package badges

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// MasterKeySize is the length in bytes of the master key that encrypts the
// signing keys at rest (an AES-256 key).
const MasterKeySize = 32

// Errors returned by the key functions. They are wrapped with a detail, which
// never contains key material; compare them with errors.Is.
var (
	// ErrMasterKey means a master key is missing, malformed, of the wrong
	// size, or stored in a file that others may read.
	ErrMasterKey = errors.New("unusable master key")
	// ErrSealedKey means a sealed signing key cannot be opened: it was sealed
	// under another master key or for another key id, or it is damaged.
	ErrSealedKey = errors.New("sealed signing key cannot be opened")
)

// Sealed signing keys are: sealFormat, then AES-256-GCM's random 12-byte
// nonce, then the encrypted 32-byte Ed25519 seed and the 16-byte tag.
const (
	sealFormat = 1
	sealedSize = 1 + 12 + ed25519.SeedSize + 16
)

// sealContext starts the associated data of a sealed key, before the key id,
// so that a sealed key cannot be mistaken for anything else sealed under the
// same master key.
const sealContext = "accreditation/signing-key/v1\x00"

// GenerateKey returns a new random Ed25519 key pair for signing badge codes.
// It returns the error of ed25519.GenerateKey, which in practice is none.
func GenerateKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, nil, fmt.Errorf("generate signing key: %w", err)
	}
	return pub, priv, nil
}

// LoadOrCreateMasterKey returns the master key stored in the file at path,
// first creating the file (mode 0600, and its directory with mode 0700) with
// MasterKeySize random bytes if it does not exist. Two processes starting at
// once end up with the same key. It returns an error wrapping ErrMasterKey if
// the file is not a regular file of exactly MasterKeySize bytes or its
// permissions are wider than 0600, and the file system's error if the file
// cannot be read or created.
func LoadOrCreateMasterKey(path string) ([]byte, error) {
	key, err := readMasterKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createMasterKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return readMasterKey(path)
}

func readMasterKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrMasterKey, path)
	}
	if perm := fi.Mode().Perm(); perm&^0o600 != 0 {
		return nil, fmt.Errorf("%w: %s has permissions %04o, want 0600 (chmod 600 %s)", ErrMasterKey, path, perm, path)
	}
	if fi.Size() != MasterKeySize {
		return nil, fmt.Errorf("%w: %s has %d bytes, want %d", ErrMasterKey, path, fi.Size(), MasterKeySize)
	}
	key := make([]byte, MasterKeySize)
	if _, err := io.ReadFull(f, key); err != nil {
		return nil, fmt.Errorf("read master key: %w", err)
	}
	return key, nil
}

// createMasterKey writes a new key to a temporary file and links it into
// place, so that no reader ever sees a partly written key and an existing key
// is never replaced (the link fails with fs.ErrExist instead).
func createMasterKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create master key: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".master-key-*")
	if err != nil {
		return fmt.Errorf("create master key: %w", err)
	}
	defer os.Remove(tmp.Name())
	key := make([]byte, MasterKeySize)
	rand.Read(key)
	_, err = tmp.Write(key)
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create master key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("create master key: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		// Make the new name durable too; failing to is not worth failing for.
		d.Sync()
		d.Close()
	}
	return nil
}

// ParseMasterKey decodes a master key given as text, as in an environment
// variable: standard base64 (with padding) of MasterKeySize bytes, surrounding
// white space ignored. It returns an error wrapping ErrMasterKey for anything
// else; the error never repeats the text.
func ParseMasterKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("%w: empty; want base64 of %d random bytes (openssl rand -base64 %d)", ErrMasterKey, MasterKeySize, MasterKeySize)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: not standard base64 (%w); want base64 of %d random bytes (openssl rand -base64 %d)", ErrMasterKey, err, MasterKeySize, MasterKeySize)
	}
	if len(key) != MasterKeySize {
		return nil, fmt.Errorf("%w: decodes to %d bytes, want %d (openssl rand -base64 %d)", ErrMasterKey, len(key), MasterKeySize, MasterKeySize)
	}
	return key, nil
}

// SealPrivateKey encrypts priv under master for storage, with AES-256-GCM, a
// random nonce and keyID as associated data, so that the sealed key opens only
// under the same key id. Use a key id that names the key uniquely, such as the
// event number and the key's id within it. It returns an error wrapping
// ErrMasterKey if master is not MasterKeySize bytes, and an error if priv is
// not a well-formed Ed25519 private key or keyID is empty.
func SealPrivateKey(master []byte, keyID string, priv ed25519.PrivateKey) ([]byte, error) {
	if keyID == "" {
		return nil, errors.New("seal signing key: empty key id")
	}
	if err := checkPrivateKey(priv); err != nil {
		return nil, fmt.Errorf("seal signing key %s: %w", keyID, err)
	}
	aead, err := masterAEAD(master)
	if err != nil {
		return nil, err
	}
	sealed := make([]byte, 1, sealedSize)
	sealed[0] = sealFormat
	return aead.Seal(sealed, nil, priv.Seed(), sealAD(keyID)), nil
}

// OpenPrivateKey decrypts a key sealed by SealPrivateKey under the same master
// key and key id. It returns an error wrapping ErrMasterKey if master is not
// MasterKeySize bytes, and ErrSealedKey if sealed was made under another
// master key or key id, or has been altered.
func OpenPrivateKey(master []byte, keyID string, sealed []byte) (ed25519.PrivateKey, error) {
	aead, err := masterAEAD(master)
	if err != nil {
		return nil, err
	}
	if len(sealed) != sealedSize || sealed[0] != sealFormat {
		return nil, fmt.Errorf("%w: key %s: not a sealed key of format %d", ErrSealedKey, keyID, sealFormat)
	}
	seed, err := aead.Open(nil, nil, sealed[1:], sealAD(keyID))
	if err != nil {
		return nil, fmt.Errorf("%w: key %s: wrong master key or key id, or damaged", ErrSealedKey, keyID)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func masterAEAD(master []byte) (cipher.AEAD, error) {
	if len(master) != MasterKeySize {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrMasterKey, len(master), MasterKeySize)
	}
	block, err := aes.NewCipher(master)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMasterKey, err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMasterKey, err)
	}
	return aead, nil
}

func sealAD(keyID string) []byte {
	return append([]byte(sealContext), keyID...)
}

// checkPrivateKey reports whether priv has the right size and its public half
// matches its seed, so that a damaged key is refused rather than sealed or
// used.
func checkPrivateKey(priv ed25519.PrivateKey) error {
	if len(priv) != ed25519.PrivateKeySize {
		return fmt.Errorf("private key has %d bytes, want %d", len(priv), ed25519.PrivateKeySize)
	}
	derived := ed25519.NewKeyFromSeed(priv.Seed())
	if !bytes.Equal(derived[ed25519.SeedSize:], priv[ed25519.SeedSize:]) {
		return errors.New("private key's public half does not match its seed")
	}
	return nil
}

// SigningKey is an event's private signing key with its event number and key
// id, ready to sign badge codes. It cannot leak through formatting or
// logging: fmt (every verb), encoding/json, encoding.TextMarshaler and log/slog
// all print only the event, the key id and "redacted". The zero SigningKey
// holds no key: Sign and Public panic on it.
type SigningKey struct {
	event uint32
	keyID uint16
	priv  ed25519.PrivateKey
}

// NewSigningKey returns the signing key keyID of event. It returns an error
// if priv is not a well-formed Ed25519 private key.
func NewSigningKey(event uint32, keyID uint16, priv ed25519.PrivateKey) (SigningKey, error) {
	if err := checkPrivateKey(priv); err != nil {
		return SigningKey{}, fmt.Errorf("signing key %d/%d: %w", event, keyID, err)
	}
	return SigningKey{event: event, keyID: keyID, priv: bytes.Clone(priv)}, nil
}

// Event returns the number of the event the key belongs to.
func (k SigningKey) Event() uint32 { return k.event }

// KeyID returns the key's id within its event.
func (k SigningKey) KeyID() uint16 { return k.keyID }

// Public returns the key's public half, the one published to scanners.
func (k SigningKey) Public() ed25519.PublicKey {
	return bytes.Clone(k.priv[ed25519.SeedSize:])
}

// Sign returns the signed badge code for version version of badge number
// number, with the key's event and key id. It returns no error.
func (k SigningKey) Sign(number uint32, version uint16) string {
	return Credential{Event: k.event, KeyID: k.keyID, Number: number, Version: version}.Sign(k.priv)
}

// String describes the key without its private half.
func (k SigningKey) String() string {
	return fmt.Sprintf("badges.SigningKey{event: %d, key: %d, private: redacted}", k.event, k.keyID)
}

// GoString describes the key without its private half, for %#v.
func (k SigningKey) GoString() string { return k.String() }

// Format prints String for every verb, so that no verb (%x, %d, %+v...) can
// reach the private key through reflection.
func (k SigningKey) Format(f fmt.State, verb rune) { io.WriteString(f, k.String()) }

// MarshalText returns String, never the private key. It returns no error.
func (k SigningKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// MarshalJSON returns the event and key id, never the private key. It
// returns no error.
func (k SigningKey) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"event":%d,"key_id":%d,"private":"redacted"}`, k.event, k.keyID), nil
}

// LogValue logs the event and key id, never the private key.
func (k SigningKey) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Uint64("event", uint64(k.event)),
		slog.Uint64("key_id", uint64(k.keyID)),
		slog.String("private", "redacted"),
	)
}
