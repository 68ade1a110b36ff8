package badges

import (
	"bytes"
	"crypto/ed25519"
	"testing"
)

// TestPrintedQRVersion checks that the symbol printed on a badge has the
// version that QRVersion reports (and the specification states), for codes
// of every length a badge can have.
func TestPrintedQRVersion(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	for _, c := range []Credential{
		{Event: 1, KeyID: 1, Number: 1, Version: 1},
		{Event: 7, KeyID: 2, Number: 123456, Version: 3},
		{Event: 1 << 30, KeyID: 65535, Number: 1<<32 - 1, Version: 65535},
	} {
		code := c.Sign(key)
		version, modules, err := QRVersion(code)
		if err != nil {
			t.Fatal(err)
		}
		q, err := qrSymbol(code)
		if err != nil {
			t.Fatal(err)
		}
		if q.Size() != modules {
			t.Errorf("%q: printed symbol has %d modules, QRVersion says version %d (%d modules)", code, q.Size(), version, modules)
		}
	}
}
