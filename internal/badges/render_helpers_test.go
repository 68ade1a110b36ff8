package badges_test

import (
	"bytes"
	"crypto/ed25519"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
)

// fixedKey is a deterministic signing key for renderer tests.
var fixedKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// testPhoto returns a deterministic 300×400 JPEG portrait placeholder.
func testPhoto(t testing.TB, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{shade, uint8(x * 255 / 300), uint8(y * 255 / 400), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testCard makes the card of name n as badge number, version 1 of event 7.
func testCard(t testing.TB, n fixtures.Name, number int, photo []byte) badges.Card {
	code := badges.Credential{Event: 7, KeyID: 1, Number: uint32(number), Version: 1}.Sign(fixedKey)
	return badges.Card{
		EventName:    "International Ministerial Conference on Cybercrime and Internet Security",
		EventNameAlt: "Conférence ministérielle internationale sur la cybercriminalité et la sécurité de l'Internet",
		EventDates:   "18–19 March 2013", Category: "Head of Delegation", CategoryAlt: "Chef de délégation",
		CategoryColour: "#8B1A1A", Zones: []string{"PLENARY", "VIP"},
		Photo: photo, Honorific: n.Honorific, Name: n.Latin(), NativeName: n.Native,
		Function: "Minister of Justice", Delegation: "Republic of Azerbaijan", DelegationAlt: "République d'Azerbaïdjan",
		Code: code, Number: number, Version: 1,
	}
}
