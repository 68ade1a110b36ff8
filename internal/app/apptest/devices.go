package apptest

import (
	"context"

	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// Device makes a scanner device of the event at checkpointID (the event's
// first checkpoint by name when empty), created and paired as the console
// and the door page do, and makes it the device that the "device" role
// sends as from then on (Tokens and IDs["device"]). It returns its id.
func (e *Env) Device(eventID, checkpointID string) string {
	e.T.Helper()
	id, token, err := checkintest.Device(context.Background(), e.DB.DB, eventID,
		checkin.DeviceInput{Name: "Door 1 scanner", CheckpointID: checkpointID})
	if err != nil {
		e.T.Fatalf("device for event %s: %v", eventID, err)
	}
	e.Tokens["device"], e.IDs["device"] = token, id
	return id
}

// SeedDevice seeds an event of its own (number 9999, one badge) with a
// device, for a test that needs the "device" role but no particular event,
// and returns the event's id.
func (e *Env) SeedDevice() string {
	e.T.Helper()
	ev, err := checkintest.Seed(context.Background(), e.DB.DB, checkintest.Options{Number: 9999, Badges: 1})
	if err != nil {
		e.T.Fatalf("seed an event for a device: %v", err)
	}
	e.Device(ev.ID, ev.CheckpointID)
	return ev.ID
}
