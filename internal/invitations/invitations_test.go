package invitations_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

func TestDelegationsCRUDAndProtocolOrder(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	base := "/api/v1/events/" + ev.ID + "/delegations"
	ngo := newDelegation(t, env, ev.ID, "ngo", "Amnesty Group")
	zam := newDelegation(t, env, ev.ID, "member_state", "Zambia")
	alb := newDelegation(t, env, ev.ID, "observer_state", "Albania")
	eu := newDelegation(t, env, ev.ID, "international_organization", "European Union")

	order := func() []string {
		t.Helper()
		var l struct {
			Items []invitations.Delegation `json:"items"`
		}
		res := env.Do(http.MethodGet, base, "secretariat", nil)
		res.JSON(t, &l)
		var ids []string
		for i, d := range l.Items {
			if d.ProtocolOrder != i+1 {
				t.Errorf("%s has protocol_order %d at place %d", d.Names["en"], d.ProtocolOrder, i+1)
			}
			ids = append(ids, d.ID)
		}
		return ids
	}
	if got, want := order(), []string{alb, zam, ngo, eu}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("default order: got %v, want %v (states first, then organisations)", got, want)
	}
	res := env.Do(http.MethodPost, base+"/order", "secretariat", map[string]any{"delegation_ids": []string{eu, zam}})
	if res.Status != http.StatusOK {
		t.Fatalf("order: %d %s", res.Status, res.Body)
	}
	azb := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	if got, want := order(), []string{eu, zam, alb, azb, ngo}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("manual order: got %v, want %v", got, want)
	}

	res = env.Do(http.MethodPatch, "/api/v1/delegations/"+zam, "secretariat", map[string]any{
		"name": map[string]string{"en": "Republic of Zambia", "fr": "République de Zambie"}, "country": "zm"})
	d := res.Map(t)
	if res.Status != 200 || d["country"] != "ZM" || d["name"].(map[string]any)["fr"] != "République de Zambie" {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodGet, "/api/v1/delegations/"+zam, "secretariat", nil); res.Status != 200 ||
		res.Map(t)["focal_point"].(map[string]any)["email"] != "focal@example.org" {
		t.Fatalf("get: %d %s", res.Status, res.Body)
	}
	for name, body := range map[string]map[string]any{
		"unknown kind":    {"kind": "club", "name": map[string]string{"en": "X"}},
		"no English name": {"kind": "ngo", "name": map[string]string{"fr": "X"}},
		"unknown country": {"kind": "ngo", "country": "XX", "name": map[string]string{"en": "X"}},
		"bad focal email": {"kind": "ngo", "name": map[string]string{"en": "X"}, "focal_point": map[string]string{"email": "nope"}},
		"bidi override":   {"kind": "ngo", "name": map[string]string{"en": "Evil\u202eName"}},
	} {
		before := snapshot(t, env)
		if res := env.Do(http.MethodPost, base, "secretariat", body); res.Status != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", name, res.Status)
		}
		if after := snapshot(t, env); after != before {
			t.Errorf("%s changed the data: %s → %s", name, before, after)
		}
	}
	newInvitation(t, env, ev.ID, zam, "minister@zambia.example")
	if res := env.Do(http.MethodDelete, "/api/v1/delegations/"+zam, "secretariat", nil); res.Status != http.StatusConflict {
		t.Errorf("delete with invitations: got %d, want 409", res.Status)
	}
	if res := env.Do(http.MethodDelete, "/api/v1/delegations/"+ngo, "secretariat", nil); res.Status != http.StatusNoContent {
		t.Errorf("delete: got %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodGet, "/api/v1/delegations/"+ngo, "secretariat", nil); res.Status != http.StatusNotFound {
		t.Errorf("deleted delegation: got %d", res.Status)
	}
	if res := env.Do(http.MethodGet, "/api/v1/audit?entity=delegation", "admin", nil); len(res.Map(t)["items"].([]any)) < 6 {
		t.Errorf("delegation changes are not all audited: %s", res.Body)
	}
}

