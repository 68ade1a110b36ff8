// Package testkit is what tests share: the clock they run by (TEST_NOW) and
// the rule for a tool the machine may lack (skip here, fail under CI).
//
// Tests read domain time (an event's days, a deadline, a scan's time) only
// from the kit's clock, through the database (db.Now) or Now here, never from
// the wall clock. Timeouts and deadlines for polling (how long to wait for a
// page or a worker) stay on the wall clock: they measure the test, not the
// product.
package testkit
