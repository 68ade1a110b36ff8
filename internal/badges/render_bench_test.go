package badges_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/badges"
)

// BenchmarkRenderA6 renders A6 badges, each with its own photo, 100 to a
// document as a print job's chunks do, and reports badges per second. Run
// with -cpu 1 for the one-core figure.
func BenchmarkRenderA6(b *testing.B) {
	names := loadNames(b)
	const perDoc = 100
	cards := make([]badges.Card, perDoc)
	for i := range cards {
		cards[i] = testCard(b, names[i%len(names)], i+1, testPhoto(b, uint8(i*2)))
	}
	opts := badges.RenderOptions{CreationDate: time.Date(2013, 3, 1, 0, 0, 0, 0, time.UTC)}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := badges.Render(io.Discard, badges.A6, cards, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*perDoc)/time.Since(start).Seconds(), "badges/s")
}

// BenchmarkPrintJob10000 runs a 10,000-badge A6 print job (photos included)
// through the real worker and database, and reports the peak Go heap while
// it runs and the process's peak resident set (VmHWM, reset before the job
// where the kernel allows it).
func BenchmarkPrintJob10000(b *testing.B) {
	const n = 10_000
	f := newFixture(b)
	names := loadNames(b)
	photos := make([][]byte, 100)
	for i := range photos {
		photos[i] = testPhoto(b, uint8(i*2))
	}
	ctx := ctxAs("bench")
	err := f.db.Transaction(func(tx *gorm.DB) error {
		for i := range n {
			p := f.addParticipantTx(b, tx, person{name: names[i%len(names)], photo: photos[i%len(photos)]})
			if err := f.svc.Approved(ctx, tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := f.svc.Prints.Create(ctx, f.eventID, badges.PrintInput{Layout: "a6"}); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM; ignored where not allowed
		var peak atomic.Uint64
		stop := make(chan struct{})
		go samplePeakHeap(&peak, stop)
		start := time.Now()
		if ran, err := f.svc.Prints.RunOnce(context.Background()); !ran || err != nil {
			b.Fatalf("run: %v %v", ran, err)
		}
		elapsed := time.Since(start)
		close(stop)
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(vmHWM())/1024, "VmHWM-MB")
		b.ReportMetric(n/elapsed.Seconds(), "badges/s")
	}
}

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

// vmHWM returns the process's peak resident set in KiB, 0 if unknown.
func vmHWM() int {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}
