package invitations_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/app/apptest"
	"accreditation/internal/fixtures"
	"accreditation/internal/invitations"
)

const xlsxType = invitations.XLSXType

func upload(env *apptest.Env, eventID, query, contentType string, body []byte) *apptest.Response {
	req := httptest.NewRequest(http.MethodPost, "/api/v1/events/"+eventID+"/invitations/import"+query, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+env.Tokens["secretariat"])
	return env.Send(req)
}

const header = "kind,country,name_en,name_fr,focal_email,honorific,given_names,family_name,office,email,language,quota,rsvp_deadline\n"

func TestImportCSV(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	good := header +
		"member_state,AZ,Azerbaijan,Azerbaïdjan,focal@az.example,H.E. Mr,Fikrat,Mammadov,Minister of Justice,fm@az.example,en,,2030-01-31\n" +
		"member_state,AZ,Azerbaijan,,,,Elmar,Mammadyarov,Minister of Foreign Affairs,mfa@az.example,az,3,2030-01-31T12:00:00Z\n" +
		"ngo,,Transparency International,,,Ms,Delia,Ferreira,Chair,chair@ti.example,fr,2,2030-01-31\n"

	bad := header +
		"member_state,AZ,Azerbaijan,,,,A,B,Minister,a@az.example,de,1,2030-01-31\n" +
		"club,QQ,Nowhere,,,,C,D,Chief,c@x.example,en,0,2001-01-01\n" +
		"ngo,,Good NGO,,,,E,F,Chair,not-an-email,en,1,2030-01-31\n" +
		"ngo,,Good NGO,,,,G,H,Chair,a@AZ.example,en,1,2030-01-31\n"
	before := snapshot(t, env)
	res := upload(env, ev.ID, "?dry_run=true", "text/csv", []byte(bad))
	if res.Status != http.StatusBadRequest {
		t.Fatalf("dry run of bad rows: %d %s", res.Status, res.Body)
	}
	var p struct {
		Errors []invitations.RowError `json:"errors"`
	}
	res.JSON(t, &p)
	lines := map[string]bool{}
	for _, e := range p.Errors {
		lines[fmt.Sprintf("%d:%s", e.Line, e.Field)] = true
	}
	for _, want := range []string{"2:language", "3:kind", "3:country", "3:quota", "3:rsvp_deadline", "4:email", "5:email"} {
		if !lines[want] {
			t.Errorf("dry run does not report %s; got %+v", want, p.Errors)
		}
	}
	if after := snapshot(t, env); after != before {
		t.Fatalf("dry run changed the data: %s → %s", before, after)
	}
	if res := upload(env, ev.ID, "", "text/csv", []byte(bad)); res.Status != http.StatusBadRequest || snapshot(t, env) != before {
		t.Fatalf("real import of bad rows: %d, data %s → %s", res.Status, before, snapshot(t, env))
	}

	res = upload(env, ev.ID, "?dry_run=true", "text/csv", []byte(good))
	if m := res.Map(t); res.Status != 200 || m["created_invitations"] != float64(3) || m["created_delegations"] != float64(2) || snapshot(t, env) != before {
		t.Fatalf("dry run of good rows: %d %s", res.Status, res.Body)
	}
	res = upload(env, ev.ID, "", "text/csv", []byte(good))
	if m := res.Map(t); res.Status != 200 || m["created_invitations"] != float64(3) || m["created_delegations"] != float64(2) {
		t.Fatalf("import: %d %s", res.Status, res.Body)
	}
	list := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations?language=az", "secretariat", nil).Map(t)
	if list["total"] != float64(1) || list["items"].([]any)[0].(map[string]any)["quota"] != float64(3) {
		t.Fatalf("imported list: %v", list)
	}
	// The same file again: every invitee is already invited.
	if res := upload(env, ev.ID, "", "text/csv", []byte(good)); res.Status != http.StatusBadRequest {
		t.Fatalf("re-import: %d", res.Status)
	}
}

