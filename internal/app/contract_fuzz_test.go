package app_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
)

// badText is one of the values that no text field may accept: as a JSON
// string literal for bodies (where an unpaired surrogate can be written) and
// as the raw bytes of a query or path parameter.
type badText struct {
	name, json, raw string
}

var badTexts = []badText{
	{"NUL", `"a\u0000b"`, "a\x00b"},
	{"another control character", "", ""}, // one of controls, a different one for each input
	{"right-to-left override", `"Evil\u202Eman"`, "Evil\u202Eman"},
	{"invalid UTF-8", "\"a\xff\xfeb\"", "a\xff\xfeb"},
	{"unpaired surrogate", `"a\ud800b"`, "a\xed\xa0\x80b"}, // as a parameter: the surrogate's bytes, not UTF-8
	// A parameter of a megabyte would not pass net/http's limit on headers
	// (1 MiB for the request line and headers together): 64 KiB is as long
	// as a parameter can come, and far over MaxParam.
	{"a megabyte", `"` + strings.Repeat("x", 1<<20) + `"`, strings.Repeat("x", 64<<10)},
}

// controls are the control characters other than NUL that no input may
// hold (line feeds and tabs, which a text of several lines may, aside): each
// input gets one of them in turn, so that all are sent and each input gets
// six values, not thirty.
var controls = func() []rune {
	var out []rune
	for r := rune(1); r < 0xa0; r++ {
		if (r < 0x20 || r >= 0x7f) && r != '\t' && r != '\n' {
			out = append(out, r)
		}
	}
	return out
}()

// values are the bad texts for the n-th input.
func values(n int) []badText {
	out := slices.Clone(badTexts)
	r := controls[n%len(controls)]
	out[1] = badText{fmt.Sprintf("control character %U", r), fmt.Sprintf(`"a\u%04xb"`, r), "a" + string(r) + "b"}
	return out
}

// TestNoInputMakesA500 reads the contract and sends, to every string field of
// every JSON request body, every string field of a form, and every path and
// query parameter of every operation, each of badTexts, signed in with a role
// the operation allows and with real ids in the path. Every answer must be a
// 4xx (a problem document for the API), and the database must keep its rows:
// as many in every table after each input, and on PostgreSQL the same rows
// after each operation that may write.
// A scanned code is the exception: it is judged, and a code that is not text
// is "unreadable".
func TestNoInputMakesA500(t *testing.T) {
	env := apptest.New(t)
	if err := env.App.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	var demoEvent string
	if err := env.DB.Raw(`SELECT id FROM events ORDER BY number LIMIT 1`).Scan(&demoEvent).Error; err != nil || demoEvent == "" {
		t.Fatalf("the demo event: %q %v", demoEvent, err)
	}
	env.Device(demoEvent, "")
	doc, _, err := apptest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	// The demo conference's first morning, so that an offline scan of it is recent.
	doorTime := time.Date(2013, 3, 18, 6, 30, 0, 0, time.UTC)
	env.App.Services.Checkin.SetClock(func() time.Time { return doorTime })
	f := newFuzzer(t, env)
	f.seesChanges()
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.GetOperation(method)
			f.operation(method, path, op, append(slices.Clone(item.Parameters), op.Parameters...))
			if method != http.MethodGet { // a GET that writes shows in the counts
				f.same(method, path)
			}
		}
	}
	t.Logf("%d requests to %d inputs", f.sent, f.inputs)
	if f.inputs < len(controls) {
		t.Errorf("only %d inputs: not every control character was sent", f.inputs)
	}
}

type fuzzer struct {
	t      *testing.T
	env    *apptest.Env
	ids    map[string]string // path parameter → a real value
	tables []string
	counts map[string]string
	sent   int
	inputs int // inputs tried so far
	// checksums of every table, before the operation
	checksums map[string]string
	sumSQL    string // the query of sums
}

// values are the bad texts for the next input; for an id, also clean text
// that is no id (which PostgreSQL refuses to compare with a UUID column).
func (f *fuzzer) values(id bool) []badText {
	f.inputs++
	out := values(f.inputs)
	if id {
		out = append(out, badText{"not a UUID", `"no-such-id"`, "no-such-id"})
	}
	return out
}

