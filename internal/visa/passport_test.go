package visa_test

import (
	"bytes"
	"strings"
	"testing"

	"accreditation/internal/database"
)

func TestPassportSealedAndReadOnlyByTheSecretariat(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		link := "/api/v1/rsvp/" + f.Token + "/participants/" + f.MemberID + "/passport"
		r := f.Do("PUT", link, "", passport)
		if r.Status != 200 || bytes.Contains(r.Body, []byte("AZ1234567")) || !bytes.Contains(r.Body, []byte(`"received":true`)) {
			t.Fatalf("through the link: %d %s", r.Status, r.Body)
		}
		if r := f.Do("GET", link, "", nil); r.Status != 200 || bytes.Contains(r.Body, []byte("AZ1234567")) ||
			!bytes.Contains(r.Body, []byte(`"received":true`)) {
			t.Errorf("the link's receipt: %d %s", r.Status, r.Body)
		}
		staff := "/api/v1/participants/" + f.MemberID + "/passport"
		for _, role := range []string{"admin", "secretariat"} {
			got := f.mustDo("GET", staff, role, nil, 200)["passport"].(map[string]any)
			if got["number"] != "AZ1234567" || got["issuing_country"] != "AZ" || got["birth_place"] != "Ganja" ||
				got["expires_on"] != "2045-06-30" || got["letter_language"] != "ar" {
				t.Errorf("as %s: %v", role, got)
			}
		}
		for _, role := range []string{"door", ""} {
			r := f.Do("GET", staff, role, nil)
			if r.Status != 401 && r.Status != 403 || bytes.Contains(r.Body, []byte("AZ1234567")) {
				t.Errorf("as %q: %d %s", role, r.Status, r.Body)
			}
		}
		// At rest the row holds no detail in clear, in any column.
		var rows []map[string]any
		must(t, f.DB.Raw(`SELECT * FROM participant_passports`).Scan(&rows).Error)
		if len(rows) != 1 {
			t.Fatalf("%d rows", len(rows))
		}
		for col, v := range rows[0] {
			s := strings.ToUpper(toString(v))
			for _, secret := range []string{"AZ1234567", "GANJA", "1961-04-12", "2045-06-30", "ISTANBUL"} {
				if strings.Contains(s, secret) {
					t.Errorf("column %s holds %q in clear", col, secret)
				}
			}
		}
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

func TestBadPassportInputIsRefusedAndNothingStored(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		link := "/api/v1/rsvp/" + f.Token + "/participants/" + f.MemberID + "/passport"
		staff := "/api/v1/participants/" + f.MemberID + "/passport"
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"zero-width space in the number", with(map[string]any{"number": "AZ123\u200b4567"}), ""},
			{"word joiner in the number", with(map[string]any{"number": "AZ1234567\u2060"}), ""},
			{"right-to-left mark in the number", with(map[string]any{"number": "\u200fAZ1234567"}), ""},
			{"Cyrillic letter in the number", with(map[string]any{"number": "АZ1234567"}), "number"},
			{"number too short", with(map[string]any{"number": "A12"}), "number"},
			{"no number", with(map[string]any{"number": ""}), "number"},
			{"unknown country", with(map[string]any{"issuing_country": "XX"}), "issuing_country"},
			{"country as a name", with(map[string]any{"issuing_country": "Azerbaijan"}), "issuing_country"},
			{"expires before the event ends", with(map[string]any{"expires_on": "2040-03-19"}), "expires_on"},
			{"expiry not a date", with(map[string]any{"expires_on": "30/06/2045"}), "expires_on"},
			{"born in the future", with(map[string]any{"birth_date": "2090-01-01"}), "birth_date"},
			{"letter language not a working language", with(map[string]any{"letter_language": "de"}), "letter_language"},
			{"no consular office", with(map[string]any{"consulate": "  "}), "consulate"},
			{"bidi control in the place of birth", with(map[string]any{"birth_place": "Ganja\u202e"}), ""},
			{"unknown field", with(map[string]any{"nationality": "AZ"}), ""},
		} {
			for _, path := range []string{link, staff} {
				role := "secretariat"
				if path == link {
					role = ""
				}
				r := f.Do("PUT", path, role, c.body)
				if r.Status != 400 || !bytes.Contains(r.Body, []byte("problem")) && !bytes.Contains(r.Body, []byte(`"title"`)) {
					t.Errorf("%s via %s: %d %s", c.name, path, r.Status, r.Body)
				}
				if c.field != "" && !bytes.Contains(r.Body, []byte(`"`+c.field+`"`)) {
					t.Errorf("%s: the problem does not name %s: %s", c.name, c.field, r.Body)
				}
				if bytes.Contains(r.Body, []byte("AZ1234567")) || bytes.Contains(r.Body, []byte("Ganja")) {
					t.Errorf("%s: the refusal repeats the details: %s", c.name, r.Body)
				}
			}
		}
		if n := f.count("participant_passports"); n != 0 {
			t.Errorf("%d passports stored from bad input", n)
		}
		var audited int64
		must(t, f.DB.Table("audit_log").Where("entity = ?", "passport").Count(&audited).Error)
		if audited != 0 {
			t.Errorf("%d audit entries for refused input", audited)
		}
		// An event that does not ask, a withdrawn member, another delegation's member: refused too.
		f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"ask_passport": false}, 200)
		if r := f.Do("PUT", link, "", passport); r.Status != 409 || !bytes.Contains(r.Body, []byte("passport-not-asked")) {
			t.Errorf("not asked: %d %s", r.Status, r.Body)
		}
		f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"ask_passport": true}, 200)
		other := f.invite()
		f.mustDo("POST", "/api/v1/rsvp/"+other+"/response", "", map[string]string{"answer": "accept"}, 200)
		if r := f.Do("PUT", "/api/v1/rsvp/"+other+"/participants/"+f.MemberID+"/passport", "", passport); r.Status != 404 {
			t.Errorf("another delegation's member: %d %s", r.Status, r.Body)
		}
		f.mustDo("DELETE", "/api/v1/rsvp/"+f.Token+"/participants/"+f.MemberID, "", nil, 204)
		if r := f.Do("PUT", link, "", passport); r.Status != 409 {
			t.Errorf("a withdrawn member: %d %s", r.Status, r.Body)
		}
		for _, bad := range []map[string]any{{"erase_after_days": -1}, {"erase_after_days": 366}, {"ask_passport": "yes"}} {
			if r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", bad); r.Status != 400 {
				t.Errorf("settings %v: %d %s", bad, r.Status, r.Body)
			}
		}
		if n := f.count("participant_passports"); n != 0 {
			t.Errorf("%d passports stored from refused input", n)
		}
	})
}
