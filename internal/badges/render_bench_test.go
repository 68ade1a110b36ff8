package badges_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/registration"
)

// The benchmarks below print badges as the service does: A6, each badge with
// its own photo as the registration pipeline stores it (a 900×1200 JPEG at
// quality 90, about 150 KB). Run them on one core:
//
//	go test -run XXX -bench . -benchtime 10x -cpu 1 ./internal/badges/
//
// Each reports badges/s (wall clock, the figure the targets are stated in)
// and badges/cpu-s (process CPU time, which a busy machine disturbs less).

// BenchmarkRenderA6 renders a batch document: 100 A6 badges, each with a
// distinct photo, in one PDF, as a print job's chunks do.
func BenchmarkRenderA6(b *testing.B) {
	const perDoc = 100
	cards := benchCards(b, perDoc)
	opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 0, 0, 0, 0, time.UTC)}
	var size int64
	clock := startClock()
	for b.Loop() {
		var out countingWriter
		if err := badges.Render(&out, badges.A6, cards, opts); err != nil {
			b.Fatal(err)
		}
		size = out.n
	}
	clock.report(b, b.N*perDoc)
	b.ReportMetric(float64(size)/perDoc/1024, "KB/badge")
}

// BenchmarkRenderA6Single renders one A6 badge with its photo per document,
// as GET /api/v1/badges/{id}/pdf does for each request.
func BenchmarkRenderA6Single(b *testing.B) {
	cards := benchCards(b, 20)
	opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 0, 0, 0, 0, time.UTC)}
	clock := startClock()
	i := 0
	for b.Loop() {
		if err := badges.Render(io.Discard, badges.A6, cards[i%len(cards):i%len(cards)+1], opts); err != nil {
			b.Fatal(err)
		}
		i++
	}
	clock.report(b, b.N)
}

// BenchmarkPrintJob10000 runs a 10,000-badge A6 print job, every badge with
// its own photo, through the real worker and database, and reports the peak
// Go heap while it runs, the process's peak resident set (VmHWM, reset
// before the job where the kernel allows it; else it includes the setup) and
// its resident set when the job starts (the test binary, SQLite's cache).
func BenchmarkPrintJob10000(b *testing.B) {
	const n = 10_000
	f := newFixture(b)
	names := fixtures.Names()
	photos := benchPhotos(b, 50)
	ctx := ctxAs("bench")
	err := f.db.Transaction(func(tx *gorm.DB) error {
		for i := range n {
			photo := distinctPhoto(photos[i%len(photos)], i)
			p := f.addParticipantTx(b, tx, person{name: names[i%len(names)], photo: photo})
			if err := f.svc.Approved(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	photos = nil
	b.ResetTimer()
	for range b.N {
		job, err := f.svc.Prints.Create(ctx, f.eventID, badges.PrintInput{Layout: "a6"})
		if err != nil {
			b.Fatal(err)
		}
		debug.FreeOSMemory()                                  // give back what the setup used, so that
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resetting VmHWM measures the job alone (where allowed)
		before := procStatus("VmRSS:")
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { samplePeakHeap(&peak, stop); close(done) }()
		clock := startClock()
		if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
			b.Fatalf("run: %v %v", ran, err)
		}
		clock.report(b, n)
		close(stop)
		<-done
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(procStatus("VmHWM:"))/1024, "VmHWM-MB")
		b.ReportMetric(float64(before)/1024, "VmRSS-before-MB")
		b.StopTimer()
		// The download streams the file from the database, a chunk at a time.
		file, err := f.svc.Prints.File(ctx, job.ID)
		if err != nil {
			b.Fatal(err)
		}
		debug.FreeOSMemory()
		peak.Store(0)
		stop, done = make(chan struct{}), make(chan struct{})
		go func() { samplePeakHeap(&peak, stop); close(done) }()
		var sent countingWriter
		if err := file.Stream(context.Background(), &sent); err != nil || sent.n != file.Size {
			b.Fatalf("download: %d of %d bytes, %v", sent.n, file.Size, err)
		}
		close(stop)
		<-done
		b.ReportMetric(float64(file.Size)/(1<<20), "file-MB")
		b.ReportMetric(float64(peak.Load())/(1<<20), "download-peak-heap-MB")
		b.StartTimer()
	}
}

// benchCards returns n cards of the fixture names, each with its own photo.
func benchCards(b *testing.B, n int) []badges.Card {
	names := fixtures.Names()
	photos := benchPhotos(b, min(n, 10))
	cards := make([]badges.Card, n)
	for i := range cards {
		cards[i] = testCard(b, names[i%len(names)], i+1, distinctPhoto(photos[i%len(photos)], i))
	}
	return cards
}

// benchPhotos returns n different portraits as the registration pipeline
// stores them: 900×1200 JPEGs at its quality, with enough detail to weigh
// what a real photograph does (about 150 KB).
func benchPhotos(b *testing.B, n int) [][]byte {
	b.Helper()
	out := make([][]byte, n)
	for i := range out {
		p, err := registration.ProcessPhoto(portrait(uint64(i)))
		if err != nil {
			b.Fatal(err)
		}
		out[i] = p.Data
	}
	return out
}

// portrait draws a 900×1200 head-and-shoulders shape on a gradient, with
// sensor-like noise, and returns it as PNG for the registration pipeline.
func portrait(seed uint64) []byte {
	const w, h = 900, 1200
	rng := rand.New(rand.NewPCG(seed, 42))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := uint8(120 + rng.IntN(100))
	for y := range h {
		for x := range w {
			dx, dy := float64(x-w/2), float64(y-h*2/5)
			head := dx*dx/(230*230)+dy*dy/(300*300) < 1
			body := y > h*7/10 && (dx*dx)/(420*420)+float64(y-h)*float64(y-h)/(400*400) < 1
			var c [3]int
			switch {
			case head:
				c = [3]int{200, 160, 130}
			case body:
				c = [3]int{40, 50, 90}
			default:
				c = [3]int{int(bg), int(bg) + y/20, 200 - x/10}
			}
			for k := range c {
				c[k] = min(255, max(0, c[k]+rng.IntN(16)-8))
			}
			img.SetRGBA(x, y, color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 255})
		}
	}
	var buf bytes.Buffer
	if err := pngEncode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

var pngEncode = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode

// distinctPhoto returns a copy of the JPEG photo made unique by a comment
// segment naming i, so that no two badges share an image in the PDF.
func distinctPhoto(photo []byte, i int) []byte {
	comment := []byte("badge " + strconv.Itoa(i))
	out := make([]byte, 0, len(photo)+4+len(comment))
	out = append(out, photo[:2]...) // SOI
	out = append(out, 0xFF, 0xFE, byte((len(comment)+2)>>8), byte(len(comment)+2))
	out = append(out, comment...)
	return append(out, photo[2:]...)
}

// clock measures wall and process CPU time.
type clock struct {
	wall time.Time
	cpu  time.Duration
}

func startClock() clock { return clock{time.Now(), cpuTime()} }

func (c clock) report(b *testing.B, badgeCount int) {
	wall, cpu := time.Since(c.wall), cpuTime()-c.cpu
	b.ReportMetric(float64(badgeCount)/wall.Seconds(), "badges/s")
	if cpu > 0 {
		b.ReportMetric(float64(badgeCount)/cpu.Seconds(), "badges/cpu-s")
	}
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func samplePeakHeap(peak *atomic.Uint64, stop chan struct{}) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		if v := s[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// procStatus returns a size in KiB from /proc/self/status, such as the
// process's peak resident set (field "VmHWM:"); 0 if unknown.
func procStatus(field string) int {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}
