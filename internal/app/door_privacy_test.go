package app_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
)

// TestDoorSeesNoContactOrPassportData walks every operation the contract
// opens to the door role, as a scanner device and as a door account, over an
// approved participant with a photo, an active badge and scans, and checks that
// no answer carries the participant's e-mail, phone, nationality, dietary or
// accessibility needs: door staff see the photo, name, delegation, category
// and verdict, nothing more. A new door route fails the test until it is
// walked here too.
func TestDoorSeesNoContactOrPassportData(t *testing.T) {
	env := apptest.New(t)
	if err := env.App.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	const (
		email  = "minister.private@example.ma"
		phone  = "+212 661 98 76 54"
		diet   = "Halal, no shellfish"
		access = "Wheelchair user, ramp needed"
	)
	eventID := env.Do("GET", "/api/v1/events", "secretariat", nil).Map(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	del := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/delegations", "secretariat", map[string]any{
		"kind": "member_state", "country": "MA", "name": map[string]string{"en": "Kingdom of Morocco"},
		"focal_point": map[string]string{"name": "Fatima Zahra Benali", "email": "focal.private@example.ma", "phone": "+212 537 11 22 33"},
	}, 201)
	inv := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/invitations", "secretariat", map[string]any{
		"delegation_id": del["id"], "language": "en", "rsvp_deadline": env.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"invitee": map[string]string{"given_names": "Abdulaziz", "family_name": "Altwaijri", "office": "Minister of Justice",
			"email": "invitee.private@example.ma"},
	}, 201)
	mustDo(t, env, "POST", "/api/v1/invitations/"+inv["id"].(string)+"/issue", "secretariat", nil, 200)
	link := mustDo(t, env, "POST", "/api/v1/invitations/"+inv["id"].(string)+"/rsvp-link", "secretariat", nil, 201)["url"].(string)
	rsvp := "/api/v1/rsvp/" + link[strings.LastIndex(link, "/")+1:]
	mustDo(t, env, "POST", rsvp+"/response", "", map[string]string{"answer": "accept"}, 200)
	head := mustDo(t, env, "POST", rsvp+"/participants", "", map[string]any{
		"honorific": "H.E. Mr", "given_names": "Abdulaziz", "family_name": "Altwaijri", "gender": "male",
		"function": "Minister of Justice", "role": "head", "email": email, "phone": phone, "nationality": "MA",
		"interpretation_language": "ar", "dietary": diet, "accessibility": access,
	}, 201)
	pid := head["id"].(string)
	req := httptest.NewRequest("PUT", rsvp+"/participants/"+pid+"/photo", bytes.NewReader(portrait(t)))
	req.Header.Set("Content-Type", "image/jpeg")
	if res := env.Send(req); res.Status != 200 {
		t.Fatalf("photo: %d %s", res.Status, res.Body)
	}
	var category string
	for _, c := range env.Do("GET", "/api/v1/events/"+eventID+"/categories", "secretariat", nil).Map(t)["items"].([]any) {
		if m := c.(map[string]any); strings.Contains(m["names"].(map[string]any)["en"].(string), "Minister") {
			category = m["id"].(string)
		}
	}
	mustDo(t, env, "POST", "/api/v1/participants/"+pid+"/approve", "secretariat", map[string]string{"category_id": category}, 200)
	badge := mustDo(t, env, "GET", "/api/v1/participants/"+pid+"/badge", "secretariat", nil, 200)
	code, number := badge["code"].(string), int(badge["number"].(float64))

	checkpoints := mustDo(t, env, "GET", "/api/v1/events/"+eventID+"/checkpoints", "device", nil, 200)["items"].([]any)
	checkpoint := checkpoints[0].(map[string]any)["id"].(string)
	env.App.Services.Checkin.SetClock(func() time.Time { return time.Date(2013, 3, 18, 6, 30, 0, 0, time.UTC) })
	scan := func(by map[string]any) map[string]any {
		by["checkpoint_id"], by["direction"], by["scanned_at"] = checkpoint, "in", "2013-03-18T06:30:00Z"
		return by
	}
	first := mustDo(t, env, "POST", "/api/v1/scans", "device", scan(map[string]any{"code": code}), 200)
	photoURL, _ := first["holder"].(map[string]any)["photo_url"].(string)
	if photoURL == "" {
		t.Fatalf("the scan shows no photo: %v", first)
	}

	calls := map[string][]struct {
		method, path string
		body         any
	}{
		"GET /api/v1/sessions/current": {{"GET", "/api/v1/sessions/current", nil}},
		// Logging out only revokes the caller's own token; it answers 204 with no body.
		"DELETE /api/v1/sessions/current":           nil,
		"GET /api/v1/events/{event_id}/zones":       {{"GET", "/api/v1/events/" + eventID + "/zones", nil}},
		"GET /api/v1/events/{event_id}/checkpoints": {{"GET", "/api/v1/events/" + eventID + "/checkpoints", nil}},
		"GET /api/v1/participants/{participant_id}/photo": {
			{"GET", "/api/v1/participants/" + pid + "/photo", nil}},
		"GET /api/v1/events/{event_id}/signing-keys": {{"GET", "/api/v1/events/" + eventID + "/signing-keys", nil}},
		"POST /api/v1/scans": {
			{"POST", "/api/v1/scans", scan(map[string]any{"code": code})},
			{"POST", "/api/v1/scans", scan(map[string]any{"badge_number": number})},
			{"POST", "/api/v1/scans", scan(map[string]any{"code": code[:len(code)-4] + "AAAA"})},
		},
		"POST /api/v1/scans/batch": {{"POST", "/api/v1/scans/batch", map[string]any{"scans": []any{
			scan(map[string]any{"code": code, "scan_id": uuid.NewString(), "device_verdict": "ok"}),
			scan(map[string]any{"badge_number": number, "scan_id": uuid.NewString(), "device_verdict": "ok"}),
		}}}},
		"GET /api/v1/scanner/snapshot": {
			{"GET", "/api/v1/scanner/snapshot?event_id=" + eventID, nil},
			{"GET", "/api/v1/scanner/snapshot?event_id=" + eventID + "&since=s0", nil}},
		"GET /api/v1/scanner/checkpoints": {
			{"GET", "/api/v1/scanner/checkpoints", nil},
			{"GET", "/api/v1/scanner/checkpoints?event_id=" + eventID, nil}},
		"GET /api/v1/scanner/photos/{photo_id}": {{"GET", photoURL, nil}},
	}

	doc, _, err := apptest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{email, phone, diet, access, "focal.private@example.ma", "invitee.private@example.ma",
		"+212 537 11 22 33", `"nationality"`, `"phone"`, `"dietary"`, `"accessibility"`, `"gender"`}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			roles, _ := op.Extensions["x-roles"].([]any)
			if !slices.Contains(roles, any("door")) {
				continue
			}
			key := method + " " + path
			walks, known := calls[key]
			if !known {
				t.Errorf("%s is open to the door role but not walked by this test", key)
				continue
			}
			for _, c := range walks {
				for _, role := range []string{"device", "door"} {
					res := env.Do(c.method, c.path, role, c.body)
					if res.Status != 200 {
						t.Errorf("%s %s as %s: %d %s", c.method, c.path, role, res.Status, res.Body)
					}
					for _, s := range secrets {
						if bytes.Contains(res.Body, []byte(s)) {
							t.Errorf("%s %s as %s shows %q: %.400s", c.method, c.path, role, s, res.Body)
						}
					}
				}
			}
		}
	}
}
