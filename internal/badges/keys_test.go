package badges

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/database"
	"accreditation/internal/event"
)

func TestGenerateKey(t *testing.T) {
	pub, priv, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pub2, _, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(pub, pub2) {
		t.Fatal("two generated keys are equal")
	}
	code := Credential{Event: 1, KeyID: 1, Number: 1, Version: 1}.Sign(priv)
	if _, err := VerifyCode(code, onlyKey(1, 1, pub)); err != nil {
		t.Fatalf("a code signed with a generated key does not verify: %v", err)
	}
}

func TestLoadOrCreateMasterKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets", "master.key")
	first, err := LoadOrCreateMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != MasterKeySize || bytes.Equal(first, make([]byte, MasterKeySize)) {
		t.Fatalf("created key %d bytes, all zero %v; want %d random bytes", len(first), bytes.Equal(first, make([]byte, MasterKeySize)), MasterKeySize)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Fatalf("created key file has mode %04o, want 0600", got)
	}
	if dir, err := os.Stat(filepath.Dir(path)); err != nil || dir.Mode().Perm() != 0o700 {
		t.Fatalf("created key directory: %v, %v; want mode 0700", dir.Mode(), err)
	}
	stored, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(stored, first) {
		t.Fatalf("file holds %x (%v), want the returned key", stored, err)
	}
	second, err := LoadOrCreateMasterKey(path)
	if err != nil || !bytes.Equal(second, first) {
		t.Fatalf("second call = %x, %v; want the same key as the first", second, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("key directory holds %d entries, want only the key (no temporary file left)", len(entries))
	}
}

func TestLoadOrCreateMasterKeyConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	keys := make([][]byte, 8)
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateMasterKey(path) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("caller %d got %x, %v; want the same key as caller 0 (%x)", i, keys[i], errs[i], keys[0])
		}
	}
}

func TestLoadOrCreateMasterKeyRefuses(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		mode    os.FileMode
	}{
		{"readable by group", make([]byte, 32), 0o640},
		{"readable by others", make([]byte, 32), 0o604},
		{"writable by group", make([]byte, 32), 0o620},
		{"executable", make([]byte, 32), 0o700},
		{"world readable", make([]byte, 32), 0o644},
		{"empty", nil, 0o600},
		{"short", make([]byte, 31), 0o600},
		{"long", make([]byte, 33), 0o600},
		{"base64 text instead of bytes", []byte(base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\n"), 0o600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			key, err := LoadOrCreateMasterKey(path)
			if !errors.Is(err, ErrMasterKey) || key != nil {
				t.Fatalf("LoadOrCreateMasterKey = %x, %v; want nil, ErrMasterKey", key, err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, tt.content) {
				t.Fatal("the refused file was changed")
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		path := t.TempDir()
		if _, err := LoadOrCreateMasterKey(path); !errors.Is(err, ErrMasterKey) {
			t.Fatalf("LoadOrCreateMasterKey(a directory) = %v; want ErrMasterKey", err)
		}
	})
	t.Run("read-only owner", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "master.key")
		want := bytes.Repeat([]byte{7}, 32)
		if err := os.WriteFile(path, want, 0o400); err != nil {
			t.Fatal(err)
		}
		if got, err := LoadOrCreateMasterKey(path); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("LoadOrCreateMasterKey(mode 0400) = %x, %v; want the stored key", got, err)
		}
	})
}

func TestParseMasterKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xab}, 32)
	text := base64.StdEncoding.EncodeToString(key)
	for _, ok := range []string{text, " " + text + "\n"} {
		got, err := ParseMasterKey(ok)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("ParseMasterKey(%q) = %x, %v; want %x", ok, got, err, key)
		}
	}
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"blank", "  \n"},
		{"31 bytes", base64.StdEncoding.EncodeToString(key[:31])},
		{"33 bytes", base64.StdEncoding.EncodeToString(append(key, 1))},
		{"hex", hex.EncodeToString(key)},
		{"not base64", "this is not a key, really not at all!!!!!!!"},
		{"unpadded", strings.TrimRight(text, "=")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMasterKey(tt.text)
			if !errors.Is(err, ErrMasterKey) || got != nil {
				t.Fatalf("ParseMasterKey = %x, %v; want nil, ErrMasterKey", got, err)
			}
			if tt.text != "" && strings.TrimSpace(tt.text) != "" && strings.Contains(err.Error(), strings.TrimSpace(tt.text)) {
				t.Fatalf("error %q repeats the secret text", err)
			}
		})
	}
}