func newFuzzer(t *testing.T, env *apptest.Env) *fuzzer {
	f := &fuzzer{t: t, env: env, ids: realIDs(t, env)}
	f.tables = tableNames(t, env)
	f.counts, f.checksums = f.count(), f.sums()
	return f
}

// realIDs finds in the demo conference one of each thing a path names, and
// makes an RSVP link for an invitation with members.
func realIDs(t *testing.T, env *apptest.Env) map[string]string {
	t.Helper()
	ids := map[string]string{"language": "en", "user_id": env.IDs["secretariat"], "device_id": env.IDs["device"]}
	one := func(param, query string) {
		var id string
		if err := env.DB.Raw(query).Scan(&id).Error; err != nil || id == "" {
			t.Fatalf("no %s in the demo (%s): %v", param, query, err)
		}
		ids[param] = id
	}
	one("event_id", `SELECT id FROM events ORDER BY id LIMIT 1`)
	one("session_id", `SELECT id FROM programme_sessions ORDER BY id LIMIT 1`)
	one("zone_id", `SELECT id FROM zones ORDER BY id LIMIT 1`)
	one("category_id", `SELECT id FROM categories ORDER BY id LIMIT 1`)
	one("checkpoint_id", `SELECT id FROM checkpoints ORDER BY id LIMIT 1`)
	one("signatory_id", `SELECT id FROM signatories ORDER BY id LIMIT 1`)
	one("delegation_id", `SELECT id FROM delegations ORDER BY id LIMIT 1`)
	one("invitation_id", `SELECT invitation_id FROM participants WHERE status = 'nominated' ORDER BY id LIMIT 1`)
	one("participant_id", `SELECT id FROM participants WHERE status = 'nominated' AND invitation_id = '`+ids["invitation_id"]+`' ORDER BY id LIMIT 1`)
	one("badge_id", `SELECT id FROM badges ORDER BY id LIMIT 1`)
	one("photo_id", `SELECT id FROM photos ORDER BY id LIMIT 1`)
	one("item_id", `SELECT id FROM outbox ORDER BY id LIMIT 1`)
	speakerIDs(t, env, ids)
	res := env.Do("POST", "/api/v1/events/"+ids["event_id"]+"/badge-prints", "admin", map[string]any{"layout": "a6"})
	if res.Status != http.StatusCreated && res.Status != http.StatusAccepted {
		t.Fatalf("print job: %d %s", res.Status, res.Body)
	}
	ids["print_id"] = res.Map(t)["id"].(string)
	res = env.Do("POST", "/api/v1/invitations/"+ids["invitation_id"]+"/rsvp-link", "admin", nil)
	if res.Status != http.StatusCreated {
		t.Fatalf("rsvp link: %d %s", res.Status, res.Body)
	}
	link := res.Map(t)["url"].(string)
	ids["token"] = link[strings.LastIndex(link, "/")+1:]
	return ids
}

func tableNames(t *testing.T, env *apptest.Env) []string {
	t.Helper()
	var names []string
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	if env.DB.Dialector.Name() == "sqlite" {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	}
	if err := env.DB.Raw(q).Scan(&names).Error; err != nil || len(names) < 20 {
		t.Fatalf("tables: %v %v", names, err)
	}
	sort.Strings(names)
	return names
}

// sums is a checksum of every row of every table (PostgreSQL only, nil on
// SQLite, where the counts must do), in one query: each row is hashed from
// its columns as text, a binary column (a photo, a PDF) by its own hash so
// that no row is spelled out in hexadecimal, and each table's hash is that
// of its rows' hashes in order.
func (f *fuzzer) sums() map[string]string {
	if f.env.DB.Dialector.Name() != "postgres" {
		return nil
	}
	if f.sumSQL == "" {
		var cols []struct{ Table, Column, Type string }
		if err := f.env.DB.Raw(`SELECT table_name AS "table", column_name AS "column", data_type AS "type"
			FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`).
			Scan(&cols).Error; err != nil {
			f.t.Fatal(err)
		}
		exprs := map[string][]string{}
		for _, c := range cols {
			e := fmt.Sprintf("%q::text", c.Column)
			if c.Type == "bytea" {
				e = fmt.Sprintf("md5(%q)", c.Column)
			}
			exprs[c.Table] = append(exprs[c.Table], "coalesce("+e+", '\\N')")
		}
		var parts []string
		for _, tbl := range f.tables {
			parts = append(parts, fmt.Sprintf(`SELECT '%s' AS tbl, md5(coalesce(string_agg(r, '' ORDER BY r), '')) AS sum
				FROM (SELECT md5(concat_ws('|', %s)) AS r FROM %q) t`, tbl, strings.Join(exprs[tbl], ", "), tbl))
		}
		f.sumSQL = strings.Join(parts, " UNION ALL ")
	}
	var rows []struct{ Tbl, Sum string }
	if err := f.env.DB.Raw(f.sumSQL).Scan(&rows).Error; err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Tbl] = r.Sum
	}
	return out
}

