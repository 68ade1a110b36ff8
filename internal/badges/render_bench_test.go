package badges_test

import (
	"io"
	"testing"
	"time"

	"accreditation/internal/badges"
)

// BenchmarkRenderA6 renders A6 badges with a photo, 100 to a document as a
// print job's chunks do, and reports badges per second.
func BenchmarkRenderA6(b *testing.B) {
	names := loadNames(b)
	photo := testPhoto(b, 90)
	const perDoc = 100
	cards := make([]badges.Card, perDoc)
	for i := range cards {
		cards[i] = testCard(b, names[i%len(names)], i+1, photo)
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
