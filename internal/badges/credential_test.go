package badges

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"

	"accreditation/internal/testkit"
)

// testKey returns the key pair whose seed is the 32 bytes first, first+1, ...
func testKey(t testing.TB, first byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = first + byte(i)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	return priv.Public().(ed25519.PublicKey), priv
}

// anyEvent is a key lookup that returns pub for every event and key id, as
// if the verifier knew every key: tampering with the event or key id must
// then be caught by the signature.
func anyEvent(pub ed25519.PublicKey) func(uint32, uint16) (ed25519.PublicKey, bool) {
	return func(uint32, uint16) (ed25519.PublicKey, bool) { return pub, true }
}

// onlyKey is a key lookup that knows one key of one event.
func onlyKey(event uint32, keyID uint16, pub ed25519.PublicKey) func(uint32, uint16) (ed25519.PublicKey, bool) {
	return func(e uint32, k uint16) (ed25519.PublicKey, bool) {
		if e == event && k == keyID {
			return pub, true
		}
		return nil, false
	}
}

var roundTripCredentials = []Credential{
	{Event: 1, KeyID: 1, Number: 1, Version: 1},
	{Event: 7, KeyID: 2, Number: 1042, Version: 3},
	{},
	{Event: 0xffffffff, KeyID: 0xffff, Number: 0xffffffff, Version: 0xffff},
	{Event: 0x01020304, KeyID: 0x0506, Number: 0x0708090a, Version: 0x0b0c},
}

func TestSignParseVerify(t *testing.T) {
	pub, priv := testKey(t, 0)
	for _, c := range roundTripCredentials {
		code := c.Sign(priv)
		if len(code) != CodeLength || CodeLength != 120 {
			t.Errorf("%+v: code has %d characters, want CodeLength %d = 120", c, len(code), CodeLength)
		}
		if !strings.HasPrefix(code, CodePrefix) {
			t.Errorf("%+v: code %q does not start with %q", c, code, CodePrefix)
		}
		for i, r := range code {
			if !strings.ContainsRune(base45Alphabet, r) {
				t.Errorf("%+v: character %d %q of %q is not QR alphanumeric", c, i, r, code)
			}
		}
		got, err := ParseCode(code)
		if err != nil || got != c {
			t.Errorf("ParseCode(%q) = %+v, %v; want %+v, nil", code, got, err, c)
		}
		got, err = VerifyCode(code, onlyKey(c.Event, c.KeyID, pub))
		if err != nil || got != c {
			t.Errorf("VerifyCode(%q) = %+v, %v; want %+v, nil", code, got, err, c)
		}
	}
}

func TestSignIsDeterministicAndDistinct(t *testing.T) {
	_, priv := testKey(t, 0)
	seen := map[string]Credential{}
	for _, c := range roundTripCredentials {
		code := c.Sign(priv)
		if again := c.Sign(priv); again != code {
			t.Errorf("%+v signed twice: %q then %q", c, code, again)
		}
		if other, ok := seen[code]; ok {
			t.Errorf("%+v and %+v have the same code %q", c, other, code)
		}
		seen[code] = c
	}
}

// TestTamperedCodeNeverVerifies replaces each character of a valid code by
// every other QR alphanumeric character, a lowercase letter, a control
// character and a non-ASCII byte.
func TestTamperedCodeNeverVerifies(t *testing.T) {
	pub, priv := testKey(t, 0)
	code := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}.Sign(priv)
	replacements := base45Alphabet + "az\x00\n\xc3\xff"
	tried := 0
	for i := range len(code) {
		for j := range len(replacements) {
			if replacements[j] == code[i] {
				continue
			}
			tampered := code[:i] + string(replacements[j]) + code[i+1:]
			tried++
			got, err := VerifyCode(tampered, anyEvent(pub))
			if !errors.Is(err, ErrForged) && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("VerifyCode(%q) (character %d changed) = %+v, %v; want ErrForged or ErrUnreadable", tampered, i, got, err)
			}
		}
	}
	if tried < 120*45 {
		t.Fatalf("tried %d tampered codes, want at least %d", tried, 120*45)
	}
}

