package auth

import (
	"strings"
	"testing"
)

func TestPasswordHashes(t *testing.T) {
	h := HashPassword("correct horse battery staple")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC form", h)
	}
	if h == HashPassword("correct horse battery staple") {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	cases := []struct {
		hash, password string
		want           bool
	}{
		{h, "correct horse battery staple", true},
		{h, "correct horse battery stapl", false},
		{h, "", false},
		{"$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "x", false},
		{"not a hash", "not a hash", false},
		{"$argon2id$v=19$m=19456,t=2,p=1$!!$!!", "x", false},
	}
	for _, c := range cases {
		if got := CheckPassword(c.hash, c.password); got != c.want {
			t.Errorf("CheckPassword(%.30q, %q) = %v, want %v", c.hash, c.password, got, c.want)
		}
	}
}

func TestTokensAreLongRandomAndStoredHashed(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 43 {
		t.Fatalf("tokens %q %q: want distinct, 256 bits", a, b)
	}
	if h := HashToken(a); len(h) != 64 || strings.Contains(h, a) || h != HashToken(a) {
		t.Errorf("HashToken(%q) = %q: want a stable hex SHA-256", a, h)
	}
}
