package badges_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/registration"
)

func TestBadgePDFOverHTTP(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	var ru fixtures.Name
	for _, n := range names {
		if n.Key == "ru-1" {
			ru = n
		}
	}
	p := f.addParticipant(t, person{name: ru, role: registration.Head, photo: testPhoto(t, 30)})
	b := f.approve(t, p)
	for _, layout := range []string{"", "a6", "a4-4up", "cr80"} {
		res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf?layout="+layout, "secretariat", nil)
		if res.Status != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("layout %q: %d %s", layout, res.Status, res.Body)
		}
		path := writeTemp(t, "badge.pdf", res.Body)
		text := strings.Join(strings.Fields(run(t, "pdftotext", path, "-")), " ")
		for _, want := range []string{ru.Latin(), ru.Native, "Republic of Azerbaijan", "Head of Delegation", "18–19 March 2013"} {
			if !strings.Contains(text, want) {
				t.Errorf("layout %q: %q missing from the PDF text", layout, want)
			}
		}
		codes := readQRCodes(t, path, 1)
		if len(codes) != 1 || codes[0] != b.Code {
			t.Fatalf("layout %q: QR reads %q, want %q", layout, codes, b.Code)
		}
		if c := f.verify(t, codes[0]); c.Number != uint32(b.Number) || c.Version != uint16(b.Version) {
			t.Fatalf("QR names %d v%d", c.Number, c.Version)
		}
	}
	if res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf?layout=a5", "admin", nil); res.Status != 400 {
		t.Fatalf("unknown layout: %d, want 400", res.Status)
	}
	if res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf", "door", nil); res.Status != 403 {
		t.Fatalf("door: %d, want 403", res.Status)
	}
	// A stored photo that has become unreadable: a clear 409, no PDF.
	f.exec(t, `UPDATE photos SET data = ? WHERE participant_id = ?`, testPhoto(t, 30)[:900], p.ID)
	res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf", "admin", nil)
	if res.Status != 409 || !strings.Contains(string(res.Body), "photo-unreadable") {
		t.Fatalf("unreadable photo: %d %s", res.Status, res.Body)
	}
}