func TestVerifyCodeKeys(t *testing.T) {
	pub, priv := testKey(t, 0)
	otherPub, _ := testKey(t, 0x40)
	c := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}
	code := c.Sign(priv)
	tests := []struct {
		name string
		key  func(uint32, uint16) (ed25519.PublicKey, bool)
		want error
	}{
		{"right key", onlyKey(7, 2, pub), nil},
		{"another key", onlyKey(7, 2, otherPub), ErrForged},
		{"unknown key id", onlyKey(7, 1, pub), ErrUnknownKey},
		{"unknown event", onlyKey(8, 2, pub), ErrUnknownKey},
		{"no keys", func(uint32, uint16) (ed25519.PublicKey, bool) { return nil, false }, ErrUnknownKey},
		{"short public key", func(uint32, uint16) (ed25519.PublicKey, bool) { return pub[:31], true }, ErrUnknownKey},
		{"nil public key", func(uint32, uint16) (ed25519.PublicKey, bool) { return nil, true }, ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VerifyCode(code, tt.key)
			if !errors.Is(err, tt.want) || (tt.want != nil && err == nil) {
				t.Fatalf("VerifyCode = %+v, %v; want error %v", got, err, tt.want)
			}
			if tt.want == nil && got != c {
				t.Fatalf("VerifyCode = %+v; want %+v", got, c)
			}
			if tt.want != nil && got != (Credential{}) {
				t.Fatalf("VerifyCode returned %+v with error %v; want the zero Credential", got, err)
			}
		})
	}
}

func TestVerifyCodeDoesNotAskForKeyOfUnreadableCode(t *testing.T) {
	asked := false
	_, err := VerifyCode("AC1:NOT A CODE", func(uint32, uint16) (ed25519.PublicKey, bool) {
		asked = true
		return nil, false
	})
	if !errors.Is(err, ErrUnreadable) || asked {
		t.Fatalf("VerifyCode = %v, key asked %v; want ErrUnreadable without asking", err, asked)
	}
}

// rawCode encodes arbitrary bytes as a code, to build codes Sign cannot make.
func rawCode(raw []byte) string {
	var b strings.Builder
	b.WriteString(CodePrefix)
	appendBase45(&b, raw)
	return b.String()
}

func TestParseCodeRejects(t *testing.T) {
	_, priv := testKey(t, 0)
	valid := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}.Sign(priv)
	body := valid[len(CodePrefix):]
	format2 := bytes.Repeat([]byte{0}, rawLength)
	format2[0] = 2
	tests := []struct{ name, code string }{
		{"empty", ""},
		{"prefix only", CodePrefix},
		{"other format prefix", "AC2:" + body},
		{"lowercase prefix", "ac1:" + body},
		{"no prefix", body + "AB12"},
		{"lowercase body", CodePrefix + strings.ToLower(body)},
		{"one lowercase letter", strings.Replace(valid, "A", "a", 2)},
		{"truncated by one", valid[:len(valid)-1]},
		{"truncated by a group", valid[:len(valid)-3]},
		{"half", valid[:60]},
		{"trailing character", valid + "0"},
		{"trailing newline", valid + "\n"},
		{"trailing space", valid + " "},
		{"leading space", " " + valid[:len(valid)-1]},
		{"a megabyte", valid + strings.Repeat("0", 1<<20)},
		{"non-ASCII", CodePrefix + "É" + body[2:]},
		{"NUL", valid[:50] + "\x00" + valid[51:]},
		{"lowercase e", valid[:50] + "e" + valid[51:]},
		{"equals sign", valid[:50] + "=" + valid[51:]},
		{"group over 16 bits", CodePrefix + ":::" + body[3:]},
		{"last group over 8 bits", valid[:len(valid)-2] + "::"},
		{"format version 2", rawCode(format2)},
		{"format version 0", rawCode(make([]byte, rawLength))},
		{"format byte only", rawCode([]byte{formatVersion})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCode(tt.code)
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("ParseCode(%.130q) = %+v, %v; want ErrUnreadable", tt.code, got, err)
			}
			if got != (Credential{}) {
				t.Fatalf("ParseCode(%.130q) returned %+v with an error; want the zero Credential", tt.code, got)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("error is %d characters long; it must not repeat the input", len(err.Error()))
			}
		})
	}
}

// TestBase45RFC9285 checks the encoding against the examples of RFC 9285
// section 4.
func TestBase45RFC9285(t *testing.T) {
	tests := []struct{ bytes, text string }{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
		{"\x00", "00"},
		{"\xff", "U5"},
		{"\xff\xff", "FGW"},
	}
	for _, tt := range tests {
		var b strings.Builder
		appendBase45(&b, []byte(tt.bytes))
		if got := b.String(); got != tt.text {
			t.Errorf("base45(%q) = %q, want %q", tt.bytes, got, tt.text)
		}
		got, err := decodeBase45(tt.text)
		if err != nil || string(got) != tt.bytes {
			t.Errorf("decodeBase45(%q) = %q, %v; want %q", tt.text, got, err, tt.bytes)
		}
	}
	for _, bad := range []string{"GGW", ":::", "V5", "::", "0", "0000", "aa0"} {
		if got, err := decodeBase45(bad); err == nil {
			t.Errorf("decodeBase45(%q) = %q, nil; want an error", bad, got)
		}
	}
}

