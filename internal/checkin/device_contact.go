package checkin

import (
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
)

// Headers a door page sends on its calls to report on itself.
const (
	// PendingHeader is the number of scans the device has waiting to upload.
	PendingHeader = "X-Scanner-Pending"
	// VersionHeader is the version of the door page the device runs.
	VersionHeader = "X-Scanner-Version"
)

// ContactEvery is how often at most one server writes a device's report
// from its scans and uploads, so that the doors' scans cost no extra write:
// a device scanning all day writes its report about twice a minute. Fetching
// the snapshot always records it (a device does that once a minute).
var ContactEvery = 30 * time.Second

// contactLog remembers when each device's report was last written by this
// server. It decides nothing but how often to write: another server writes
// its own reports, and the stored row is what every server reads.
type contactLog struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether a report of device is to be written at now, and if
// so counts it as written.
func (l *contactLog) due(device string, now time.Time, force bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !force && now.Sub(l.last[device]) < ContactEvery && !l.last[device].IsZero() {
		return false
	}
	if l.last == nil || len(l.last) > 10000 {
		l.last = map[string]time.Time{}
	}
	l.last[device] = now
	return true
}

// readContact reads a device's report from the request headers. Errors:
// Invalid, naming the header.
func readContact(c echo.Context) (contact, error) {
	var out contact
	var v apperr.Validator
	if h := c.Request().Header.Get(PendingHeader); h != "" {
		n, err := strconv.Atoi(h)
		v.Check(err == nil && n >= 0 && n <= 10_000_000, PendingHeader, "must be a whole number of scans from 0 to 10000000")
		out.pending = &n
	}
	if h := c.Request().Header.Get(VersionHeader); h != "" {
		ok := len(h) <= 40
		for _, r := range h {
			ok = ok && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '+')
		}
		v.Check(ok, VersionHeader, "must be at most 40 letters, digits, dots, dashes, underscores or pluses")
		out.version = h
	}
	return out, v.Err()
}

// noteContact records what a device reports on a door route: when it
// called, and its pending scans and version from the headers; with snapshot,
// also that it fetched its snapshot. A report that cannot be written does
// not fail the call: the scan matters more than the report.
func (s *Service) noteContact(snapshot bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			rep, err := readContact(c)
			if err != nil {
				return err
			}
			if err := next(c); err != nil {
				return err
			}
			a := actor.From(c.Request().Context())
			now := s.now()
			if a.Kind != actor.Device || !s.cache.contacts.due(a.ID, now, snapshot) {
				return nil
			}
			rep.at, rep.snapshot = now, snapshot
			_ = s.store.recordContact(c.Request().Context(), a.ID, rep)
			return nil
		}
	}
}
