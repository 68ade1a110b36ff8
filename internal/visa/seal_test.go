package visa

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"accreditation/internal/badges"
)

func TestSealOpensOnlyForItsParticipantUnderItsKey(t *testing.T) {
	master := bytes.Repeat([]byte{7}, badges.MasterKeySize)
	s, err := NewSealer(master)
	if err != nil {
		t.Fatal(err)
	}
	p := Passport{Number: "AZ1234567", IssuingCountry: "AZ", ExpiresOn: "2045-06-30", BirthDate: "1961-04-12",
		BirthPlace: "Ganja", Consulate: "Consulate in Istanbul", LetterLanguage: "ar"}
	sealed, err := s.Seal("participant-a", p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "AZ1234567") || strings.Contains(sealed, "Ganja") {
		t.Fatalf("sealed holds the details: %s", sealed)
	}
	again, _ := s.Seal("participant-a", p)
	if again == sealed {
		t.Error("two seals of the same details are equal: the nonce is not random")
	}
	if got, err := s.Open("participant-a", sealed); err != nil || got != p {
		t.Errorf("open: %+v, %v", got, err)
	}
	if _, err := s.Open("participant-b", sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("opened for another participant: %v", err)
	}
	other, _ := NewSealer(bytes.Repeat([]byte{8}, badges.MasterKeySize))
	if _, err := other.Open("participant-a", sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("opened under another master key: %v", err)
	}
	if _, err := NewSealer(master[:16]); !errors.Is(err, badges.ErrMasterKey) {
		t.Errorf("a short master key: %v", err)
	}
	// Neither fmt nor slog prints the details.
	var log bytes.Buffer
	in := PassportInput(p)
	slog.New(slog.NewJSONHandler(&log, nil)).Info("x", "passport", p, "input", in)
	for _, out := range []string{fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s", p, p, p, p), fmt.Sprintf("%v %+v %#v", in, in, in),
		fmt.Sprintf("%+v", Record{Passport: p}), log.String()} {
		if strings.Contains(out, "AZ1234567") || strings.Contains(out, "Ganja") {
			t.Errorf("printed: %s", out)
		}
	}
}