func TestInvitationCRUDAndStatusMachine(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "Azerbaijan")
	inv := newInvitation(t, env, ev.ID, del, "Minister@Justice.example")
	id := inv["id"].(string)
	if inv["status"] != "draft" || inv["quota"] != float64(5) || inv["reference_number"] != nil {
		t.Fatalf("new invitation: %v (quota must default to the member_state default 5)", inv)
	}
	path := "/api/v1/invitations/" + id
	res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"language": "fr",
		"invitee": map[string]string{"office": "Ministre de la Justice"}})
	if m := res.Map(t); res.Status != 200 || m["language"] != "fr" || m["invitee"].(map[string]any)["office"] != "Ministre de la Justice" ||
		m["invitee"].(map[string]any)["family_name"] != "Family" {
		t.Fatalf("patch draft: %d %s", res.Status, res.Body)
	}
	list := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations?language=fr&q=justice", "secretariat", nil).Map(t)
	if list["total"] != float64(1) {
		t.Fatalf("filtered list: %v", list)
	}
	if res := env.Do(http.MethodPost, path+"/issue", "secretariat", nil); res.Status != 200 || res.Map(t)["status"] != "issued" {
		t.Fatalf("issue: %d %s", res.Status, res.Body)
	}
	res = env.Do(http.MethodPatch, path, "secretariat", map[string]any{"language": "en"})
	if res.Status != http.StatusConflict || res.Map(t)["current_status"] != "issued" {
		t.Fatalf("patch language after issue: %d %s (want 409 naming the status)", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPatch, path, "secretariat", map[string]any{"quota": 7}); res.Status != 200 || res.Map(t)["quota"] != float64(7) {
		t.Fatalf("patch quota after issue: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodDelete, path, "secretariat", nil); res.Status != http.StatusConflict {
		t.Fatalf("delete issued: %d", res.Status)
	}

	// The RSVP answer goes through Transition; accept ↔ decline stays possible before the deadline.
	tx := env.DB.Begin()
	st := invitations.NewStore(tx)
	got, err := st.LockInvitation(t.Context(), id)
	if err == nil {
		err = st.Transition(t.Context(), &got, invitations.Accepted)
	}
	if err == nil {
		err = st.Transition(t.Context(), &got, invitations.Declined)
	}
	if err == nil {
		err = st.Transition(t.Context(), &got, invitations.Sent)
	}
	if err == nil || !strings.Contains(err.Error(), "declined") {
		t.Fatalf("accept, decline, then sent: got %v, want a conflict naming declined", err)
	}
	tx.Commit()
	res = env.Do(http.MethodPost, path+"/withdraw", "secretariat", nil)
	if res.Status != http.StatusConflict || res.Map(t)["current_status"] != "declined" {
		t.Fatalf("withdraw answered: %d %s", res.Status, res.Body)
	}

	other := newInvitation(t, env, ev.ID, del, "other@example.org")["id"].(string)
	if res := env.Do(http.MethodPost, "/api/v1/invitations/"+other+"/withdraw", "secretariat", nil); res.Status != 200 ||
		res.Map(t)["status"] != "withdrawn" {
		t.Fatalf("withdraw draft: %d %s", res.Status, res.Body)
	}
	if res := env.Do(http.MethodPost, "/api/v1/invitations/"+other+"/issue", "secretariat", nil); res.Status != http.StatusConflict ||
		res.Map(t)["current_status"] != "withdrawn" {
		t.Fatalf("issue withdrawn: %d %s", res.Status, res.Body)
	}
	third := newInvitation(t, env, ev.ID, del, "third@example.org")["id"].(string)
	if res := env.Do(http.MethodDelete, "/api/v1/invitations/"+third, "secretariat", nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete draft: %d", res.Status)
	}
	sum := env.Do(http.MethodGet, "/api/v1/events/"+ev.ID+"/invitations/summary", "secretariat", nil).Map(t)
	byKind := sum["by_kind"].(map[string]any)["member_state"].(map[string]any)
	if sum["total"] != float64(2) || sum["by_status"].(map[string]any)["declined"] != float64(1) ||
		byKind["by_status"].(map[string]any)["withdrawn"] != float64(1) || byKind["total"] != float64(2) {
		t.Fatalf("summary: %v", sum)
	}
}

func TestInvitationExpiresAfterItsDeadline(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "ngo", "Open Society")
	id := newInvitation(t, env, ev.ID, del, "late@example.org")["id"].(string)
	if res := env.Do(http.MethodPost, "/api/v1/invitations/"+id+"/issue", "secretariat", nil); res.Status != 200 {
		t.Fatal(res.Status)
	}
	if err := env.DB.Table("invitations").Where("id = ?", id).Update("rsvp_deadline", env.Now().Add(-time.Hour)).Error; err != nil {
		t.Fatal(err)
	}
	if res := env.Do(http.MethodGet, "/api/v1/invitations/"+id, "secretariat", nil); res.Map(t)["status"] != "expired" {
		t.Fatalf("overdue invitation read: %s", res.Body)
	}
	res := env.Do(http.MethodPatch, "/api/v1/invitations/"+id, "secretariat", map[string]any{"rsvp_deadline": deadline()})
	if res.Map(t)["status"] != "issued" {
		t.Fatalf("deadline moved: %s", res.Body)
	}
	env.DB.Table("invitations").Where("id = ?", id).Update("rsvp_deadline", env.Now().Add(-time.Hour))
	n, err := env.App.Services.Invitations.ExpireOverdue(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("ExpireOverdue: %d, %v", n, err)
	}
}

