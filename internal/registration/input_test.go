package registration_test

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"hash/crc32"
	"image/jpeg"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
)

// The cleaning rule itself (trim, NFC, no invisible characters but ZWNJ) is
// tested in internal/names; the form tests below check it applies here.
func TestBadInputGetsAProblemAndChangesNothing(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	_, p := f.nominate(l, person("Anne", "Martin", "head"))
	photoURL := "/api/v1/rsvp/" + l.Token + "/participants/" + p["id"].(string) + "/photo"
	good := photoJPEG(t, 400, 500)
	before := f.rows()
	nominate := "/api/v1/rsvp/" + l.Token + "/participants"
	f.Run(t, []apptest.Scenario{
		{Name: "name of only spaces", Method: "POST", Path: nominate, Body: person("   ", "Martin", "delegate"), Status: 400, Field: "given_names"},
		{Name: "direction override", Method: "POST", Path: nominate, Body: person("Ann\u202Ee", "Martin", "delegate"), Status: 400, Field: "given_names"},
		{Name: "control character", Method: "POST", Path: nominate, Body: person("Anne", "Mar\x07tin", "delegate"), Status: 400, Field: "family_name"},
		{Name: "no name at all", Method: "POST", Path: nominate, Body: person("", "", "delegate"), Status: 400, Field: "given_names"},
		{Name: "bad interpretation language", Method: "POST", Path: nominate, Body: map[string]string{"given_names": "A", "role": "adviser", "interpretation_language": "de"}, Status: 400, Field: "interpretation_language"},
		{Name: "invalid e-mail", Method: "POST", Path: nominate, Body: map[string]string{"given_names": "A", "role": "adviser", "email": "not an address"}, Status: 400, Field: "email"},
		{Name: "unknown role", Method: "POST", Path: nominate, Body: person("A", "B", "minister"), Status: 400, Field: "role"},
		{Name: "unknown gender", Method: "POST", Path: nominate, Body: map[string]string{"given_names": "A", "role": "adviser", "gender": "x"}, Status: 400, Field: "gender"},
	})
	truncated := good[:len(good)/2]
	uploads := []struct {
		name, ct string
		body     []byte
		want     int
	}{
		{"not an image", "image/jpeg", []byte("hello, this is text and not a photo"), 400},
		{"truncated JPEG", "image/jpeg", truncated, 400},
		{"decompression bomb", "image/png", pngHeader(10000, 10000), 400},
		{"too small", "image/jpeg", photoJPEG(t, 200, 200), 400},
		{"a GIF", "image/gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), 415},
		{"over 5 MB", "image/jpeg", append(append([]byte{}, good...), make([]byte, 5<<20)...), 413},
	}
	for _, c := range uploads {
		if r := f.put(photoURL, c.ct, c.body); r.Status != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, r.Status, r.Body, c.want)
		}
	}
	if r := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", []byte("not a pdf")); r.Status != 415 {
		t.Errorf("credentials not a PDF: %d", r.Status)
	}
	if r := f.Do("GET", "/api/v1/rsvp/no-such-token", "", nil); r.Status != 404 {
		t.Errorf("unknown token: %d", r.Status)
	}
	if r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "maybe"}); r.Status != 400 {
		t.Errorf("bad answer: %d", r.Status)
	}
	if after := f.rows(); !maps.Equal(before, after) {
		t.Errorf("bad input changed data:\nbefore %v\nafter  %v", before, after)
	}
}

// pngHeader is a PNG whose header claims w×h pixels, with no pixel data.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestPhotosAreCheckedReencodedAndServedToStaff(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{})
	f.accept(l)
	_, p := f.nominate(l, person("Anne", "Martin", "head"))
	id := p["id"].(string)
	r := f.put("/api/v1/rsvp/"+l.Token+"/participants/"+id+"/photo", "image/png", photoPNG(t, 1500, 2000))
	if r.Status != 200 || r.Map(t)["has_photo"] != true {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := f.Do("GET", "/api/v1/participants/"+id+"/photo", "", nil); r.Status != 401 {
		t.Errorf("photo without a token: %d", r.Status)
	}
	// The doors see the photo of an approved participant only, and a device
	// only its own event's.
	f.SeedDevice()
	for _, role := range []string{"door", "device"} {
		if r := f.Do("GET", "/api/v1/participants/"+id+"/photo", role, nil); r.Status != http.StatusNotFound {
			t.Errorf("%s, a nominated participant's photo: %d, want 404", role, r.Status)
		}
	}
	for _, role := range []string{"secretariat"} {
		r := f.Do("GET", "/api/v1/participants/"+id+"/photo", role, nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("%s: %d %s", role, r.Status, r.Header)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.Body))
		if err != nil || cfg.Height != 1200 || cfg.Width != 900 {
			t.Errorf("stored photo %v %v, want 900×1200 JPEG", cfg, err)
		}
	}
	// A new photo of an approved participant sends them back to review.
	f.Do("POST", "/api/v1/participants/"+id+"/approve", "admin", map[string]string{"category_id": f.CategoryID})
	if r := f.Do("GET", "/api/v1/participants/"+id+"/photo", "door", nil); r.Status != http.StatusOK {
		t.Errorf("door, an approved participant's photo: %d, want 200", r.Status)
	}
	if r := f.Do("GET", "/api/v1/participants/"+id+"/photo", "device", nil); r.Status != http.StatusNotFound {
		t.Errorf("a device of another event, an approved participant's photo: %d, want 404", r.Status)
	}
	r = f.put("/api/v1/rsvp/"+l.Token+"/participants/"+id+"/photo", "image/jpeg", photoJPEG(t, 400, 500))
	if r.Map(t)["status"] != "nominated" || f.hooks.back.Load() != 1 {
		t.Errorf("new photo after approval: %s", r.Body)
	}
	var n int64
	f.DB.Table("photos").Where("participant_id = ?", id).Count(&n)
	if n != 1 {
		t.Errorf("%d photos kept, want 1", n)
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 100)...)
	if r := f.put("/api/v1/rsvp/"+l.Token+"/credentials", "application/pdf", pdf); r.Status != 201 {
		t.Errorf("credentials: %d %s", r.Status, r.Body)
	}
}

