package checkin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin/checkintest"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// TestDoorFollowsAccreditationDecisions runs the Secretariat's and the
// delegation's decisions through the registration service, with the hooks
// the server wires, and checks what the door says after each: a member with
// a new name or photo is refused until approved again, a rejected one and every member of
// a delegation that declines are refused.
func TestDoorFollowsAccreditationDecisions(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2})
	reg := env.App.Services.Registration
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.User, ID: "secretariat", Name: "Secretariat"})
	var invitationID string
	if err := env.DB.Raw(`SELECT invitation_id FROM participants WHERE id = ?`, ev.Badges[0].ParticipantID).
		Scan(&invitationID).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Exec(`UPDATE invitations SET rsvp_deadline = ? WHERE id = ?`,
		env.Now().Add(24*time.Hour), invitationID).Error; err != nil {
		t.Fatal(err)
	}
	// The seeded holders have no photos: their category needs none.
	if err := env.DB.Exec(`UPDATE categories SET photo_required = FALSE WHERE id = ?`, ev.CategoryID).Error; err != nil {
		t.Fatal(err)
	}
	link := registration.Link{Invitation: invitations.Invitation{ID: invitationID}}
	door := func(b checkintest.Badge, direction string) scanAnswer {
		t.Helper()
		return scan(t, env, "device", map[string]any{"code": b.Code, "checkpoint_id": ev.CheckpointID, "direction": direction})
	}
	first, second := ev.Badges[0], ev.Badges[1]
	if got := door(first, "in"); got.Verdict != "ok" {
		t.Fatalf("before any change: %q, want ok", got.Verdict)
	}

	family := "Məmmədyarov-Əliyev"
	p, err := reg.UpdateParticipant(ctx, link, first.ParticipantID, registration.ParticipantInput{FamilyName: &family})
	if err != nil || p.Status != registration.Nominated {
		t.Fatalf("rename: %v, status %q", err, p.Status)
	}
	got := door(first, "out")
	if got.Verdict != "revoked" || got.Badge == nil || got.Badge.Status != "suspended" || !strings.Contains(got.Message, "suspended") {
		t.Fatalf("renamed, not yet approved again: %+v, want revoked with the badge suspended", got)
	}
	if _, err := reg.Approve(ctx, first.ParticipantID, ev.CategoryID); err != nil {
		t.Fatal(err)
	}
	// The printed card shows the old name: it is superseded by the version
	// the re-approval made, which opens the door under the new name.
	if got := door(first, "out"); got.Verdict != "superseded" {
		t.Fatalf("old card after the re-approval: %q, want superseded", got.Verdict)
	}
	first = currentBadge(t, env, first)
	if got := door(first, "out"); got.Verdict != "ok" || got.Holder == nil || got.Holder.Name != "Elmar "+family ||
		got.Badge.Version != 2 {
		t.Fatalf("approved again: %+v, want ok under the new name, version 2", got)
	}
	if _, err := reg.SetPhoto(ctx, link, first.ParticipantID, checkintest.Photo()); err != nil {
		t.Fatal(err)
	}
	if got := door(first, "in"); got.Verdict != "revoked" || got.Badge.Status != "suspended" {
		t.Fatalf("new photo, not yet approved again: %q (badge %+v), want revoked with the badge suspended", got.Verdict, got.Badge)
	}
	if _, err := reg.Approve(ctx, first.ParticipantID, ev.CategoryID); err != nil {
		t.Fatal(err)
	}
	first = currentBadge(t, env, first)
	if got := door(first, "in"); got.Verdict != "ok" || got.Holder.PhotoURL == nil || got.Badge.Version != 3 {
		t.Fatalf("approved with the new photo: %+v, want ok with a photo, version 3", got)
	}

	if _, err := reg.Reject(ctx, second.ParticipantID, "not eligible"); err != nil {
		t.Fatal(err)
	}
	if got := door(second, "in"); got.Verdict != "revoked" || got.Badge.Status != "revoked" {
		t.Fatalf("rejected: %q (badge %+v), want revoked", got.Verdict, got.Badge)
	}

	if _, err := reg.Answer(ctx, link, "decline", ""); err != nil {
		t.Fatal(err)
	}
	if got := door(first, "in"); got.Verdict != "revoked" || got.Badge.Status != "revoked" {
		t.Fatalf("delegation declined: %q (badge %+v), want revoked", got.Verdict, got.Badge)
	}
}

// currentBadge returns b's participant's current badge version with its code.
func currentBadge(t *testing.T, env *apptest.Env, b checkintest.Badge) checkintest.Badge {
	t.Helper()
	var row struct {
		ID, Code        string
		Number, Version int
	}
	if err := env.DB.Raw(`SELECT id, code, number, version FROM badges WHERE participant_id = ? AND status = 'active'`,
		b.ParticipantID).Scan(&row).Error; err != nil || row.ID == "" {
		t.Fatalf("no active badge for %s: %v", b.ParticipantID, err)
	}
	return checkintest.Badge{ID: row.ID, ParticipantID: b.ParticipantID, Number: row.Number, Version: row.Version, Code: row.Code}
}
