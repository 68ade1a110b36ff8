package badges_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/testkit"
)

// download fetches a print job's file from another server as role.
func download(t *testing.T, base, token, jobID string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/api/v1/badge-prints/"+jobID+"/file", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, body
}

// TestPrintFileServedByEveryServer: a job printed by one server is
// downloaded from another on the same database, as a PDF or a ZIP of PDFs,
// byte for byte what the first one serves, and once its file is past Keep
// neither serves it.
func TestPrintFileServedByEveryServer(t *testing.T) {
	dbA, dbB := apptest.TwoPools(t)
	f := newFixtureOn(t, apptest.NewOn(t, dbA))
	srvB := apptest.Serve(t, dbB)
	names := fixtures.Names()
	for i := range 3 {
		f.approve(t, f.addParticipant(t, person{name: names[i], photo: testPhoto(t, uint8(40*i))}))
	}
	ctx := ctxAs("printer")
	p := f.svc.Prints
	print := func(chunk int) badges.PrintJob {
		t.Helper()
		p.ChunkSize = chunk
		job, err := p.Create(ctx, f.eventID, badges.PrintInput{Layout: "a6"})
		if err != nil {
			t.Fatal(err)
		}
		if ran, err := p.RunOnce(context.Background()); !ran || err != nil {
			t.Fatalf("run: %v %v", ran, err)
		}
		return job
	}
	pdf, zipped := print(500), print(2)
	token := f.env.Tokens["secretariat"]
	for _, tc := range []struct {
		job   badges.PrintJob
		ctype string
	}{{pdf, "application/pdf"}, {zipped, "application/zip"}} {
		status, h, body := download(t, srvB.URL, token, tc.job.ID)
		if status != 200 || h.Get("Content-Type") != tc.ctype {
			t.Fatalf("%s from the other server: %d %s %.300s", tc.ctype, status, h.Get("Content-Type"), body)
		}
		j, err := p.Job(ctx, tc.job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Get("Content-Length") != strconv.Itoa(len(body)) || j.FileSize != int64(len(body)) {
			t.Errorf("%s: Content-Length %s, file_size %d, got %d bytes", tc.ctype, h.Get("Content-Length"), j.FileSize, len(body))
		}
		if want := `attachment; filename="badges-` + tc.job.ID[:8]; !bytes.HasPrefix([]byte(h.Get("Content-Disposition")), []byte(want)) {
			t.Errorf("Content-Disposition %q, want %s…", h.Get("Content-Disposition"), want)
		}
		here := f.env.Do("GET", "/api/v1/badge-prints/"+tc.job.ID+"/file", "secretariat", nil)
		if here.Status != 200 || !bytes.Equal(here.Body, body) {
			t.Errorf("%s: the two servers serve different files (%d and %d bytes)", tc.ctype, len(here.Body), len(body))
		}
	}
	// The ZIP holds the three badges in two PDFs, each a whole PDF.
	_, _, body := download(t, srvB.URL, token, zipped.ID)
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc) // checks the CRC-32 too
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) {
			t.Fatalf("%s: %v, not a whole PDF", zf.Name, err)
		}
		got = append(got, zf.Name)
	}
	if len(got) != 2 || got[0] != "badges-0001-0002.pdf" || got[1] != "badges-0003-0003.pdf" {
		t.Fatalf("the ZIP holds %v", got)
	}
	text := run(t, "pdftotext", writeTemp(t, "last.pdf", mustRead(t, zr.File[1])), "-")
	if !bytes.Contains([]byte(text), []byte(names[2].Family)) {
		t.Errorf("the last PDF lacks %s: %q", names[2].Family, text)
	}

	// A week later the files are removed, from every server.
	later := testkit.Now().Add(p.Keep + time.Minute)
	p.SetNow(func() time.Time { return later })
	if err := p.Expire(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{pdf.ID, zipped.ID} {
		if status, _, body := download(t, srvB.URL, token, id); status != 410 {
			t.Errorf("an expired file from the other server: %d %.200s", status, body)
		}
		if res := f.env.Do("GET", "/api/v1/badge-prints/"+id+"/file", "secretariat", nil); res.Status != 410 {
			t.Errorf("an expired file: %d", res.Status)
		}
		if j := f.env.Do("GET", "/api/v1/badge-prints/"+id, "secretariat", nil).Map(t); j["file_url"] != nil {
			t.Errorf("an expired job still offers its file: %v", j["file_url"])
		}
	}
	var chunks int64
	f.db.Table("print_job_chunks").Count(&chunks)
	if chunks != 0 {
		t.Errorf("%d chunks left after the files expired", chunks)
	}
}