// seesChanges checks the checker: on PostgreSQL, one byte more in a photo
// and one character more in a name change their tables' checksums, and
// undone, give them back.
func (f *fuzzer) seesChanges() {
	f.t.Helper()
	if f.checksums == nil {
		return
	}
	exec := func(q string) {
		f.t.Helper()
		if err := f.env.DB.Exec(q).Error; err != nil {
			f.t.Fatal(err)
		}
	}
	exec(`UPDATE photos SET data = data || '\x00'::bytea WHERE id = (SELECT min(id::text) FROM photos)::uuid`)
	exec(`UPDATE participants SET family_name = family_name || 'x' WHERE id = (SELECT min(id::text) FROM participants)::uuid`)
	changed := f.sums()
	for _, tbl := range []string{"photos", "participants"} {
		if changed[tbl] == f.checksums[tbl] {
			f.t.Fatalf("the checksum of %s did not change with a row", tbl)
		}
	}
	exec(`UPDATE photos SET data = substring(data from 1 for length(data) - 1) WHERE id = (SELECT min(id::text) FROM photos)::uuid`)
	exec(`UPDATE participants SET family_name = left(family_name, -1) WHERE id = (SELECT min(id::text) FROM participants)::uuid`)
	if back := f.sums(); !maps.Equal(back, f.checksums) {
		f.t.Fatal("the checksums did not come back with the rows")
	}
}

// same requires every row of every table to be as before the operation's
// requests.
func (f *fuzzer) same(method, path string) {
	f.t.Helper()
	now := f.sums()
	for tbl, sum := range now {
		// A scanned code is recorded, unreadable (checkScanned counts it),
		// and counted in the attendance tallies.
		recorded := (tbl == "scans" || tbl == "scan_tallies") && strings.HasPrefix(path, "/api/v1/scans")
		if f.checksums[tbl] != sum && !recorded {
			f.t.Errorf("%s %s: rows of table %s changed", method, path, tbl)
		}
	}
	f.checksums = now
}

// count counts the rows of every table in one query.
func (f *fuzzer) count() map[string]string {
	var parts []string
	for _, tbl := range f.tables {
		parts = append(parts, fmt.Sprintf(`(SELECT count(*) FROM %q) AS %q`, tbl, tbl))
	}
	row := map[string]any{}
	if err := f.env.DB.Raw("SELECT " + strings.Join(parts, ", ")).Take(&row).Error; err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range row {
		out[k] = fmt.Sprint(v) // compared as text: drivers differ in integer types
	}
	return out
}

// operation sends every bad value to every input of one operation.
func (f *fuzzer) operation(method, path string, op *openapi3.Operation, params openapi3.Parameters) {
	role := fuzzRole(op)
	for _, p := range params {
		p := p.Value
		if p == nil || (p.In != openapi3.ParameterInPath && p.In != openapi3.ParameterInQuery) {
			continue
		}
		for _, v := range f.values(p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Format == "uuid") {
			target := f.url(path, p.Name, v.raw, p.In)
			res := f.request(method, target, role, "", nil)
			// A page ignores a choice it does not offer (?lang=: its
			// language falls back, as the contract says); the API refuses it.
			if !strings.HasPrefix(path, "/api/") && p.In == openapi3.ParameterInQuery && enum(p.Schema) &&
				res.Status == http.StatusOK {
				continue
			}
			f.check(method, path, p.In+" "+p.Name, v, res)
		}
		f.unchanged(method, path, p.In+" "+p.Name)
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return
	}
	target := f.url(path, "", "", "")
	for ct, media := range op.RequestBody.Value.Content {
		if media.Schema == nil {
			continue
		}
		switch ct {
		case "application/json":
			for _, field := range stringFields(media.Schema.Value, "", 0) {
				for _, v := range f.values(field.uuid) {
					body := f.jsonBody(method, path, field, v.json)
					f.check(method, path, "body "+field.path, v, f.request(method, target, role, ct, []byte(body)))
				}
				f.unchanged(method, path, "body "+field.path)
			}
		case "application/x-www-form-urlencoded":
			for _, field := range stringFields(media.Schema.Value, "", 0) {
				for _, v := range f.values(field.uuid) {
					body := url.Values{field.path: {v.raw}}.Encode()
					f.check(method, path, "form "+field.path, v, f.request(method, target, role, ct, []byte(body)))
				}
				f.unchanged(method, path, "form "+field.path)
			}
		}
	}
}

