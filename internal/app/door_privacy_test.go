package app_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// TestDoorSeesNoContactOrPassportData walks every operation the contract
// opens to the door role, as a scanner device and as a door account, over an
// approved participant with a photo, an active badge and scans, and checks that
// no answer carries the participant's e-mail, phone, nationality, dietary or
// accessibility needs, travel or passport details: door staff see the photo, name, delegation, category
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
	env.Device(eventID, "")
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
	// Travel and logistics are for the Secretariat and the protocol service only.
	const (
		hotel     = "Hotel Quiet Cedars Residence"
		inFlight  = "ZQ7788"
		outFlight = "QZ8877"
		arrival   = "2013-03-17T19:30:00Z"
		// The needs as the travel form asks them replace the nominated ones.
		travelAccess = "Guide dog admitted; seat near the aisle"
		travelDiet   = "Strictly halal, no sesame"
	)
	mustDo(t, env, "PUT", "/api/v1/events/"+eventID+"/travel-settings", "secretariat",
		map[string]any{"fields": []string{"arrival", "departure", "hotel", "visa", "accessibility", "dietary"}}, 200)
	mustDo(t, env, "PATCH", rsvp+"/participants/"+pid+"/travel", "", map[string]any{"arrival_at": arrival,
		"arrival_flight": inFlight, "arrival_airport": "GYD", "departure_at": "2013-03-20T09:00:00Z",
		"departure_flight": outFlight, "departure_airport": "GYD", "hotel": hotel, "visa_needed": true,
		"accessibility": travelAccess, "dietary": travelDiet}, 200)
	if got := mustDo(t, env, "GET", "/api/v1/participants/"+pid+"/travel", "secretariat", nil, 200); got["dietary"] != travelDiet ||
		got["accessibility"] != travelAccess {
		t.Fatalf("the Secretariat does not see the needs entered: %v", got)
	}
	// Passport details are for the Secretariat only, and never reach a door.
	const (
		passportNumber = "MA9087654"
		birthPlace     = "Quiet Cedars Village"
		birthDate      = "1958-11-23"
	)
	mustDo(t, env, "PUT", "/api/v1/events/"+eventID+"/visa-settings", "secretariat", map[string]any{"ask_passport": true}, 200)
	mustDo(t, env, "PUT", rsvp+"/participants/"+pid+"/passport", "", map[string]any{"number": passportNumber,
		"issuing_country": "MA", "expires_on": "2031-01-31", "birth_date": birthDate, "birth_place": birthPlace,
		"consulate": "Embassy of the Republic of Azerbaijan in Rabat", "letter_language": "fr"}, 200)
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
			{"GET", "/api/v1/scanner/snapshot?event_id=" + eventID + "&since=s0", nil},
			{"GET", "/api/v1/scanner/snapshot?format=compact&event_id=" + eventID, nil}},
		"GET /api/v1/scanner/thumbs": {
			{"GET", "/api/v1/scanner/thumbs?event_id=" + eventID + "&numbers=" + strconv.Itoa(number), nil}},
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
		"+212 537 11 22 33", `"nationality"`, `"phone"`, `"dietary"`, `"accessibility"`, `"gender"`,
		hotel, inFlight, outFlight, arrival, "2013-03-20T09:00", `"hotel"`, `"arrival_at"`, `"arrival_flight"`,
		`"arrival_airport"`, `"departure_at"`, `"departure_flight"`, `"departure_airport"`, `"visa_needed"`, "travel",
		passportNumber, birthPlace, birthDate, "Rabat", `"passport"`, `"birth_date"`, `"birth_place"`, `"expires_on"`,
		travelAccess, travelDiet, "Guide dog", "halal"}
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
	// Nor does the door read passport details or draw a visa letter, which the Secretariat does.
	for _, role := range []string{"device", "door"} {
		for _, c := range [][2]string{{"GET", "/api/v1/participants/" + pid + "/passport"},
			{"POST", "/api/v1/participants/" + pid + "/visa-letter"}} {
			if res := env.Do(c[0], c[1], role, nil); res.Status != 403 || bytes.Contains(res.Body, []byte(passportNumber)) {
				t.Errorf("%s %s as %s: %d %s", c[0], c[1], role, res.Status, res.Body)
			}
		}
	}
	if res := env.Do("GET", "/api/v1/participants/"+pid+"/passport", "secretariat", nil); !bytes.Contains(res.Body, []byte(passportNumber)) {
		t.Errorf("the Secretariat does not read the passport details: %d %s", res.Status, res.Body)
	}
	// The door's own page, the scanner application, carries none of it either.
	for _, role := range []string{"", "device", "door"} {
		res := env.Do("GET", "/door", role, nil)
		if res.Status != 200 {
			t.Errorf("the door page as %q: %d", role, res.Status)
		}
		for _, s := range secrets {
			if bytes.Contains(res.Body, []byte(s)) {
				t.Errorf("the door page as %q shows %q", role, s)
			}
		}
	}
}

