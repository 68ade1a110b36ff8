package badges

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/skip2/go-qrcode"
)

// CodePrefix starts every badge code. It names the format and its version
// ("AC" for accreditation credential, "1" for format 1) and uses only QR
// alphanumeric characters, so the whole code stays in alphanumeric mode.
const CodePrefix = "AC1:"

// CodeLength is the exact length in characters of every badge code: the
// prefix followed by the base45 text of the payload and the signature.
const CodeLength = len(CodePrefix) + (rawLength/2)*3 + (rawLength%2)*2

// MaxCodeLength is the longest badge code a QR symbol may carry; a longer
// string is rejected before any decoding is attempted.
const MaxCodeLength = 120

// The binary form of a code: the payload, then its Ed25519 signature.
const (
	formatVersion = 1
	payloadLength = 1 + 4 + 2 + 4 + 2 // format, event, key id, number, version
	rawLength     = payloadLength + ed25519.SignatureSize
)

// signingContext is prepended to the payload to form the signed message, so
// that a signature made for a badge cannot be passed off as a signature over
// anything else the same key might ever sign, and the reverse.
const signingContext = "accreditation/badge-credential/v1\x00"

// QRRecovery is the QR error-correction level the badge codes are printed
// with. Level M (about 15% of the symbol recoverable) keeps a 120-character
// code at QR version 5 (37 modules); level Q would need version 7 (45
// modules), i.e. modules a fifth smaller on the same printed width, which costs
// more reading distance than the extra damage tolerance gains on a badge worn
// in a plastic holder for a few days.
const QRRecovery = qrcode.Medium

// Errors returned by ParseCode and VerifyCode. They are wrapped with a detail;
// compare them with errors.Is.
var (
	// ErrUnreadable means the string is not a badge code of this format:
	// the door verdict is "unreadable".
	ErrUnreadable = errors.New("unreadable badge code")
	// ErrUnknownKey means the code is well formed but names an event and key
	// id for which the verifier has no public key, so its signature cannot be
	// checked: the door verdict is "forged".
	ErrUnknownKey = errors.New("unknown badge signing key")
	// ErrForged means the signature does not verify with the event's key:
	// the door verdict is "forged".
	ErrForged = errors.New("forged badge code")
)

// Credential is what a badge's QR code asserts: which badge (number and
// version) of which event, and which of the event's keys signed it.
type Credential struct {
	Event   uint32 // the event's number (events.number), not its UUID
	KeyID   uint16 // the event's signing key that signed this code
	Number  uint32 // the badge number, unique within the event
	Version uint16 // the badge version; a reprint makes a new one
}

// Sign returns the badge code for c, signed with priv: CodeLength characters,
// all in the QR alphanumeric set. It returns no error; like ed25519.Sign it
// panics if priv is not an ed25519.PrivateKeySize-byte key.
func (c Credential) Sign(priv ed25519.PrivateKey) string {
	payload := c.payload()
	sig := ed25519.Sign(priv, signedMessage(payload[:]))
	return encodeCode(payload, sig)
}

// ParseCode reads a badge code without verifying its signature. It accepts
// only the canonical form that Sign produces and returns an error wrapping
// ErrUnreadable for anything else: a string longer than MaxCodeLength, a wrong
// prefix or length, a character outside the base45 alphabet (lowercase
// included), a non-canonical base45 group or an unknown format version.
func ParseCode(code string) (Credential, error) {
	c, _, err := parseCode(code)
	return c, err
}

// VerifyCode reads a badge code and verifies its signature with the public
// key that key returns for the code's event and key id. It returns an error
// wrapping ErrUnreadable when the code is malformed (see ParseCode),
// ErrUnknownKey when key reports no such key or returns one that is not an
// ed25519.PublicKeySize-byte key, and ErrForged when the signature does not
// verify.
func VerifyCode(code string, key func(event uint32, keyID uint16) (ed25519.PublicKey, bool)) (Credential, error) {
	c, sig, err := parseCode(code)
	if err != nil {
		return Credential{}, err
	}
	pub, ok := key(c.Event, c.KeyID)
	if !ok {
		return Credential{}, fmt.Errorf("%w: event %d key %d", ErrUnknownKey, c.Event, c.KeyID)
	}
	if len(pub) != ed25519.PublicKeySize {
		// ed25519.Verify panics on such a key; it can only come from a
		// misconfigured key store, and the code cannot be checked either way.
		return Credential{}, fmt.Errorf("%w: event %d key %d: public key has %d bytes", ErrUnknownKey, c.Event, c.KeyID, len(pub))
	}
	payload := c.payload()
	if !ed25519.Verify(pub, signedMessage(payload[:]), sig) {
		return Credential{}, fmt.Errorf("%w: event %d key %d badge %d version %d", ErrForged, c.Event, c.KeyID, c.Number, c.Version)
	}
	return c, nil
}

// QR returns the QR symbol for a badge code at the QRRecovery level, ready to
// be drawn (Image, PNG, Bitmap). It returns an error only if the code cannot
// fit in a QR symbol at all, which no string of MaxCodeLength characters does.
func QR(code string) (*qrcode.QRCode, error) {
	q, err := qrcode.New(code, QRRecovery)
	if err != nil {
		return nil, fmt.Errorf("badge QR code: %w", err)
	}
	return q, nil
}

// QRVersion reports the QR version the symbol for code has at the QRRecovery
// level, and its width in modules, without the quiet zone (17 + 4 × version).
// It returns the error of QR.
func QRVersion(code string) (version int, modules int, err error) {
	q, err := QR(code)
	if err != nil {
		return 0, 0, err
	}
	return q.VersionNumber, 17 + 4*q.VersionNumber, nil
}

