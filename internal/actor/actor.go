// Package actor names who is making a request — a staff member, a scanner
// device, a delegation's focal point through its link, or the system — and
// carries that in a request's context.
package actor

import (
	"context"
	"slices"
)

// Kind is the sort of caller.
type Kind string

// The kinds of caller.
const (
	User   Kind = "user"
	Device Kind = "device"
	RSVP   Kind = "rsvp"
	System Kind = "system"
)

// Role is what a staff account or device may do.
type Role string

// The roles. A device always has the door role.
const (
	Admin       Role = "admin"
	Secretariat Role = "secretariat"
	Door        Role = "door"
)

// Roles lists every role.
var Roles = []Role{Admin, Secretariat, Door}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Admin || r == Secretariat || r == Door }

// Actor is the caller of a request.
type Actor struct {
	Kind     Kind
	ID       string
	Name     string
	Role     Role
	Language string // a device's language for messages
	TokenID  string // the token that authenticated the request
	// Events are the events a device scans for (a device sees nothing of
	// any other event); unused for other kinds of caller.
	Events []string
}

// Reaches reports whether the actor may see anything of the event: a device
// only of the events it scans for, any other caller of any event (its role
// decides what).
func (a Actor) Reaches(eventID string) bool {
	return a.Kind != Device || slices.Contains(a.Events, eventID)
}

type key struct{}

// With returns ctx carrying a.
func With(ctx context.Context, a Actor) context.Context { return context.WithValue(ctx, key{}, a) }

// From returns the actor in ctx; the zero Actor (kind "") when there is none.
func From(ctx context.Context) Actor {
	a, _ := ctx.Value(key{}).(Actor)
	return a
}