// TestDeviceSeesOnlyItsOwnEvent walks every operation the contract opens to
// the door role as a scanner device of another event, and as a device made
// before devices belonged to events (of none): nothing of the event answers
// (404 for the other event's device, as for what does not exist; 403 for the
// device of no event), no scan is stored, and no name of the event's
// participants shows. The event's own device sees it all, and is served no
// photo of a participant once rejected.
func TestDeviceSeesOnlyItsOwnEvent(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	a, err := checkintest.Seed(ctx, env.DB.DB, checkintest.Options{Number: 1, Badges: 2, Photos: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := checkintest.Seed(ctx, env.DB.DB, checkintest.Options{Number: 2, Badges: 1, Photos: true})
	if err != nil {
		t.Fatal(err)
	}
	env.Device(b.ID, b.CheckpointID)
	_, own, err := checkintest.Device(ctx, env.DB.DB, a.ID, checkin.DeviceInput{Name: "A's main door", CheckpointID: a.CheckpointID})
	if err != nil {
		t.Fatal(err)
	}
	env.Tokens["own"] = own
	env.Tokens["no-event"] = deviceOfNoEvent(t, env)

	pid := a.Badges[0].ParticipantID
	photo := photoOf(t, env, pid)
	scan := map[string]any{"code": a.Badges[0].Code, "checkpoint_id": a.CheckpointID, "direction": "in"}
	batch := map[string]any{"scans": []any{map[string]any{"code": a.Badges[0].Code, "checkpoint_id": a.CheckpointID,
		"scan_id": uuid.NewString(), "scanned_at": env.Now().Format(time.RFC3339), "device_verdict": "ok"}}}
	calls := map[string]struct {
		method, path string
		body         any
		other        int // the status for the other event's device (the device of no event gets 403)
	}{
		"GET /api/v1/events/{event_id}/zones":             {"GET", "/api/v1/events/" + a.ID + "/zones", nil, 404},
		"GET /api/v1/events/{event_id}/checkpoints":       {"GET", "/api/v1/events/" + a.ID + "/checkpoints", nil, 404},
		"GET /api/v1/events/{event_id}/signing-keys":      {"GET", "/api/v1/events/" + a.ID + "/signing-keys", nil, 404},
		"GET /api/v1/participants/{participant_id}/photo": {"GET", "/api/v1/participants/" + pid + "/photo", nil, 404},
		"POST /api/v1/scans":                              {"POST", "/api/v1/scans", scan, 404},
		"POST /api/v1/scans/batch":                        {"POST", "/api/v1/scans/batch", batch, 200},
		"GET /api/v1/scanner/snapshot":                    {"GET", "/api/v1/scanner/snapshot?event_id=" + a.ID, nil, 404},
		"GET /api/v1/scanner/checkpoints":                 {"GET", "/api/v1/scanner/checkpoints?event_id=" + a.ID, nil, 404},
		"GET /api/v1/scanner/photos/{photo_id}":           {"GET", "/api/v1/scanner/photos/" + photo, nil, 404},
		"GET /api/v1/scanner/thumbs":                      {"GET", "/api/v1/scanner/thumbs?event_id=" + a.ID + "&numbers=1,2", nil, 404},
	}
	doc, _, err := apptest.Spec()
	if err != nil {
		t.Fatal(err)
	}
	// What the caller sent comes back in a problem's instance and detail;
	// nothing else of the event may.
	secrets := []string{"Elmar", "Fatima", "Azerbaijan", `"keys"`, `"zone_id"`, `"public_key"`, "\xff\xd8"}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			roles, _ := op.Extensions["x-roles"].([]any)
			key := method + " " + path
			if !slices.Contains(roles, any("door")) || strings.HasPrefix(path, "/api/v1/sessions/") {
				continue // a session is the caller's own
			}
			c, known := calls[key]
			if !known {
				t.Errorf("%s is open to the door role but not walked by this test", key)
				continue
			}
			for role, want := range map[string]int{"device": c.other, "no-event": 403} {
				if c.other == 200 {
					want = 200
				}
				res := env.Do(c.method, c.path, role, c.body)
				if res.Status != want {
					t.Errorf("%s %s as %s: %d %s, want %d", c.method, c.path, role, res.Status, res.Body, want)
				}
				for _, s := range secrets {
					if bytes.Contains(res.Body, []byte(s)) {
						t.Errorf("%s %s as %s shows %q: %.400s", c.method, c.path, role, s, res.Body)
					}
				}
				if c.other == 200 && !bytes.Contains(res.Body, []byte(`"verdict":null`)) {
					t.Errorf("%s as %s judged a scan of another event: %s", key, role, res.Body)
				}
			}
			if res := env.Do(c.method, c.path, "own", c.body); res.Status != 200 {
				t.Errorf("%s %s as the event's own device: %d %s", c.method, c.path, res.Status, res.Body)
			}
		}
	}
	var foreign int64
	env.DB.Table("scans").Where("device_id IS NOT NULL AND device_id IN (SELECT id FROM devices WHERE name <> ?)",
		"A's main door").Count(&foreign)
	if foreign != 0 {
		t.Errorf("%d scans stored from devices of other events or none", foreign)
	}
	// Without an event named, a device lists its own event's checkpoints;
	// the device of no event none.
	if res := env.Do("GET", "/api/v1/scanner/checkpoints", "no-event", nil); res.Status != 403 {
		t.Errorf("checkpoints of a device of no event: %d %s", res.Status, res.Body)
	}
	if res := env.Do("GET", "/api/v1/scanner/checkpoints", "device", nil); res.Status != 200 || bytes.Contains(res.Body, []byte(a.ID)) {
		t.Errorf("checkpoints of B's device: %d %s", res.Status, res.Body)
	}

	// A participant rejected after approval: their badge and photo leave the door.
	rejected := a.Badges[1].ParticipantID
	rejectedPhoto := photoOf(t, env, rejected)
	if res := env.Do("GET", "/api/v1/scanner/photos/"+rejectedPhoto, "own", nil); res.Status != 200 {
		t.Fatalf("an approved holder's photo: %d", res.Status)
	}
	mustDo(t, env, "POST", "/api/v1/participants/"+rejected+"/reject", "secretariat", map[string]string{"reason": "Not accredited"}, 200)
	for _, path := range []string{"/api/v1/scanner/photos/" + rejectedPhoto, "/api/v1/participants/" + rejected + "/photo"} {
		if res := env.Do("GET", path, "own", nil); res.Status != 404 {
			t.Errorf("%s of a rejected participant: %d, want 404", path, res.Status)
		}
	}
	var snap checkin.Snapshot
	env.Do("GET", "/api/v1/scanner/snapshot?event_id="+a.ID, "own", nil).JSON(t, &snap)
	for _, sb := range snap.Badges {
		if sb.Number == a.Badges[1].Number && (sb.Holder != nil || sb.Photo != nil) {
			t.Errorf("the snapshot keeps a rejected participant's badge %d with holder %v, photo %v", sb.Number, sb.Holder, sb.Photo != nil)
		}
	}
	res := env.Do("POST", "/api/v1/scans", "own", map[string]any{"code": a.Badges[1].Code, "checkpoint_id": a.CheckpointID})
	if h, _ := res.Map(t)["holder"].(map[string]any); h != nil && h["photo_url"] != nil {
		t.Errorf("the scan of a rejected participant's badge shows a photo: %s", res.Body)
	}
}

// photoOf returns a participant's photo id.
func photoOf(t *testing.T, env *apptest.Env, participantID string) string {
	t.Helper()
	var ids []string
	if err := env.DB.Table("participants").Where("id = ?", participantID).Pluck("photo_id", &ids).Error; err != nil || len(ids) != 1 {
		t.Fatalf("photo of %s: %v %v", participantID, ids, err)
	}
	return ids[0]
}

// deviceOfNoEvent stores a device with a token and no scanner row, as
// devices were made before they belonged to an event, and returns its token.
func deviceOfNoEvent(t *testing.T, env *apptest.Env) string {
	t.Helper()
	now := env.Now()
	d := auth.Device{ID: uuid.NewString(), Name: "Old scanner", Language: "en", CreatedAt: now}
	token := auth.NewToken()
	tok := auth.Token{ID: uuid.NewString(), Kind: "device", Hash: auth.HashToken(token), DeviceID: &d.ID, CreatedAt: now}
	if err := env.DB.Create(&d).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Create(&tok).Error; err != nil {
		t.Fatal(err)
	}
	return token
}
