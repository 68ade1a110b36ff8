package checkintest

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
)

// Device creates a scanner device of the event as in says (at the event's
// first checkpoint by name when in names none, "Door scanner" when it has no
// name) and pairs it, as the console and the door page do, and returns its
// id and token. It returns the services' errors.
func Device(ctx context.Context, db *gorm.DB, eventID string, in checkin.DeviceInput) (id, token string, err error) {
	if in.Name == "" {
		in.Name = "Door scanner"
	}
	if in.CheckpointID == "" {
		var ids []string
		if err := db.WithContext(ctx).Table("checkpoints").Where("event_id = ?", eventID).Order("name, id").
			Limit(1).Pluck("id", &ids).Error; err != nil {
			return "", "", err
		}
		if len(ids) == 0 {
			return "", "", fmt.Errorf("event %s has no checkpoint for a device", eventID)
		}
		in.CheckpointID = ids[0]
	}
	sys := actor.With(ctx, actor.Actor{Kind: actor.System, Name: "test"})
	d, err := checkin.NewService(db).CreateDevice(sys, eventID, in)
	if err != nil {
		return "", "", err
	}
	p, err := auth.NewService(db).Pair(sys, d.Pairing.Code, "checkintest")
	if err != nil {
		return "", "", err
	}
	return d.ID, p.Token, nil
}
