package checkin_test

import (
	"context"
	"net/http"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// TestCheckpointInUseIsKept: a checkpoint with a scanner not revoked, or
// with scans recorded at it, cannot be deleted (409, nothing changed); once
// its scanner is revoked and it has no scans, it goes, and the revoked
// scanner's place with it.
func TestCheckpointInUseIsKept(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	ev, err := checkintest.Seed(ctx, env.DB.DB, checkintest.Options{Number: 1, Badges: 1})
	if err != nil {
		t.Fatal(err)
	}
	svc := checkin.NewService(env.DB.DB)
	dev, err := svc.CreateDevice(ctx, ev.ID, checkin.DeviceInput{Name: "VIP door", Language: "ar", CheckpointID: ev.VIPCheckpointID})
	if err != nil {
		t.Fatal(err)
	}
	del := func(cp string) *apptest.Response {
		return env.Do("DELETE", "/api/v1/events/"+ev.ID+"/checkpoints/"+cp, "secretariat", nil)
	}
	if res := del(ev.VIPCheckpointID); res.Status != http.StatusConflict {
		t.Errorf("delete with a scanner placed: %d %s", res.Status, res.Body)
	}
	scan(t, env, "door", map[string]any{"code": ev.Badges[0].Code, "checkpoint_id": ev.CheckpointID})
	if res := del(ev.CheckpointID); res.Status != http.StatusConflict {
		t.Errorf("delete with scans recorded: %d %s", res.Status, res.Body)
	}
	var n int64
	env.DB.Table("checkpoints").Where("event_id = ?", ev.ID).Count(&n)
	if n != 2 {
		t.Fatalf("%d checkpoints after refused deletions, want 2", n)
	}
	if res := env.Do("DELETE", "/api/v1/devices/"+dev.ID, "admin", nil); res.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	if res := del(ev.VIPCheckpointID); res.Status != http.StatusNoContent {
		t.Errorf("delete once its scanner is revoked: %d %s", res.Status, res.Body)
	}
	env.DB.Table("scanners").Where("device_id = ?", dev.ID).Count(&n)
	if n != 0 {
		t.Error("the revoked scanner's place outlived its checkpoint")
	}
}