// EncodePublicKey returns pub as it is published to scanners: the raw 32-byte
// Ed25519 public key in unpadded base64url (RFC 4648 §5). It returns no error.
func EncodePublicKey(pub ed25519.PublicKey) string {
	return base64.RawURLEncoding.EncodeToString(pub)
}

// DecodePublicKey reverses EncodePublicKey. It returns an error if s is not
// unpadded base64url of exactly ed25519.PublicKeySize bytes.
func DecodePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("public key: not unpadded base64url: %w", err)
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key: %d bytes, want %d", len(b), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// payload returns the signed fields in their fixed big-endian layout.
func (c Credential) payload() [payloadLength]byte {
	var p [payloadLength]byte
	p[0] = formatVersion
	binary.BigEndian.PutUint32(p[1:5], c.Event)
	binary.BigEndian.PutUint16(p[5:7], c.KeyID)
	binary.BigEndian.PutUint32(p[7:11], c.Number)
	binary.BigEndian.PutUint16(p[11:13], c.Version)
	return p
}

// signedMessage returns the bytes the signature covers: the signing context,
// then the payload.
func signedMessage(payload []byte) []byte {
	msg := make([]byte, 0, len(signingContext)+len(payload))
	msg = append(msg, signingContext...)
	return append(msg, payload...)
}

func encodeCode(payload [payloadLength]byte, sig []byte) string {
	raw := make([]byte, 0, rawLength)
	raw = append(raw, payload[:]...)
	raw = append(raw, sig...)
	var b strings.Builder
	b.Grow(CodeLength)
	b.WriteString(CodePrefix)
	appendBase45(&b, raw)
	return b.String()
}

func parseCode(code string) (Credential, []byte, error) {
	// Length first, so that a huge string costs nothing more to reject.
	if len(code) > MaxCodeLength {
		return Credential{}, nil, fmt.Errorf("%w: longer than %d characters", ErrUnreadable, MaxCodeLength)
	}
	if !strings.HasPrefix(code, CodePrefix) {
		return Credential{}, nil, fmt.Errorf("%w: does not start with %q", ErrUnreadable, CodePrefix)
	}
	if len(code) != CodeLength {
		return Credential{}, nil, fmt.Errorf("%w: %d characters, want %d", ErrUnreadable, len(code), CodeLength)
	}
	raw, err := decodeBase45(code[len(CodePrefix):])
	if err != nil {
		return Credential{}, nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if len(raw) != rawLength {
		// Unreachable with a canonical decoder and the length checked above;
		// kept so that a change to either cannot read past the payload.
		return Credential{}, nil, fmt.Errorf("%w: %d bytes, want %d", ErrUnreadable, len(raw), rawLength)
	}
	if raw[0] != formatVersion {
		return Credential{}, nil, fmt.Errorf("%w: format version %d, want %d", ErrUnreadable, raw[0], formatVersion)
	}
	c := Credential{
		Event:   binary.BigEndian.Uint32(raw[1:5]),
		KeyID:   binary.BigEndian.Uint16(raw[5:7]),
		Number:  binary.BigEndian.Uint32(raw[7:11]),
		Version: binary.BigEndian.Uint16(raw[11:13]),
	}
	return c, raw[payloadLength:], nil
}

// base45Alphabet is the RFC 9285 alphabet: the 45 characters of the QR
// alphanumeric mode, each at the position of its value.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// base45Values maps a byte to its base45 value plus one; zero marks a byte
// that is not in the alphabet.
var base45Values = func() (v [256]byte) {
	for i := range len(base45Alphabet) {
		v[base45Alphabet[i]] = byte(i + 1)
	}
	return v
}()

// appendBase45 writes the RFC 9285 encoding of src: each two bytes as a 16-bit
// big-endian number written as three base45 digits, least significant first; a
// last lone byte as two digits.
func appendBase45(b *strings.Builder, src []byte) {
	for ; len(src) >= 2; src = src[2:] {
		n := int(src[0])<<8 | int(src[1])
		b.WriteByte(base45Alphabet[n%45])
		b.WriteByte(base45Alphabet[n/45%45])
		b.WriteByte(base45Alphabet[n/(45*45)])
	}
	if len(src) == 1 {
		n := int(src[0])
		b.WriteByte(base45Alphabet[n%45])
		b.WriteByte(base45Alphabet[n/45])
	}
}

// decodeBase45 reverses appendBase45. It rejects, rather than reduces, a group
// whose value does not fit in its bytes, so that every byte string has exactly
// one accepted text.
func decodeBase45(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, fmt.Errorf("base45 text of %d characters cannot end in a group of one", len(s))
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		end := min(i+3, len(s))
		n := 0
		for j := end - 1; j >= i; j-- {
			v := base45Values[s[j]]
			if v == 0 {
				return nil, fmt.Errorf("base45 character %d (byte 0x%02x) is not in the alphabet", j+1, s[j])
			}
			n = n*45 + int(v-1)
		}
		if end-i == 3 {
			if n > 0xffff {
				return nil, fmt.Errorf("base45 group at character %d exceeds 16 bits", i+1)
			}
			out = append(out, byte(n>>8), byte(n))
		} else {
			if n > 0xff {
				return nil, fmt.Errorf("base45 group at character %d exceeds 8 bits", i+1)
			}
			out = append(out, byte(n))
		}
	}
	return out, nil
}
