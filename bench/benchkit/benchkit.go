// Package benchkit holds what the benchmark programs share: a throwaway
// PostgreSQL schema and latency percentiles.
package benchkit

import (
	"context"
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"accreditation/internal/database"
)

// Schema creates a throwaway schema in the database at base (see
// database.NewSchema) and exits the program when it cannot.
func Schema(ctx context.Context, base, prefix string) (schema, schemaURL string, drop func()) {
	schema, schemaURL, drop, err := database.NewSchema(ctx, base, prefix)
	if err != nil {
		log.Fatal(err)
	}
	return schema, schemaURL, drop
}

// Percentile returns the p-th percentile of d (p = 100 is the maximum),
// rounded to 10 µs; 0 for no samples.
func Percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := min(len(s)-1, len(s)*p/100)
	return s[i].Round(10 * time.Microsecond)
}

// LoadAverage is the machine's one-minute load average, "?" where there is
// no /proc/loadavg: printed beside figures, which other work on the machine
// makes worse.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
