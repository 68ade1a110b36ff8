package registration_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"accreditation/internal/database"
	"accreditation/internal/i18n"
	"accreditation/internal/registration"
)

// TestExportHeaderSpeaksTheLanguageAsked: without ?language= the header row
// of each export says what its columns are in the event's first working
// language (Arabic here); language=keys gives the machine keys; another
// value is a 400 naming language.
func TestExportHeaderSpeaksTheLanguageAsked(t *testing.T) {
	f, _, _, _ := travelFixture(t, database.OpenTest(t))
	header := func(path string) []string {
		t.Helper()
		r := f.Do("GET", path, "secretariat", nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\uFEFF")))).ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", path, err)
		}
		return rows[0]
	}
	kind := "protocol"
	ss := f.Do("POST", "/api/v1/events/"+f.EventID+"/sessions", "admin", map[string]any{"kind": kind,
		"titles": map[string]string{"en": "Official dinner"}}).Map(t)["id"].(string)
	for _, c := range []struct {
		path, first string
		keys        []string
	}{
		{"/api/v1/events/" + f.EventID + "/participants/export", i18n.T("ar", "columns."+registration.ExportColumns[0]), registration.ExportColumns},
		{"/api/v1/events/" + f.EventID + "/arrivals/export", i18n.T("ar", "export.arrivals.date"), registration.ArrivalColumns},
		{"/api/v1/events/" + f.EventID + "/sessions/" + ss + "/registrations/export", i18n.T("ar", "rsvp.protocol.col_badge_number"), registration.AttendeeColumns},
	} {
		if got := header(c.path); got[0] != c.first || got[0] == c.keys[0] {
			t.Errorf("%s: header %q, want it in Arabic (%q)", c.path, got, c.first)
		}
		if got := header(c.path + "?language=fr"); got[0] == c.first || got[0] == c.keys[0] {
			t.Errorf("%s in French: header %q", c.path, got)
		}
		if got := header(c.path + "?language=keys"); strings.Join(got, ",") != strings.Join(c.keys, ",") {
			t.Errorf("%s with keys: header %q, want %q", c.path, got, c.keys)
		}
		if r := f.Do("GET", c.path+"?language=de", "secretariat", nil); r.Status != 400 || !strings.Contains(string(r.Body), `"field":"language"`) {
			t.Errorf("%s in German: %d %s", c.path, r.Status, r.Body)
		}
	}
}
