package visa_test

import (
	"testing"

	"accreditation/internal/database"
)

// A copied event asks for passport details as its source does and erases
// them after as many days.
func TestACopiedEventKeepsTheVisaSettings(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		cp := func(name, startsOn string) map[string]any {
			ev := f.mustDo("POST", "/api/v1/events/"+f.EventID+"/copy", "secretariat", map[string]any{"name": name, "starts_on": startsOn, "reference_format": "MC-{seq:03}"}, 201)
			return f.mustDo("GET", "/api/v1/events/"+ev["id"].(string)+"/visa-settings", "secretariat", nil, 200)
		}
		for _, want := range []map[string]any{{"ask_passport": true, "erase_after_days": 90}, {"ask_passport": false, "erase_after_days": 7}} {
			f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", want, 200)
			if got := cp("Copy of the Ministerial Conference", "2042-03-18"); got["ask_passport"] != want["ask_passport"] ||
				got["erase_after_days"] != float64(want["erase_after_days"].(int)) {
				t.Errorf("the copy's visa settings %v, want %v", got, want)
			}
		}
	})
}
