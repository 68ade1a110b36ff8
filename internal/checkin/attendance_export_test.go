package checkin_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/fixtures"
)

// delegationsNamed adds one delegation to the event for each name of
// names.tsv, named by it, and returns the names.
func delegationsNamed(t *testing.T, env *apptest.Env, eventID string) []string {
	t.Helper()
	var out []string
	now := env.Now()
	for i, n := range fixtures.Names() {
		name := n.Latin()
		if n.Native != "" {
			name = n.Native
		}
		sqlExec(t, env, `INSERT INTO delegations (id, event_id, kind, country, names, name_en, protocol_order, created_at, updated_at)
			VALUES (?, ?, 'member_state', 'AZ', '{}', ?, ?, ?, ?)`, uuid.NewString(), eventID, name, 100+i, now, now)
		out = append(out, name)
	}
	return out
}

// TestAttendanceExportXLSX: format=xlsx gives a workbook whose delegation
// sheet carries every name of names.tsv unchanged, beside the counts as
// numbers; format=csv (the default) the same names; another format is a 400.
func TestAttendanceExportXLSX(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2})
	names := delegationsNamed(t, env, ev.ID)
	if v := scan(t, env, "device", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID}).Verdict; v != "ok" {
		t.Fatalf("entry: %s", v)
	}
	res := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/attendance/export?format=xlsx&language=keys", "secretariat", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
		t.Fatalf("xlsx export: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), "|"); got != "By delegation|By category|By checkpoint|By zone|By day" {
		t.Errorf("sheets %s", got)
	}
	rows, err := x.GetRows("By delegation")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r
	}
	if strings.Join(rows[0], ",") != "delegation,nominated,accredited,arrived,inside_now" {
		t.Errorf("header %v", rows[0])
	}
	for _, n := range names {
		if got[n] == nil {
			t.Errorf("name %q not read back from the workbook", n)
		}
	}
	if az := got["Azerbaijan"]; strings.Join(az, ",") != "Azerbaijan,2,2,1,1" {
		t.Errorf("Azerbaijan row %v, want 2 nominated, 2 accredited, 1 arrived, 1 inside", az)
	}
	if typ, _ := x.GetCellType("By delegation", "C2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("a count is stored as text (%v)", typ)
	}

	res = env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/attendance/export", "secretariat", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv export: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	csvNames := map[string]bool{}
	for _, r := range recs {
		csvNames[r[0]] = true
	}
	for _, n := range names {
		if !csvNames[n] {
			t.Errorf("name %q not read back from the CSV", n)
		}
	}
	if res := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/attendance/export?format=pdf", "secretariat", nil); res.Status != http.StatusBadRequest {
		t.Errorf("format=pdf: %d, want 400", res.Status)
	}
}

// TestRevokedBadgeDoesNotAccredit: a holder whose badge is revoked is no
// longer counted as accredited, by delegation or by category, though still
// counted as nominated (approved).
func TestRevokedBadgeDoesNotAccredit(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3})
	res := env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[1].ID+"/revoke", "secretariat", map[string]any{"reason": "lost"})
	if res.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	a := attendance(t, env, ev.ID)
	d, c := a.Delegations[0], categoryCount(t, a, ev.CategoryID)
	if d.Nominated != 3 || d.Accredited != 2 || c.Accredited != 2 {
		t.Errorf("after a revocation: delegation %+v, category %+v; want 3 nominated, 2 accredited", d, c)
	}
}