func TestQRVersion(t *testing.T) {
	_, priv := testKey(t, 0)
	for _, c := range roundTripCredentials {
		code := c.Sign(priv)
		version, modules, err := QRVersion(code)
		if err != nil || version != 5 || modules != 37 {
			t.Errorf("QRVersion(%q) = %d, %d, %v; want 5, 37, nil", code, version, modules, err)
		}
		// Level Q, for the record in docs/credential.md: the symbol it would take.
		q, err := qrcode.New(code, qrcode.High)
		if err != nil || q.VersionNumber != 7 {
			t.Errorf("at level Q, %q takes version %d (%v); docs/credential.md says 7", code, q.VersionNumber, err)
		}
	}
}

// TestQRDecodes draws each test vector's code as a PNG and reads it back with
// zbarimg (Debian's zbar-tools), a decoder independent of the encoder; what it
// reads must verify.
func TestQRDecodes(t *testing.T) {
	zbarimg := testkit.NeedTool(t, "zbarimg", "zbar-tools")
	for _, v := range loadVectors(t).Vectors {
		pub, err := hex.DecodeString(v.PublicKeyHex)
		if err != nil {
			t.Fatal(err)
		}
		// 4 pixels a module: 0.68 mm modules at 150 dpi, about the printed size.
		for _, scale := range []int{4, 10} {
			q, err := QR(v.Code)
			if err != nil {
				t.Fatal(err)
			}
			png, err := q.PNG(-scale)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "badge.png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file).Output()
			if err != nil {
				t.Fatalf("%s at %d px a module: zbarimg: %v (%s)", v.Name, scale, err, out)
			}
			// zbarimg ends each symbol with a newline; a code never ends in
			// white space, so nothing else is trimmed.
			decoded := strings.TrimSuffix(string(out), "\n")
			if decoded != v.Code {
				t.Fatalf("%s at %d px a module: zbarimg read %q, want %q", v.Name, scale, decoded, v.Code)
			}
			if _, err := VerifyCode(decoded, anyEvent(pub)); err != nil {
				t.Fatalf("%s: decoded code does not verify: %v", v.Name, err)
			}
		}
	}
}

func FuzzParseCode(f *testing.F) {
	pub, priv := testKey(f, 0)
	valid := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}.Sign(priv)
	f.Add(valid)
	f.Add(Credential{Event: 0xffffffff, KeyID: 0xffff, Number: 0xffffffff, Version: 0xffff}.Sign(priv))
	f.Add(valid[:len(valid)-1])
	f.Add(valid[:60])
	f.Add("")
	f.Add(CodePrefix)
	f.Add(strings.Repeat("A", 1<<20))
	f.Add(strings.ToLower(valid))
	f.Add(CodePrefix + "É" + valid[len(CodePrefix)+2:])
	f.Add("AC1:" + strings.Repeat(":", CodeLength-len(CodePrefix)))
	f.Fuzz(func(t *testing.T, code string) {
		c, sig, err := parseCode(code)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("parseCode(%q) error %v does not wrap ErrUnreadable", code, err)
			}
			if _, verr := VerifyCode(code, anyEvent(pub)); !errors.Is(verr, ErrUnreadable) {
				t.Fatalf("ParseCode rejects %q but VerifyCode says %v", code, verr)
			}
			return
		}
		if again := encodeCode(c.payload(), sig); again != code {
			t.Fatalf("parseCode(%q) = %+v, which encodes to %q: not canonical", code, c, again)
		}
		if _, err := VerifyCode(code, anyEvent(pub)); err != nil && !errors.Is(err, ErrForged) {
			t.Fatalf("VerifyCode(%q) = %v; a readable code either verifies or is forged", code, err)
		}
	})
}

func BenchmarkVerifyCode(b *testing.B) {
	pub, priv := testKey(b, 0)
	code := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}.Sign(priv)
	key := onlyKey(7, 2, pub)
	for b.Loop() {
		if _, err := VerifyCode(code, key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	_, priv := testKey(b, 0)
	c := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}
	for b.Loop() {
		c.Sign(priv)
	}
}

func BenchmarkParseCode(b *testing.B) {
	_, priv := testKey(b, 0)
	code := Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}.Sign(priv)
	for b.Loop() {
		if _, err := ParseCode(code); err != nil {
			b.Fatal(err)
		}
	}
}