func TestSealOpenPrivateKey(t *testing.T) {
	master := bytes.Repeat([]byte{1}, MasterKeySize)
	otherMaster := bytes.Repeat([]byte{2}, MasterKeySize)
	_, priv := testKey(t, 0)
	sealed, err := SealPrivateKey(master, "7/2", priv)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, priv.Seed()) || bytes.Contains(sealed, priv.Seed()[:8]) {
		t.Fatal("the sealed key contains the seed in clear")
	}
	again, err := SealPrivateKey(master, "7/2", priv)
	if err != nil || bytes.Equal(again, sealed) {
		t.Fatalf("sealing twice gave equal output (%v); want a fresh random nonce each time", err)
	}
	for _, s := range [][]byte{sealed, again} {
		got, err := OpenPrivateKey(master, "7/2", s)
		if err != nil || !bytes.Equal(got, priv) {
			t.Fatalf("OpenPrivateKey = %v; want the sealed key", err)
		}
	}

	fail := []struct {
		name   string
		master []byte
		keyID  string
		sealed []byte
		want   error
	}{
		{"wrong master key", otherMaster, "7/2", sealed, ErrSealedKey},
		{"wrong key id", master, "7/1", sealed, ErrSealedKey},
		{"key id of another event", master, "8/2", sealed, ErrSealedKey},
		{"empty key id", master, "", sealed, ErrSealedKey},
		{"truncated", master, "7/2", sealed[:len(sealed)-1], ErrSealedKey},
		{"extended", master, "7/2", append(bytes.Clone(sealed), 0), ErrSealedKey},
		{"empty", master, "7/2", nil, ErrSealedKey},
		{"short master key", master[:16], "7/2", sealed, ErrMasterKey},
		{"no master key", nil, "7/2", sealed, ErrMasterKey},
	}
	for i := range sealed {
		flipped := bytes.Clone(sealed)
		flipped[i] ^= 0x01
		fail = append(fail, struct {
			name   string
			master []byte
			keyID  string
			sealed []byte
			want   error
		}{fmt.Sprintf("byte %d flipped", i), master, "7/2", flipped, ErrSealedKey})
	}
	for _, tt := range fail {
		got, err := OpenPrivateKey(tt.master, tt.keyID, tt.sealed)
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: OpenPrivateKey = %v; want nil, %v", tt.name, err, tt.want)
		}
	}
}

func TestSealPrivateKeyRefuses(t *testing.T) {
	master := bytes.Repeat([]byte{1}, MasterKeySize)
	_, priv := testKey(t, 0)
	mismatched := bytes.Clone(priv)
	mismatched[40] ^= 1
	tests := []struct {
		name   string
		master []byte
		keyID  string
		priv   ed25519.PrivateKey
		want   error
	}{
		{"short master key", master[:31], "7/2", priv, ErrMasterKey},
		{"empty key id", master, "", priv, nil},
		{"seed only", master, "7/2", priv.Seed(), nil},
		{"no key", master, "7/2", nil, nil},
		{"public half does not match", master, "7/2", mismatched, nil},
	}
	for _, tt := range tests {
		sealed, err := SealPrivateKey(tt.master, tt.keyID, tt.priv)
		if err == nil || sealed != nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: SealPrivateKey = %x, %v; want nil and an error (%v)", tt.name, sealed, err, tt.want)
		}
	}
}