func TestBadInvitationInputChangesNothing(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	del := newDelegation(t, env, ev.ID, "member_state", "France")
	newInvitation(t, env, ev.ID, del, "ministre@france.example")
	other := newEvent(t, env)
	otherDel := newDelegation(t, env, other.ID, "member_state", "Chad")
	with := func(change func(m map[string]any)) map[string]any {
		m := invitationBody(del, "new@example.org")
		change(m)
		return m
	}
	inv := func(m map[string]any) map[string]string { return m["invitee"].(map[string]string) }
	// Every row is refused, so the data stays as it was before the first.
	before := snapshot(t, env)
	unchanged := func(t *testing.T, _ *apptest.Response) {
		if after := snapshot(t, env); after != before {
			t.Errorf("changed the data: %s → %s", before, after)
		}
	}
	path := "/api/v1/events/" + ev.ID + "/invitations"
	env.Run(t, []apptest.Scenario{
		{Name: "unknown language", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["language"] = "de" }), Status: 400, Check: unchanged},
		{Name: "deadline in the past", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["rsvp_deadline"] = "2013-01-01T00:00:00Z" }), Status: 400, Check: unchanged},
		{Name: "quota 0", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["quota"] = 0 }), Status: 400, Check: unchanged},
		{Name: "deadline after the event's last day", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["rsvp_deadline"] = "2030-03-20T00:00:00+04:00" }), Status: 400, Check: func(t *testing.T, r *apptest.Response) {
			unchanged(t, r)
			if !strings.Contains(string(r.Body), `"field":"rsvp_deadline","detail":"must be no later than the event's last day, 2030-03-19"`) {
				t.Errorf("the refusal does not name the deadline: %s", r.Body)
			}
		}},
		{Name: "no name is required, not a character problem", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["given_names"], inv(m)["family_name"] = "", "" }), Status: 400, Check: func(t *testing.T, r *apptest.Response) {
			unchanged(t, r)
			if !strings.Contains(string(r.Body), "is required") || strings.Contains(string(r.Body), "control") {
				t.Errorf("an empty name: %s", r.Body)
			}
		}},
		{Name: "invalid e-mail", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["email"] = "not an address" }), Status: 400, Check: unchanged},
		{Name: "no name", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["given_names"], inv(m)["family_name"] = "", " " }), Status: 400, Check: unchanged},
		{Name: "control character", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["family_name"] = "A\x07B" }), Status: 400, Check: unchanged},
		{Name: "bidi override", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["family_name"] = "\u202eevil" }), Status: 400, Check: unchanged},
		{Name: "delegation of another event", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["delegation_id"] = otherDel }), Status: 400, Check: unchanged},
		{Name: "unknown field", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { m["colour"] = "red" }), Status: 400, Check: unchanged},
		{Name: "same invitee again", Role: "secretariat", Method: http.MethodPost, Path: path, Body: with(func(m map[string]any) { inv(m)["email"] = "  MINISTRE@France.example " }), Status: 409, Check: unchanged},
	})
}

// TestMoveFromAStaleOrderIsRefused: a move made from a list that no longer
// shows the order is a Conflict and changes nothing; from the current order
// it is applied.
func TestMoveFromAStaleOrderIsRefused(t *testing.T) {
	env := apptest.New(t)
	ev := newEvent(t, env)
	a := newDelegation(t, env, ev.ID, "member_state", "Alpha")
	b := newDelegation(t, env, ev.ID, "member_state", "Bravo")
	svc := env.App.Services.Invitations
	ctx := context.Background()
	order := func() []string {
		dels, _, err := svc.Delegations(ctx, invitations.DelegationFilter{EventID: ev.ID})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range dels {
			ids = append(ids, d.ID)
		}
		return ids
	}
	seen := order()
	if _, err := svc.MoveInProtocolOrder(ctx, ev.ID, seen, []string{seen[1], seen[0]}); err != nil {
		t.Fatal(err)
	}
	moved := order()
	if _, err := svc.MoveInProtocolOrder(ctx, ev.ID, seen, []string{seen[0]}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a move from the stale order: %v, want a Conflict", err)
	}
	if got := order(); !slices.Equal(got, moved) || !slices.Contains(got, a) || !slices.Contains(got, b) {
		t.Errorf("after the refused move the order is %v, want %v", got, moved)
	}
}
