package checkin

import "time"

// Timeline is one event-local day's accepted entries and exits, bucket by
// bucket from midnight in the event's timezone.
type Timeline struct {
	Day     string   `json:"day"`
	Step    int      `json:"step_minutes"`
	Buckets []Bucket `json:"buckets"`
	// Max is the largest count of any bucket, entries or exits (the scale
	// of a chart).
	Max     int `json:"max"`
	Entries int `json:"entries"`
	Exits   int `json:"exits"`
}

// Bucket is one span of a timeline.
type Bucket struct {
	Start   time.Time `json:"start"`
	Label   string    `json:"label"` // the local time it starts at, HH:MM
	Entries int       `json:"entries"`
	Exits   int       `json:"exits"`
}

// timeline lays the accepted scans of a day on every span of it, empty
// ones included; a bucket's label is its local start time, so that a day
// with a change of clocks shows the hour that was skipped or repeated as
// the clocks did.
func timeline(day string, from, to time.Time, step int, loc *time.Location, counts []bucketCount) Timeline {
	width := time.Duration(step) * time.Minute
	n := int(to.Sub(from) / width)
	t := Timeline{Day: day, Step: step, Buckets: make([]Bucket, n)}
	for i := range t.Buckets {
		start := from.Add(time.Duration(i) * width)
		t.Buckets[i] = Bucket{Start: start, Label: start.In(loc).Format("15:04")}
	}
	for _, c := range counts {
		if c.Accepted == 0 || c.B < 0 || int(c.B) >= n {
			continue
		}
		b := &t.Buckets[c.B]
		if c.Direction == Out {
			b.Exits += c.N
			t.Exits += c.N
		} else {
			b.Entries += c.N
			t.Entries += c.N
		}
		t.Max = max(t.Max, b.Entries, b.Exits)
	}
	return t
}