// TestSigningKeyRedacts prints a SigningKey every way a log line or a
// response might, and looks for any form of the private key in the output.
func TestSigningKeyRedacts(t *testing.T) {
	_, priv := testKey(t, 0x90)
	key, err := NewSigningKey(7, 2, priv)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct {
		Name string
		Key  SigningKey
		Ptr  *SigningKey
	}{"config", key, &key}

	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%b", "%c", "%U"} {
		outputs = append(outputs, fmt.Sprintf(verb, key), fmt.Sprintf(verb, &key), fmt.Sprintf(verb, holder))
	}
	outputs = append(outputs, fmt.Sprint(key), fmt.Sprintln(key, &key))
	for _, v := range []any{key, &key, holder} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(data))
	}
	text, _ := key.MarshalText()
	outputs = append(outputs, string(text))
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("loaded", "key", key, "ptr", &key, "holder", holder)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("loaded", "key", key, "ptr", &key, "holder", holder)
	outputs = append(outputs, logs.String())

	secrets := []string{
		hex.EncodeToString(priv.Seed()[:6]),
		strings.ToUpper(hex.EncodeToString(priv.Seed()[:6])),
		base64.StdEncoding.EncodeToString(priv.Seed())[:8],
		base64.RawURLEncoding.EncodeToString(priv.Seed())[:8],
		strings.Trim(fmt.Sprint([]byte(priv.Seed()[:6])), "[]"),
		fmt.Sprintf("%o", []byte(priv.Seed()[:4])),
		string(priv.Seed()[:6]),
	}
	for _, out := range outputs {
		if !strings.Contains(out, "redacted") {
			t.Errorf("output %q does not say the key is redacted", out)
		}
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("output %q contains the private key (%q)", out, s)
			}
		}
	}
	if !strings.Contains(logs.String(), "event=7") || !strings.Contains(logs.String(), `"key_id":2`) {
		t.Errorf("logs %q should still say which key it is", logs.String())
	}
}

func TestSigningKeySigns(t *testing.T) {
	pub, priv := testKey(t, 0)
	key, err := NewSigningKey(7, 2, priv)
	if err != nil {
		t.Fatal(err)
	}
	priv[0] ^= 1 // the SigningKey holds its own copy
	if key.Event() != 7 || key.KeyID() != 2 || !bytes.Equal(key.Public(), pub) {
		t.Fatalf("key is event %d key %d public %x; want 7, 2, %x", key.Event(), key.KeyID(), key.Public(), pub)
	}
	code := key.Sign(1042, 3)
	got, err := VerifyCode(code, onlyKey(7, 2, pub))
	if want := (Credential{Event: 7, KeyID: 2, Number: 1042, Version: 3}); err != nil || got != want {
		t.Fatalf("VerifyCode(key.Sign) = %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []ed25519.PrivateKey{nil, ed25519.PrivateKey(pub), priv} {
		if _, err := NewSigningKey(7, 2, bad); err == nil {
			t.Errorf("NewSigningKey accepted a malformed %d-byte key", len(bad))
		}
	}
}

func TestPublicKeyText(t *testing.T) {
	pub, _ := testKey(t, 0)
	text := EncodePublicKey(pub)
	if len(text) != 43 || strings.ContainsAny(text, "+/=") {
		t.Fatalf("EncodePublicKey = %q; want 43 characters of unpadded base64url", text)
	}
	got, err := DecodePublicKey(text)
	if err != nil || !bytes.Equal(got, pub) {
		t.Fatalf("DecodePublicKey(%q) = %x, %v; want %x", text, got, err, pub)
	}
	for _, bad := range []string{"", text + "=", text[:42], text + "A", base64.StdEncoding.EncodeToString(pub), hex.EncodeToString(pub)} {
		if got, err := DecodePublicKey(bad); err == nil {
			t.Errorf("DecodePublicKey(%q) = %x, nil; want an error", bad, got)
		}
	}
}

// TestKeyringCheckNamesAnotherMasterKey: a server whose master key is not
// the one that sealed the stored signing keys (it generated its own) is
// told so, naming SIGNING_KEY_SECRET; the right key passes, as does any key
// before the first signing key exists.
func TestKeyringCheckNamesAnotherMasterKey(t *testing.T) {
	db := database.OpenTest(t).DB
	master := make([]byte, MasterKeySize)
	other := make([]byte, MasterKeySize)
	other[0] = 1
	k, err := NewKeyring(db, master)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Check(context.Background()); err != nil {
		t.Fatalf("with no key stored: %v", err)
	}
	name, tz, from, to, langs := "Conference", "Asia/Baku", "2013-03-18", "2013-03-19", []string{"en"}
	ev, err := event.NewService(db).CreateEvent(context.Background(), event.EventInput{Name: &name, Timezone: &tz,
		StartsOn: &from, EndsOn: &to, Languages: &langs})
	if err != nil {
		t.Fatalf("create an event: %v", err)
	}
	if _, err := k.EnsureKey(context.Background(), ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := k.Check(context.Background()); err != nil {
		t.Fatalf("the master key that sealed the key: %v", err)
	}
	wrong, _ := NewKeyring(db, other)
	err = wrong.Check(context.Background())
	if !errors.Is(err, ErrMasterKey) || !strings.Contains(err.Error(), "SIGNING_KEY_SECRET") {
		t.Fatalf("another master key: %v", err)
	}
}