func mustRead(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPrintFileKeptUntilExpiry: a job finished less than Keep ago keeps
// its file when older ones are removed.
func TestPrintFileKeptUntilExpiry(t *testing.T) {
	f := newFixture(t)
	f.approve(t, f.addParticipant(t, person{name: fixtures.Names()[4]}))
	p := f.svc.Prints
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p.SetNow(func() time.Time { return t0 })
	old, err := p.Create(ctxAs("printer"), f.eventID, badges.PrintInput{})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := p.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	p.SetNow(func() time.Time { return t0.Add(2 * 24 * time.Hour) })
	recent, err := p.Create(ctxAs("printer"), f.eventID, badges.PrintInput{})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := p.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	p.SetNow(func() time.Time { return t0.Add(p.Keep + time.Hour) })
	if err := p.Expire(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res := f.env.Do("GET", "/api/v1/badge-prints/"+old.ID+"/file", "admin", nil); res.Status != 410 {
		t.Errorf("the old job's file: %d, want 410", res.Status)
	}
	if res := f.env.Do("GET", "/api/v1/badge-prints/"+recent.ID+"/file", "admin", nil); res.Status != 200 ||
		!bytes.HasPrefix(res.Body, []byte("%PDF-")) {
		t.Errorf("the recent job's file: %d, want its PDF", res.Status)
	}
}

// TestPrintJobResumesWithinLeaseOfACrash: a worker dies in the middle of a
// job (its context ends; it releases nothing). Another worker cannot take
// the job a moment before the lease ends, and takes it at the lease's end,
// at most 15 seconds after the crash; it drops what the dead one stored and
// prints the whole batch once.
func TestPrintJobResumesWithinLeaseOfACrash(t *testing.T) {
	f := newFixture(t)
	names := fixtures.Names()
	for i := range 3 {
		f.approve(t, f.addParticipant(t, person{name: names[i]}))
	}
	p := f.svc.Prints
	if p.Lease > 15*time.Second {
		t.Fatalf("the print lease is %s, want at most 15s", p.Lease)
	}
	p.ChunkSize = 1
	t0 := time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)
	p.SetNow(func() time.Time { return t0 })
	job, err := p.Create(ctxAs("printer"), f.eventID, badges.PrintInput{Layout: "a6"})
	if err != nil {
		t.Fatal(err)
	}
	// The dying worker reads its clock to claim the job, to start it, and
	// with each PDF stored; it dies as it stores the second.
	ctx, crash := context.WithCancel(context.Background())
	calls := 0
	p.SetNow(func() time.Time {
		if calls++; calls == 4 {
			crash()
		}
		return t0
	})
	if ran, err := p.RunOnce(ctx); !ran || !errors.Is(err, context.Canceled) {
		t.Fatalf("the dying worker: %v %v", ran, err)
	}
	j, _ := p.Job(context.Background(), job.ID)
	var parts int64
	f.db.Table("print_job_parts").Where("job_id = ?", job.ID).Count(&parts)
	if j.Status != badges.JobRunning || j.Done != 1 || parts != 1 {
		t.Fatalf("after the crash: %s, %d done, %d PDFs stored; want running, 1, 1", j.Status, j.Done, parts)
	}

	p.SetNow(func() time.Time { return t0.Add(p.Lease - time.Millisecond) })
	if ran, err := p.RunOnce(context.Background()); ran || err != nil {
		t.Fatalf("another worker took the job before its lease ended: %v %v", ran, err)
	}
	p.SetNow(func() time.Time { return t0.Add(p.Lease + time.Millisecond) })
	if ran, err := p.RunOnce(context.Background()); !ran || err != nil {
		t.Fatalf("another worker did not take the job once its lease ended: %v %v", ran, err)
	}
	j, _ = p.Job(context.Background(), job.ID)
	if j.Status != badges.JobDone || j.Done != 3 {
		t.Fatalf("after the take-over: %+v", j)
	}
	res := f.env.Do("GET", "/api/v1/badge-prints/"+job.ID+"/file", "admin", nil)
	zr, err := zip.NewReader(bytes.NewReader(res.Body), int64(len(res.Body)))
	if err != nil || len(zr.File) != 3 || zr.File[0].Name != "badges-0001-0001.pdf" {
		t.Fatalf("the file after the take-over: %d %v", res.Status, err)
	}
	var printed int64
	f.db.Model(&badges.Badge{}).Where("printed_at IS NOT NULL").Count(&printed)
	if printed != 3 {
		t.Fatalf("%d badges marked printed, want 3", printed)
	}
}

// TestPrintLeaseRenewedWhileWorking: a worker that lives keeps its job
// however long a chunk takes, its lease renewed; once it dies, the job is
// taken over.
func TestPrintLeaseRenewedWhileWorking(t *testing.T) {
	f := newFixture(t)
	f.approve(t, f.addParticipant(t, person{name: fixtures.Names()[2]}))
	p := f.svc.Prints
	p.Lease = 300 * time.Millisecond
	job, err := p.Create(ctxAs("printer"), f.eventID, badges.PrintInput{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, crash := context.WithCancel(context.Background())
	j, ok, err := p.Claim(ctx)
	if !ok || err != nil || j.ID != job.ID {
		t.Fatalf("claim: %v %v", ok, err)
	}
	_, release := p.Hold(ctx, j)
	defer release()
	time.Sleep(4 * p.Lease) // a chunk four leases long
	if ran, err := p.RunOnce(context.Background()); ran || err != nil {
		t.Fatalf("another worker took a job whose worker lives: %v %v", ran, err)
	}
	crash()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ran, err := p.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ran {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job of a dead worker was never taken over")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if j, _ := p.Job(context.Background(), job.ID); j.Status != badges.JobDone {
		t.Fatalf("after the take-over: %s", j.Status)
	}
}
