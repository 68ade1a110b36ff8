package visa_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"

	"accreditation/internal/database"
)

// lockedBuffer is a log that the server's goroutines write while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestPassportDetailsAppearNowhereElse gives a member passport details
// through the link and through the Secretariat, approves them (which issues
// a badge), draws the visa letter and makes a refused request, and then
// walks what else the service answers of them: the participant API and its
// lists, the RSVP overview and page, every export in CSV and XLSX, the
// scanner's snapshot, the audit log, and the server's log. None holds the
// passport number, the date or the place of birth.
func TestPassportDetailsAppearNowhereElse(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		var log lockedBuffer
		f := newFixtureLogged(t, db, &log, "2040-03-18", "2040-03-19")
		ev, pid := "/api/v1/events/"+f.EventID, f.MemberID
		zone := f.mustDo("POST", ev+"/zones", "secretariat", map[string]any{"code": "plenary",
			"names": map[string]string{"en": "Plenary hall"}}, 201)["id"].(string)
		checkpoint := f.mustDo("POST", ev+"/checkpoints", "secretariat", map[string]any{"name": "Main door",
			"zone_id": zone}, 201)["id"].(string)
		f.Device(f.EventID, checkpoint)
		f.mustDo("PUT", "/api/v1/rsvp/"+f.Token+"/participants/"+pid+"/passport", "", passport, 200)
		f.mustDo("PUT", "/api/v1/participants/"+pid+"/passport", "secretariat", with(map[string]any{"birth_place": "Ganja, Azerbaijan"}), 200)
		if r := f.Do("PUT", "/api/v1/participants/"+pid+"/passport", "secretariat", with(map[string]any{"expires_on": "2040-01-01"})); r.Status != 400 {
			t.Fatalf("a refused change: %d", r.Status)
		}
		f.mustDo("POST", "/api/v1/participants/"+pid+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}, 200)
		if r := f.Do("POST", "/api/v1/participants/"+pid+"/visa-letter", "secretariat", nil); r.Status != 200 {
			t.Fatalf("letter: %d %s", r.Status, r.Body)
		}
		// The Secretariat reads them: that is the one place they show.
		if r := f.Do("GET", "/api/v1/participants/"+pid+"/passport", "secretariat", nil); !bytes.Contains(r.Body, []byte("AZ1234567")) {
			t.Fatalf("the Secretariat does not read the details: %s", r.Body)
		}

		secrets := []string{"AZ1234567", "Ganja", "1961-04-12", "1961"}
		check := func(what string, body []byte) {
			t.Helper()
			for _, s := range secrets {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("%s holds %q", what, s)
				}
			}
		}
		get := func(path, role string) []byte {
			t.Helper()
			r := f.Do("GET", path, role, nil)
			if r.Status != 200 {
				t.Errorf("GET %s as %q: %d %s", path, role, r.Status, r.Body)
			}
			return r.Body
		}
		for _, path := range []string{"/api/v1/participants/" + pid, ev + "/participants", ev + "/participants?q=Altwaijri",
			"/api/v1/participants/" + pid + "/travel", "/api/v1/participants/" + pid + "/badge", ev + "/arrivals",
			"/api/v1/audit?limit=200", "/api/v1/audit?entity=passport&limit=200", ev + "/visa-settings"} {
			check("GET "+path, get(path, "admin"))
		}
		for _, path := range []string{"/api/v1/rsvp/" + f.Token,
			"/api/v1/rsvp/" + f.Token + "/participants/" + pid + "/passport", "/rsvp/" + f.Token, "/rsvp/" + f.Token + "?lang=ar"} {
			check("GET "+path, get(path, ""))
		}
		for _, path := range []string{ev + "/participants/export", ev + "/invitations/export", ev + "/arrivals/export",
			ev + "/attendance/export"} {
			check(path+" as CSV", get(path+"?format=csv", "secretariat"))
			check(path+" as XLSX", unzipped(t, get(path+"?format=xlsx", "secretariat")))
		}
		check("the scanner snapshot", get("/api/v1/scanner/snapshot?event_id="+f.EventID, "device"))
		check("the server's log", []byte(log.String()))
		if !strings.Contains(log.String(), "/passport") {
			t.Errorf("the log does not show the requests walked: %.300s", log.String())
		}
	})
}

// unzipped is every file of an XLSX workbook, one after the other.
func unzipped(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Errorf("not a workbook: %v", err)
		return nil
	}
	var out bytes.Buffer
	for _, file := range z.File {
		rc, err := file.Open()
		must(t, err)
		_, err = io.Copy(&out, rc)
		must(t, err)
		_ = rc.Close()
	}
	return out.Bytes()
}