// fuzzRole is a role the operation lets in: admin for the Secretariat's and
// the doors' routes, none for public ones and RSVP links (the token is the key).
func fuzzRole(op *openapi3.Operation) string {
	roles, _ := op.Extensions["x-roles"].([]any)
	for _, r := range roles {
		if r == "admin" {
			return "admin"
		}
	}
	return ""
}

// url fills path with real ids, one parameter (in path or query) set to value.
func (f *fuzzer) url(path, name, value, in string) string {
	out := pathParam.ReplaceAllStringFunc(path, func(m string) string {
		p := strings.Trim(m, "{}")
		if in == openapi3.ParameterInPath && p == name {
			return url.PathEscape(value)
		}
		return url.PathEscape(f.ids[p])
	})
	if in == openapi3.ParameterInQuery {
		out += "?" + url.Values{name: {value}}.Encode()
		if name != "event_id" && strings.HasPrefix(path, "/api/v1/scanner/") {
			out += "&event_id=" + f.ids["event_id"]
		}
	}
	return out
}

func (f *fuzzer) request(method, target, role, ct string, body []byte) *apptest.Response {
	f.t.Helper()
	f.sent++
	req := httptest.NewRequest(method, target, strings.NewReader(string(body)))
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.env.Tokens[role])
	}
	return f.env.Send(req)
}

// check requires a 4xx, a problem document on the API; a scanned code is
// judged instead.
func (f *fuzzer) check(method, path, input string, v badText, res *apptest.Response) {
	f.t.Helper()
	if scanned(method, path, input) {
		f.checkScanned(path, input, v, res)
		return
	}
	if path == "/api/v1/scans/batch" && res.Status == http.StatusOK {
		// Each scan of a batch is answered on its own: this one with an error.
		rs, _ := res.Map(f.t)["results"].([]any)
		if len(rs) != 1 || rs[0].(map[string]any)["error"] == nil || rs[0].(map[string]any)["verdict"] != nil {
			f.t.Errorf("POST %s, %s %s: %.300s, want the scan refused with an error", path, input, v.name, res.Body)
		}
		return
	}
	if res.Status < 400 || res.Status >= 500 {
		f.t.Errorf("%s %s, %s %s: got %d, want a 4xx: %.300s", method, path, input, v.name, res.Status, res.Body)
		return
	}
	api := strings.HasPrefix(path, "/api/")
	if ct := res.Header.Get("Content-Type"); api && ct != "application/problem+json" {
		f.t.Errorf("%s %s, %s %s: %d as %q, want a problem document", method, path, input, v.name, res.Status, ct)
	}
}

// scanned reports whether input is a code read from a badge.
func scanned(method, path, input string) bool {
	return method == "POST" && (path == "/api/v1/scans" && input == "body code" ||
		path == "/api/v1/scans/batch" && input == "body scans[0].code")
}