func TestPrintBatchInProtocolOrder(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	second := f.addDelegation(t, f.eventID, "Kingdom of Morocco", 2)
	secondInv := f.addInvitation(t, f.eventID, second)
	// Inserted out of order: the batch must come out by delegation order,
	// head first, then by family name.
	people := []person{
		{name: names[1], delegationID: second, invitationID: secondInv},                          // Benali
		{name: names[0], role: registration.Head, delegationID: second, invitationID: secondInv}, // Altwaijri (head)
		{name: names[12]},                         // Lefèvre
		{name: names[5], role: registration.Head}, // Shcherbakova-Yolkina (head)
		{name: names[8]},                          // Ağayeva
	}
	for i, pp := range people {
		pp.photo = testPhoto(t, uint8(i*30))
		f.approve(t, f.addParticipant(t, pp))
	}
	want := []string{"Shcherbakova-Yolkina", "Ağayeva", "Lefèvre", "Altwaijri", "Benali"}

	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"layout":"a5"}`, 400},
		{`{"layout":"a6","delegation_id":"not-a-uuid"}`, 400},
		{`{"layout":"a6","category_id":"00000000-0000-4000-8000-000000000000"}`, 400},
		{`{"layout":"a6","colour":"red"}`, 400},
	} {
		if res := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "secretariat", tc.body); res.Status != tc.status {
			t.Errorf("%s: %d, want %d (%s)", tc.body, res.Status, tc.status, res.Body)
		}
	}
	// A delegation of another event is not this event's.
	other, _ := f.addEvent(t, "Another conference")
	otherDel := f.addDelegation(t, other, "Elsewhere", 1)
	if res := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "admin", map[string]any{"delegation_id": otherDel}); res.Status != 400 {
		t.Errorf("delegation of another event: %d, want 400", res.Status)
	}
	if res := f.env.Do("POST", "/api/v1/events/00000000-0000-4000-8000-000000000000/badge-prints", "admin", map[string]any{}); res.Status != 404 {
		t.Errorf("unknown event: %d, want 404", res.Status)
	}

	f.svc.Prints.ChunkSize = 2 // five badges: a ZIP of three PDFs
	res := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "secretariat", map[string]any{"layout": "a6", "only_unprinted": true})
	if res.Status != 202 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var job badges.PrintJob
	res.JSON(t, &job)
	if job.Status != badges.JobQueued || job.Total != 5 {
		t.Fatalf("job %+v", job)
	}
	if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	got := f.env.Do("GET", "/api/v1/badge-prints/"+job.ID, "secretariat", nil).Map(t)
	if got["status"] != badges.JobDone || got["done"].(float64) != 5 || got["file_url"] == nil {
		t.Fatalf("after the run: %v", got)
	}
	file := f.env.Do("GET", got["file_url"].(string), "secretariat", nil)
	if file.Status != 200 || !strings.HasPrefix(file.Header.Get("Content-Type"), "application/zip") {
		t.Fatalf("file: %d %s", file.Status, file.Header.Get("Content-Type"))
	}
	text := zipText(t, file.Body)
	pos := -1
	for _, name := range want {
		i := strings.Index(text, name)
		if i < pos {
			t.Fatalf("%s printed out of protocol order (want %v)", name, want)
		}
		pos = i
	}
	// Everything is printed now: a second unprinted batch has nothing to do.
	res = f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "secretariat", map[string]any{"only_unprinted": true})
	if res.Status != 409 || !strings.Contains(string(res.Body), "nothing-to-print") {
		t.Fatalf("empty batch: %d %s", res.Status, res.Body)
	}
	var jobs int64
	f.db.Model(&badges.PrintJob{}).Count(&jobs)
	if jobs != 1 {
		t.Fatalf("%d jobs, want only the first", jobs)
	}
}

func zipText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		pdf, _ := io.ReadAll(rc)
		rc.Close()
		text.WriteString(run(t, "pdftotext", writeTemp(t, zf.Name, pdf), "-"))
	}
	if len(zr.File) != 3 {
		t.Fatalf("%d PDFs in the ZIP, want 3", len(zr.File))
	}
	return text.String()
}

// TestPrintJobCutByPhotoBytes: a PDF ends once its photos reach ChunkBytes,
// however few badges it has, so that memory stays bounded with large photos.
func TestPrintJobCutByPhotoBytes(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	photo := testPhoto(t, 10)
	for i := range 3 {
		f.approve(t, f.addParticipant(t, person{name: names[i], photo: photo}))
	}
	f.svc.Prints.ChunkBytes = int64(2 * len(photo)) // two badges a PDF
	ctx := ctxAs("printer")
	job, err := f.svc.Prints.Create(ctx, f.eventID, badges.PrintInput{Layout: "a6"})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	res := f.env.Do("GET", "/api/v1/badge-prints/"+job.ID+"/file", "secretariat", nil)
	if res.Status != 200 {
		t.Fatalf("file: %d %s", res.Status, res.Body)
	}
	data := res.Body
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, zf := range zr.File {
		got = append(got, zf.Name)
	}
	if strings.Join(got, " ") != "badges-0001-0002.pdf badges-0003-0003.pdf" {
		t.Fatalf("ZIP holds %v, want two badges in the first PDF and one in the second", got)
	}
}

// TestPrintJobSurvivesARestart: a job left running by a server that died is
// taken over when its lease runs out, and a photo that cannot be read fails
// the job with a clear message and no file.
func TestPrintJobSurvivesARestart(t *testing.T) {
	f := newFixture(t)
	p := f.addParticipant(t, person{name: fixtures.Names()[3], photo: testPhoto(t, 10)})
	f.approve(t, p)
	res := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "admin", map[string]any{"layout": "cr80"})
	var job badges.PrintJob
	res.JSON(t, &job)
	// Another server claimed it and died: running, lease expired.
	f.exec(t, `UPDATE print_jobs SET status = 'running', lease_token = 'dead', locked_until = ? WHERE id = ?`,
		f.env.Now().Add(-time.Minute), job.ID)
	if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("take over: %v %v", ran, err)
	}
	if j, _ := f.svc.Prints.Job(context.Background(), job.ID); j.Status != badges.JobDone || j.FileType != "application/pdf" {
		t.Fatalf("after the take-over: %+v", j)
	}
	var printed int64
	f.db.Model(&badges.Badge{}).Where("printed_at IS NOT NULL").Count(&printed)
	if printed != 1 {
		t.Fatalf("%d badges marked printed, want 1", printed)
	}

	f.exec(t, `UPDATE photos SET data = ? WHERE participant_id = ?`, []byte("not an image"), p.ID)
	res = f.env.Do("POST", "/api/v1/events/"+f.eventID+"/badge-prints", "admin", map[string]any{})
	res.JSON(t, &job)
	if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err == nil {
		t.Fatalf("a job with an unreadable photo ran without error")
	}
	j := f.env.Do("GET", "/api/v1/badge-prints/"+job.ID, "admin", nil).Map(t)
	if j["status"] != badges.JobFailed || !strings.Contains(j["error"].(string), "photo") {
		t.Fatalf("failed job: %v", j)
	}
	if res := f.env.Do("GET", "/api/v1/badge-prints/"+job.ID+"/file", "admin", nil); res.Status != 409 {
		t.Fatalf("file of a failed job: %d, want 409", res.Status)
	}
	var stored int64
	f.db.Table("print_job_chunks").Where("job_id = ?", job.ID).Count(&stored)
	if stored != 0 {
		t.Fatalf("failed job left %d chunks of its file behind", stored)
	}
}

// TestSigningKeysNeverShowPrivateMaterial rotates keys and checks that
// neither the responses nor the audit log carry any form of a private key.
func TestSigningKeysNeverShowPrivateMaterial(t *testing.T) {
	f := newFixture(t)
	p := f.addParticipant(t, person{name: fixtures.Names()[7]})
	old := f.approve(t, p)
	list := f.env.Do("GET", "/api/v1/events/"+f.eventID+"/signing-keys", "door", nil)
	rot := f.env.Do("POST", "/api/v1/events/"+f.eventID+"/signing-keys/rotate", "admin", nil)
	if rot.Status != 201 || rot.Map(t)["key_id"].(float64) != 2 {
		t.Fatalf("rotate: %d %s", rot.Status, rot.Body)
	}
	q := f.addParticipant(t, person{name: fixtures.Names()[9]})
	nb := f.approve(t, q)
	if nb.KeyID != 2 {
		t.Fatalf("new badge signed with key %d, want 2", nb.KeyID)
	}
	f.verify(t, old.Code) // still valid under key 1
	f.verify(t, nb.Code)
	after := f.env.Do("GET", "/api/v1/events/"+f.eventID+"/signing-keys", "admin", nil)
	var audit []byte
	for _, res := range []string{"/api/v1/audit"} {
		audit = append(audit, f.env.Do("GET", res, "admin", nil).Body...)
	}

	master, err := os.ReadFile(filepath.Join(f.env.App.Config.DataDir, "signing-master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(f.env.App.Config.DataDir, "signing-master.key")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("master key file mode %v", fi.Mode().Perm())
	}
	var rows []struct {
		ID        string
		SealedKey []byte
	}
	f.db.Table("signing_keys").Select("id, sealed_key").Find(&rows)
	var secrets [][]byte
	for _, r := range rows {
		priv, err := badges.OpenPrivateKey(master, r.ID, r.SealedKey)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, priv, priv.Seed(), r.SealedKey)
	}
	secrets = append(secrets, master)
	for _, body := range [][]byte{list.Body, rot.Body, after.Body, audit} {
		for _, s := range secrets {
			for _, form := range []string{string(s), base64.StdEncoding.EncodeToString(s), base64.RawStdEncoding.EncodeToString(s),
				base64.RawURLEncoding.EncodeToString(s), base64.URLEncoding.EncodeToString(s), hex.EncodeToString(s)} {
				if bytes.Contains(body, []byte(form)) {
					t.Fatalf("private material appears in a response: %.200s", body)
				}
			}
		}
	}
	if len(secrets) != 7 || len(ed25519.PrivateKey(secrets[0])) != ed25519.PrivateKeySize {
		t.Fatalf("expected two sealed keys, got %d secrets", len(secrets))
	}
}
