package documents

import (
	"fmt"
	"time"

	"accreditation/internal/i18n"
)

// formatDate writes a day as the document's language does: "18 March 2013".
func formatDate(lang string, t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), i18n.T(lang, fmt.Sprintf("documents.month.%d", int(t.Month()))), t.Year())
}

// formatDays writes an event's days, from and to as YYYY-MM-DD: "18–19
// March 2013" within a month, both days in full otherwise.
func formatDays(lang, from, to string) string {
	a, errA := time.Parse(time.DateOnly, from)
	b, errB := time.Parse(time.DateOnly, to)
	switch {
	case errA != nil || errB != nil:
		return from + " – " + to
	case a.Equal(b):
		return formatDate(lang, a)
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%d–%s", a.Day(), formatDate(lang, b))
	}
	return formatDate(lang, a) + " – " + formatDate(lang, b)
}
