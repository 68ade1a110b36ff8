package checkin_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin/checkintest"
)

func TestScansOf(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2, StartDays: 0, Days: 2})
	b := ev.Badges[0]
	for _, dir := range []string{"in", "out", "in"} {
		scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": ev.CheckpointID, "direction": dir})
	}
	scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": ev.VIPCheckpointID})
	scan(t, env, "device", map[string]any{"code": ev.Badges[1].Code, "checkpoint_id": ev.CheckpointID})

	svc := env.App.Services.Checkin
	got, total, err := svc.ScansOf(context.Background(), b.ParticipantID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(got) != 3 {
		t.Fatalf("got %d scans of %d, want 3 of 4", len(got), total)
	}
	for i := 1; i < len(got); i++ {
		if got[i].ScannedAt.After(got[i-1].ScannedAt) {
			t.Errorf("scan %d is newer than scan %d: not newest first", i, i-1)
		}
	}
	if got[0].Verdict != "not_valid_here" || got[0].CheckpointID != ev.VIPCheckpointID || got[0].CheckpointName == "" {
		t.Errorf("newest scan %+v, want the refused VIP entry with its checkpoint's name", got[0])
	}
	if got[0].BadgeNumber == nil || *got[0].BadgeNumber != b.Number {
		t.Errorf("badge number %v, want %d", got[0].BadgeNumber, b.Number)
	}
	if none, n, err := svc.ScansOf(context.Background(), uuid.NewString(), 10); err != nil || n != 0 || len(none) != 0 {
		t.Errorf("unknown participant: %v %d %v, want no scan", none, n, err)
	}
}
