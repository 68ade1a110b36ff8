package invitations_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/app/apptest"
	"accreditation/internal/fixtures"
	"accreditation/internal/invitations"
)

type importAnswer struct {
	invitations.ImportResult
	Errors []invitations.RowError `json:"errors"`
}

func exportRows(t *testing.T, env *apptest.Env, eventID, query string) [][]string {
	t.Helper()
	res := env.Do(http.MethodGet, "/api/v1/events/"+eventID+"/invitations/export"+query, "secretariat", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("export%s: %d %s", query, res.Status, res.Body)
	}
	if strings.Contains(query, "xlsx") {
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func asCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows)
	return b.Bytes()
}

func asXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j := range r {
			cells[j] = r[j]
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExportImportsBackAsOneUpdate exports the invitations (names in every
// script), changes one cell of one row, and imports the file back, in CSV
// with Arabic headers, in XLSX with French ones, with the machine keys and
// with the header of the default language: the dry run shows that
// one change and stores nothing, the import makes that one update and
// nothing else.
func TestExportImportsBackAsOneUpdate(t *testing.T) {
	for _, tc := range []struct{ format, lang string }{{"csv", "ar"}, {"xlsx", "fr"}, {"csv", "keys"}, {"csv", ""}} {
		t.Run(tc.format+"-"+tc.lang, func(t *testing.T) {
			env := apptest.New(t)
			ev := newEvent(t, env)
			del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
			for _, n := range fixtures.Names()[:12] {
				body := invitationBody(del, n.Key+"@names.example")
				body["invitee"] = map[string]string{"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family,
					"native_name": n.Native, "email": n.Key + "@names.example"}
				mustCreate(t, env, "/api/v1/events/"+ev.ID+"/invitations", body)
			}
			query := "?format=" + tc.format
			if tc.lang != "" {
				query += "&language=" + tc.lang
			}
			rows := exportRows(t, env, ev.ID, query)
			if tc.lang != "keys" && rows[0][0] == "kind" {
				t.Fatalf("header in %s is the machine keys: %v", tc.lang, rows[0])
			}
			keys := exportRows(t, env, ev.ID, "?format=csv&language=keys")[0]
			col := map[string]int{}
			for i, k := range keys {
				col[k] = i
			}
			for i := range rows {
				for len(rows[i]) < len(keys) {
					rows[i] = append(rows[i], "")
				}
			}
			target := rows[3]
			target[col["office"]] = "Minister of Culture"
			body, ctype := asCSV(rows), "text/csv"
			if tc.format == "xlsx" {
				body, ctype = asXLSX(t, rows), xlsxType
			}
			before := snapshot(t, env)
			res := upload(env, ev.ID, "?dry_run=true", ctype, body)
			var dry importAnswer
			res.JSON(t, &dry)
			if res.Status != http.StatusOK || snapshot(t, env) != before {
				t.Fatalf("dry run: %d %s", res.Status, res.Body)
			}
			if dry.UpdatedInvitations != 1 || dry.Unchanged != 11 || dry.CreatedInvitations != 0 || dry.UpdatedDelegations != 0 ||
				len(dry.Changes) != 1 || len(dry.Changes[0].Fields) != 1 {
				t.Fatalf("dry run shows %+v", dry.ImportResult)
			}
			got, want := dry.Changes[0], invitations.FieldChange{Column: "office", Before: "", After: "Minister of Culture"}
			if got.Line != 4 || got.InvitationID != target[col["id"]] || got.Fields[0] != want {
				t.Fatalf("dry run change: %+v, want line 4 of %s: %+v", got, target[col["id"]], want)
			}
			res = upload(env, ev.ID, "", ctype, body)
			var done importAnswer
			res.JSON(t, &done)
			if res.Status != http.StatusOK || done.UpdatedInvitations != 1 || done.Unchanged != 11 || done.CreatedInvitations != 0 {
				t.Fatalf("import: %d %s", res.Status, res.Body)
			}
			after := exportRows(t, env, ev.ID, "?format=csv&language=keys")
			changed := 0
			for i := 1; i < len(after); i++ {
				for j := range keys {
					if after[i][j] != rows[i][j] && keys[j] != "status" {
						changed++
						t.Logf("line %d, %s: %q → %q", i+1, keys[j], rows[i][j], after[i][j])
					}
				}
			}
			if changed != 0 || len(after) != len(rows) {
				t.Fatalf("after the import the export differs from the file in %d cells, %d rows of %d", changed, len(after), len(rows))
			}
			// The same file once more changes nothing.
			res = upload(env, ev.ID, "", ctype, body)
			if m := res.Map(t); res.Status != http.StatusOK || m["updated_invitations"] != float64(0) || m["unchanged"] != float64(12) {
				t.Fatalf("second import: %d %s", res.Status, res.Body)
			}
		})
	}
}

// TestImportReportsEveryErrorOfEveryRow sends a file whose rows each have
// several faults, new rows and rows naming invitations: every fault is in
// the answer, and nothing is stored.
func TestImportReportsEveryErrorOfEveryRow(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	newInvitation(t, env, ev.ID, del, "one@az.example")
	rows := exportRows(t, env, ev.ID, "?format=csv&language=ru")
	keys := exportRows(t, env, ev.ID, "?format=csv&language=keys")[0]
	col := map[string]int{}
	for i, k := range keys {
		col[k] = i
	}
	line := func(set map[string]string) []string {
		r := make([]string, len(keys))
		for k, v := range set {
			r[col[k]] = v
		}
		return r
	}
	existing := append([]string{}, rows[1]...)
	existing[col["quota"]] = "many"
	existing[col["email"]] = "not-an-email"
	existing[col["country"]] = "QQ"
	existing[col["rsvp_deadline"]] = "soon"
	rows = append(rows, existing,
		line(map[string]string{"kind": "club", "country": "QQ", "name_en": "Nowhere", "email": "x", "language": "de",
			"quota": "0", "rsvp_deadline": "2001-01-01", "given_names": "A"}),
		line(map[string]string{"kind": "ngo", "name_en": "NGO", "email": "one@az.example", "language": "en",
			"rsvp_deadline": "2031-01-31", "given_names": "B"}),
		line(map[string]string{"id": "3f1c0d5e-0000-4000-8000-000000000000", "kind": "ngo", "name_en": "NGO",
			"email": "two@az.example", "language": "en", "rsvp_deadline": "2031-01-31"}),
		line(map[string]string{"id": "nonsense", "kind": "ngo", "name_en": "NGO", "email": "three@az.example",
			"language": "en", "rsvp_deadline": "later"}),
	)
	before := snapshot(t, env)
	res := upload(env, ev.ID, "?dry_run=true", "text/csv", asCSV(rows))
	var p importAnswer
	res.JSON(t, &p)
	if res.Status != http.StatusBadRequest {
		t.Fatalf("bad file: %d %s", res.Status, res.Body)
	}
	got := map[string]bool{}
	for _, e := range p.Errors {
		got[fmt.Sprintf("%d:%s", e.Line, e.Field)] = true
	}
	for _, want := range []string{
		"3:email", "3:quota", "3:country", "3:rsvp_deadline", // line 2 and 3 name the same invitation
		"3:id",
		"4:kind", "4:country", "4:email", "4:language", "4:quota", "4:rsvp_deadline",
		"5:email",
		"6:id",
		"7:id", "7:rsvp_deadline",
	} {
		if !got[want] {
			t.Errorf("the answer lacks %s; got %+v", want, p.Errors)
		}
	}
	if snapshot(t, env) != before {
		t.Fatal("a refused file changed the data")
	}
	if res := upload(env, ev.ID, "", "text/csv", asCSV(rows)); res.Status != http.StatusBadRequest || snapshot(t, env) != before {
		t.Fatalf("real import of a bad file: %d", res.Status)
	}
}