// checkScanned requires a code that is not text to be judged unreadable
// (413 for a megabyte in a single scan's body), and resets the row counts, since the scan is recorded.
func (f *fuzzer) checkScanned(path, input string, v badText, res *apptest.Response) {
	f.t.Helper()
	defer func() { f.counts = f.count() }()
	if v.name == "a megabyte" && path == "/api/v1/scans" { // a batch may be 8 MiB
		if res.Status != http.StatusRequestEntityTooLarge {
			f.t.Errorf("POST %s, %s %s: %d, want 413", path, input, v.name, res.Status)
		}
		return
	}
	if res.Status != http.StatusOK {
		f.t.Errorf("POST %s, %s %s: %d, want 200 unreadable: %.300s", path, input, v.name, res.Status, res.Body)
		return
	}
	verdict := ""
	if m := res.Map(f.t); path == "/api/v1/scans" {
		verdict, _ = m["verdict"].(string)
	} else if rs, _ := m["results"].([]any); len(rs) == 1 {
		verdict, _ = rs[0].(map[string]any)["verdict"].(string)
	}
	if verdict != "unreadable" {
		f.t.Errorf("POST %s, %s %s: verdict %q, want unreadable: %.300s", path, input, v.name, verdict, res.Body)
	}
}

// unchanged requires every table to hold as many rows as before.
func (f *fuzzer) unchanged(method, path, input string) {
	f.t.Helper()
	now := f.count()
	for tbl, n := range now {
		if f.counts[tbl] != n {
			f.t.Errorf("%s %s, %s: table %s went from %s to %s rows", method, path, input, tbl, f.counts[tbl], n)
		}
	}
	f.counts = now
}

// field is a string in a request body: its path (a.b, a[0].b) and where the
// bad value goes.
type field struct {
	path string
	uuid bool // the field is an id
}

// stringFields lists the string fields of a schema, nested objects, arrays
// and maps (keyed "en") included.
func stringFields(s *openapi3.Schema, prefix string, depth int) []field {
	if s == nil || depth > 6 {
		return nil
	}
	var out []field
	for _, sub := range append(append(slices.Clone(s.AllOf), s.OneOf...), s.AnyOf...) {
		out = append(out, stringFields(sub.Value, prefix, depth+1)...)
	}
	switch {
	case s.Type.Is("string"):
		if prefix != "" {
			out = append(out, field{prefix, s.Format == "uuid"})
		}
	case s.Type.Is("array") && s.Items != nil:
		out = append(out, stringFields(s.Items.Value, prefix+"[0]", depth+1)...)
	default:
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			out = append(out, stringFields(s.Properties[name].Value, join(prefix, name), depth+1)...)
		}
		if ap := s.AdditionalProperties.Schema; ap != nil {
			out = append(out, stringFields(ap.Value, join(prefix, "en"), depth+1)...)
		}
	}
	return out
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// jsonBody is a body holding value at field: the least body that reaches
// the field, or for the scan routes a valid scan with the field replaced.
func (f *fuzzer) jsonBody(method, path string, fl field, value string) string {
	base := map[string]string{}
	if strings.HasPrefix(path, "/api/v1/scans") {
		base = map[string]string{"checkpoint_id": `"` + f.ids["checkpoint_id"] + `"`, "code": `"AC1:X"`,
			"direction": `"in"`, "scan_id": `"` + uuid.NewString() + `"`}
		if path == "/api/v1/scans/batch" {
			base["device_verdict"] = `"ok"`
			base["scanned_at"] = `"2013-03-18T06:30:00Z"`
		}
	}
	steps := strings.Split(fl.path, ".")
	if path == "/api/v1/scans/batch" {
		steps = steps[1:] // scans[0].x: x is a field of the one scan
	}
	var build func(steps []string) string
	build = func(steps []string) string {
		if len(steps) == 0 {
			return value
		}
		name, arr := strings.CutSuffix(steps[0], "[0]")
		inner := build(steps[1:])
		if arr {
			inner = "[" + inner + "]"
		}
		return `{"` + name + `":` + inner + `}`
	}
	if len(base) == 0 || len(steps) != 1 {
		return build(steps)
	}
	base[strings.TrimSuffix(steps[0], "[0]")] = value
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(base)) {
		parts = append(parts, `"`+k+`":`+base[k])
	}
	body := "{" + strings.Join(parts, ",") + "}"
	if path == "/api/v1/scans/batch" {
		body = `{"scans":[` + body + `]}`
	}
	return body
}

// enum reports whether a parameter's schema is a closed list of values.
func enum(s *openapi3.SchemaRef) bool { return s != nil && s.Value != nil && len(s.Value.Enum) > 0 }