func TestImportEncodingsAndFormats(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	row := "member_state,FR,France,France,,M.,François-Xavier,Lefèvre,Ministre,fx@fr.example,fr,,2030-01-31\n"
	latin1 := []byte(strings.ReplaceAll(header+row, "è", "\xe8"))
	latin1 = bytes.ReplaceAll(latin1, []byte("ç"), []byte("\xe7"))
	before := snapshot(t, env)
	res := upload(env, ev.ID, "", "text/csv", latin1)
	if res.Status != http.StatusBadRequest || res.Map(t)["line"] != float64(2) {
		t.Fatalf("Latin-1 CSV: %d %s (want 400 naming line 2)", res.Status, res.Body)
	}
	if res := upload(env, ev.ID, "", xlsxType, []byte(header+row)); res.Status != http.StatusBadRequest {
		t.Fatalf("CSV sent as XLSX: %d %s", res.Status, res.Body)
	}
	if res := upload(env, ev.ID, "", xlsxType, []byte("PK\x03\x04 not really a zip")); res.Status != http.StatusBadRequest {
		t.Fatalf("broken XLSX: %d %s", res.Status, res.Body)
	}
	if res := upload(env, ev.ID, "", "application/pdf", []byte("%PDF")); res.Status != http.StatusUnsupportedMediaType {
		t.Fatalf("PDF: %d", res.Status)
	}
	if after := snapshot(t, env); after != before {
		t.Fatalf("refused files changed the data: %s → %s", before, after)
	}
	bom := append([]byte("\uFEFF"), header+row...)
	if res := upload(env, ev.ID, "", "text/csv", bom); res.Status != 200 {
		t.Fatalf("CSV with BOM: %d %s", res.Status, res.Body)
	}
	semi := strings.ReplaceAll(header+"ngo,,Médecins Sans Frontières,,,,Ana,Costa,Director,ana@msf.example,en,,2030-01-31\n", ",", ";")
	if res := upload(env, ev.ID, "", "text/csv; charset=utf-8", []byte(semi)); res.Status != 200 {
		t.Fatalf("CSV with semicolons: %d %s", res.Status, res.Body)
	}
	list := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations", "secretariat", nil).Map(t)
	var names []string
	for _, it := range list["items"].([]any) {
		names = append(names, it.(map[string]any)["invitee"].(map[string]any)["family_name"].(string))
	}
	if strings.Join(names, ",") != "Lefèvre,Costa" {
		t.Fatalf("imported names: %v", names)
	}

	// An XLSX workbook imports too, its rows numbered as the sheet shows them.
	f := excelize.NewFile()
	rec, _ := csv.NewReader(strings.NewReader(header + "ngo,,Red Crescent,,,,Ali,Aliyev,President,ali@rc.example,az,,2030-01-31\n" +
		"ngo,,Red Crescent,,,,Bad,Mail,President,nope,az,,2030-01-31\n")).ReadAll()
	for i, r := range rec {
		cells := make([]any, len(r))
		for j := range r {
			cells[j] = r[j]
		}
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells)
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	res = upload(env, ev.ID, "?dry_run=true", xlsxType, buf.Bytes())
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), `"line":3`) {
		t.Fatalf("XLSX dry run: %d %s", res.Status, res.Body)
	}
}

func TestNamesSurviveCreateReadAndExport(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	names := fixtures.All()
	for _, n := range names {
		body := invitationBody(del, n.Key+"@names.example")
		body["invitee"] = map[string]string{"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family,
			"native_name": n.Native, "email": n.Key + "@names.example"}
		id := mustCreate(t, env, "/api/v1/events/"+ev.ID+"/invitations", body)["id"].(string)
		got := env.Do(http.MethodGet, "/api/v1/invitations/"+id, "secretariat", nil).Map(t)["invitee"].(map[string]any)
		if got["given_names"] != n.Given || got["family_name"] != n.Family || got["native_name"] != n.Native || got["honorific"] != n.Honorific {
			t.Errorf("%s changed: %v", n.Key, got)
		}
	}
	want := map[string]fixtures.Name{}
	for _, n := range names {
		want[n.Key+"@names.example"] = n
	}
	check := func(format string, rows [][]string) {
		t.Helper()
		col := map[string]int{}
		for i, c := range rows[0] {
			col[c] = i
		}
		seen := 0
		for _, r := range rows[1:] {
			n, ok := want[r[col["email"]]]
			if !ok {
				continue
			}
			seen++
			if r[col["given_names"]] != n.Given || r[col["family_name"]] != n.Family || r[col["native_name"]] != n.Native {
				t.Errorf("%s export changed %s: %q %q %q", format, n.Key, r[col["given_names"]], r[col["family_name"]], r[col["native_name"]])
			}
		}
		if seen != len(names) {
			t.Errorf("%s export has %d of %d names", format, seen, len(names))
		}
	}
	res := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations/export?format=csv&language=keys", "secretariat", nil)
	if res.Status != 200 || !bytes.HasPrefix(res.Body, []byte("\uFEFF")) {
		t.Fatalf("CSV export: %d, starts %q", res.Status, res.Body[:min(10, len(res.Body))])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	check("CSV", rows)
	res = env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations/export?format=xlsx&language=keys", "secretariat", nil)
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if res.Status != 200 || err != nil {
		t.Fatalf("XLSX export: %d %v", res.Status, err)
	}
	rows, err = f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < len(rows[0]) {
			rows[i] = append(rows[i], "")
		}
	}
	check("XLSX", rows)
}
