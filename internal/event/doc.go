// Package event is the conference itself: its days, venue, timezone and
// languages, the signatories of its letters, its programme, zones, categories
// and checkpoints, and the demo conference a new installation starts with.
package event