func TestNamesSurviveAPIDatabaseCSVAndXLSX(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 50})
	f.accept(l)
	want := map[string][4]string{}
	for _, n := range fixtures.All() {
		body := map[string]string{"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family, "native_name": n.Native, "role": "delegate"}
		r, p := f.nominate(l, body)
		if r.Status != 201 {
			t.Fatalf("%s: %d %s", n.Key, r.Status, r.Body)
		}
		names := [4]string{n.Honorific, n.Given, n.Family, n.Native}
		want[p["id"].(string)] = names
		got := f.Do("GET", "/api/v1/participants/"+p["id"].(string), "secretariat", nil).Map(t)
		if [4]string{got["honorific"].(string), got["given_names"].(string), got["family_name"].(string), got["native_name"].(string)} != names {
			t.Errorf("%s came back as %v", n.Key, got)
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d names read", len(want))
	}
	res := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants/export?format=csv", "secretariat", nil)
	if !bytes.HasPrefix(res.Body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("CSV has no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(res.Body[3:])).ReadAll()
	must(t, err)
	checkExport(t, "CSV", rows, want)

	res = f.Do("GET", "/api/v1/events/"+f.EventID+"/participants/export?format=xlsx", "secretariat", nil)
	x, err := excelize.OpenReader(bytes.NewReader(res.Body))
	must(t, err)
	rows, err = x.GetRows("Participants")
	must(t, err)
	checkExport(t, "XLSX", rows, want)

	// Search works in any script, ignoring accents and vowel marks.
	for q, n := range map[string]float64{"lefevre": 1, "محمد": 2, "ЁЛКИНА": 1, "golchinzadeh": 1, "nobody": 0} {
		r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?q="+q, "secretariat", nil)
		if got := r.Map(t)["total"]; got != n {
			t.Errorf("q=%s: %v results, want %v", q, got, n)
		}
	}
	r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?limit=10&role=delegate", "secretariat", nil).Map(t)
	if r["total"] != float64(len(want)) || len(r["items"].([]any)) != 10 || r["next"] == nil {
		t.Errorf("paging: total %v next %v", r["total"], r["next"])
	}
	checkPages(t, f)
}

// checkPages walks the participant list 3 at a time through its cursors and
// compares it with the list in one page: same items, same order, none twice.
func checkPages(t *testing.T, f *fixture) {
	t.Helper()
	var all, paged []any
	for _, it := range f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?limit=500", "secretariat", nil).Map(t)["items"].([]any) {
		all = append(all, it.(map[string]any)["id"])
	}
	cursor := ""
	for pages := 0; ; pages++ {
		r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?limit=3&cursor="+url.QueryEscape(cursor), "secretariat", nil).Map(t)
		for _, it := range r["items"].([]any) {
			paged = append(paged, it.(map[string]any)["id"])
		}
		if r["next"] == nil || pages > len(all) {
			break
		}
		cursor = r["next"].(string)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("paged by 3: %v\nin one page: %v", paged, all)
	}
	if r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?cursor=azpbIngiXQ", "secretariat", nil); r.Status != 400 {
		t.Errorf("a forged keyset cursor: %d, want 400", r.Status)
	}
}

func checkExport(t *testing.T, what string, rows [][]string, want map[string][4]string) {
	t.Helper()
	if len(rows) != len(want)+1 {
		t.Fatalf("%s has %d rows, want %d", what, len(rows), len(want)+1)
	}
	for _, row := range rows[1:] {
		for len(row) < 6 {
			row = append(row, "")
		}
		if got := [4]string{row[2], row[3], row[4], row[5]}; got != want[row[0]] {
			t.Errorf("%s row %v, want %v", what, got, want[row[0]])
		}
	}
}
