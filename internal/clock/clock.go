// Package clock is the service's one source of the current time. The
// database handle carries the clock (database.Open sets the system clock,
// tests pin another), so that every service and store built over the
// database, and GORM's own timestamps, read the same time.
package clock

import (
	"time"

	"gorm.io/gorm"
)

// Clock returns the current time.
type Clock func() time.Time

// System is the machine's clock, in UTC.
func System() time.Time { return time.Now().UTC() }

// Of returns the clock that db carries, in UTC.
func Of(db *gorm.DB) Clock {
	return func() time.Time { return db.NowFunc().UTC() }
}
