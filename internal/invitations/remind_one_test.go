package invitations_test

import (
	"context"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

// TestRemindInvitationOnce checks the reminder of one invitation: a draft is
// refused, an issued one gets exactly one, an unknown one is NotFound.
func TestRemindInvitationOnce(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	id := newInvitation(t, env, ev.ID, del, "one@gov.test")["id"].(string)
	notified := 0
	letters := &invitations.Letters{DB: env.DB.DB, Invitations: env.App.Services.Invitations, Notify: func() { notified++ }}
	ctx := context.Background()
	if _, err := letters.RemindInvitation(ctx, id); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("remind a draft: %v, want Conflict", err)
	}
	issue(t, env, id)
	if created, err := letters.RemindInvitation(ctx, id); err != nil || !created {
		t.Fatalf("remind: %v %v", created, err)
	}
	if created, err := letters.RemindInvitation(ctx, id); err != nil || created {
		t.Errorf("remind again: created %v, err %v, want nothing queued", created, err)
	}
	if n := count(t, env, "outbox"); n != 1 || notified != 1 {
		t.Errorf("outbox %d, notified %d, want 1 and 1", n, notified)
	}
	if _, err := letters.RemindInvitation(ctx, "00000000-0000-4000-8000-000000000000"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown invitation: %v", err)
	}
}

// TestInvitationSorts checks every order FindInvitations accepts, both ways,
// and that an unknown one is the protocol order.
func TestInvitationSorts(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	for _, email := range []string{"b@gov.test", "a@gov.test"} {
		newInvitation(t, env, ev.ID, del, email)
	}
	for _, s := range append(invitations.InvitationSorts, "-invitee", "-deadline", "nonsense; DROP TABLE x") {
		items, total, err := invitations.NewStore(env.DB.DB).FindInvitations(context.Background(),
			invitations.InvitationFilter{EventID: ev.ID, Sort: s})
		if err != nil || total != 2 || len(items) != 2 {
			t.Errorf("sort %q: %d items of %d, %v", s, len(items), total, err)
		}
	}
}
