package auth

import (
	"regexp"
	"testing"
)

func TestPairingCodes(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$`)
	seen := map[string]bool{}
	for range 200 {
		c := newPairingCode()
		if !shape.MatchString(c) || seen[c] {
			t.Fatalf("code %q: not five groups of four Crockford letters, or seen before", c)
		}
		seen[c] = true
		if n, ok := NormalizePairingCode(c); !ok || len(n) != PairingCodeLength || hashPairingCode(c) != hashPairingCode(n) {
			t.Fatalf("code %q normalizes to %q (%v)", c, n, ok)
		}
	}
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"7k2m-q9rt-0000-1111-abcd", "7K2MQ9RT00001111ABCD", true},
		{" 7K2M Q9RT OOOO IIII ABCD ", "7K2MQ9RT00001111ABCD", true}, // O read as 0, I as 1
		{"7K2M-Q9RT-LLLL-0000-ABCD", "7K2MQ9RT11110000ABCD", true},
		{"7K2M-Q9RT-0000-1111-ABC", "7K2MQ9RT00001111ABC", false},   // too short
		{"7K2M-Q9RT-0000-1111-ABCU", "7K2MQ9RT00001111ABCU", false}, // U is no letter of the alphabet
		{"AC1:0123456789", "AC1:0123456789", false},                 // a badge's code
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := NormalizePairingCode(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizePairingCode(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
