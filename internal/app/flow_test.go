package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/testkit"
)

// TestConferenceFromInvitationToTheDoor walks the whole product on the demo
// conference: the Secretariat invites a delegation and issues the letter, the
// focal point accepts through the link and nominates the head with a photo,
// the Secretariat approves, the badge's QR code read from its PDF opens the
// plenary hall, and once revoked it no longer does.
func TestConferenceFromInvitationToTheDoor(t *testing.T) {
	env := apptest.New(t)
	if err := env.App.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	events := env.Do("GET", "/api/v1/events", "secretariat", nil).Map(t)["items"].([]any)
	if len(events) != 1 {
		t.Fatalf("want the demo event, got %d events", len(events))
	}
	ev := events[0].(map[string]any)
	eventID := ev["id"].(string)
	env.Device(eventID, "")

	del := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/delegations", "secretariat", map[string]any{
		"kind": "member_state", "country": "MA",
		"name":        map[string]string{"en": "Kingdom of Morocco", "ar": "المملكة المغربية", "fr": "Royaume du Maroc"},
		"focal_point": map[string]string{"name": "Fatima Zahra Benali", "email": "protocol@example.ma", "phone": "+212 5 37 00 00 00"},
	}, 201)
	inv := mustDo(t, env, "POST", "/api/v1/events/"+eventID+"/invitations", "secretariat", map[string]any{
		"delegation_id": del["id"], "language": "ar", "rsvp_deadline": env.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"invitee": map[string]string{"honorific": "H.E. Mr", "given_names": "Abdulaziz Othman", "family_name": "Altwaijri",
			"native_name": "عبد العزيز بن عثمان التويجري", "office": "Minister of Justice", "email": "minister@example.ma"},
	}, 201)
	invID := inv["id"].(string)
	issued := mustDo(t, env, "POST", "/api/v1/invitations/"+invID+"/issue", "secretariat", nil, 200)
	// The demo's own letters took the first references: this one follows them, in the event's format.
	if ref, _ := issued["reference_number"].(string); !regexp.MustCompile(`^UNODC-ISESCO/BAKU/2013/\d{3}$`).MatchString(ref) {
		t.Errorf("reference number %q", ref)
	}
	link := mustDo(t, env, "POST", "/api/v1/invitations/"+invID+"/rsvp-link", "secretariat", nil, 201)
	token := link["url"].(string)[strings.LastIndex(link["url"].(string), "/")+1:]

	rsvp := "/api/v1/rsvp/" + token
	mustDo(t, env, "GET", rsvp, "", nil, 200)
	mustDo(t, env, "POST", rsvp+"/response", "", map[string]string{"answer": "accept"}, 200)
	head := mustDo(t, env, "POST", rsvp+"/participants", "", map[string]any{
		"honorific": "H.E. Mr", "given_names": "Abdulaziz Othman", "family_name": "Altwaijri",
		"native_name": "عبد العزيز بن عثمان التويجري", "gender": "male", "function": "Minister of Justice",
		"role": "head", "email": "minister@example.ma", "nationality": "MA", "interpretation_language": "ar",
	}, 201)
	pid := head["id"].(string)
	req := httptest.NewRequest("PUT", rsvp+"/participants/"+pid+"/photo", bytes.NewReader(portrait(t)))
	req.Header.Set("Content-Type", "image/jpeg")
	if res := env.Send(req); res.Status/100 != 2 {
		t.Fatalf("photo: %d %s", res.Status, res.Body)
	}

	var minister string
	for _, c := range env.Do("GET", "/api/v1/events/"+eventID+"/categories", "secretariat", nil).Map(t)["items"].([]any) {
		if m := c.(map[string]any); strings.Contains(m["names"].(map[string]any)["en"].(string), "Minister") {
			minister = m["id"].(string)
		}
	}
	mustDo(t, env, "POST", "/api/v1/participants/"+pid+"/approve", "secretariat", map[string]string{"category_id": minister}, 200)
	badge := mustDo(t, env, "GET", "/api/v1/participants/"+pid+"/badge", "secretariat", nil, 200)
	if badge["status"] != "active" || badge["version"].(float64) != 1 {
		t.Fatalf("badge after approval: %v", badge)
	}
	badgeID, code := badge["id"].(string), badge["code"].(string)

	pdf := env.Do("GET", "/api/v1/badges/"+badgeID+"/pdf?layout=a6", "secretariat", nil)
	if pdf.Status != 200 || !bytes.HasPrefix(pdf.Body, []byte("%PDF")) {
		t.Fatalf("badge PDF: %d", pdf.Status)
	}
	if read := readQR(t, pdf.Body); read != "" && read != code {
		t.Errorf("QR on the printed badge reads %q, want %q", read, code)
	}

	var plenary string
	for _, c := range env.Do("GET", "/api/v1/events/"+eventID+"/checkpoints", "device", nil).Map(t)["items"].([]any) {
		if m := c.(map[string]any); strings.Contains(strings.ToLower(m["name"].(string)), "plenary") {
			plenary = m["id"].(string)
		}
	}
	// The demo conference is in March 2013: the doors are rehearsed on its first morning.
	doorTime := time.Date(2013, 3, 18, 6, 30, 0, 0, time.UTC)
	env.App.Services.Checkin.SetClock(func() time.Time { return doorTime })
	scan := func(direction string) map[string]any {
		return mustDo(t, env, "POST", "/api/v1/scans", "device", map[string]any{"code": code, "checkpoint_id": plenary,
			"direction": direction, "scanned_at": "2013-03-18T06:30:00Z"}, 200)
	}
	if v := scan("in"); v["verdict"] != "ok" || v["holder"].(map[string]any)["native_name"] != "عبد العزيز بن عثمان التويجري" {
		t.Fatalf("first entry: %v", v)
	}
	if v := scan("in"); v["verdict"] != "already_inside" {
		t.Errorf("second entry without exit: %v", v["verdict"])
	}
	mustDo(t, env, "POST", "/api/v1/badges/"+badgeID+"/revoke", "secretariat", map[string]string{"reason": "lost"}, 200)
	if v := scan("in"); v["verdict"] != "revoked" {
		t.Errorf("revoked badge: %v", v["verdict"])
	}
	summary := env.Do("GET", "/api/v1/events/"+eventID+"/rsvp/summary", "secretariat", nil)
	if summary.Status != 200 {
		t.Errorf("rsvp summary: %d", summary.Status)
	}
}

func mustDo(t *testing.T, env *apptest.Env, method, path, role string, body any, want int) map[string]any {
	t.Helper()
	res := env.Do(method, path, role, body)
	if res.Status != want {
		t.Fatalf("%s %s: got %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	return res.Map(t)
}

// portrait is a 600×800 JPEG, big enough for a badge photo.
func portrait(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 600; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 3), uint8(y / 4), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readQR rasterises a PDF and reads its QR code with zbarimg; "" when the
// tools are missing outside CI.
func readQR(t *testing.T, pdf []byte) string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if testkit.OptionalTool(t, tool, map[string]string{"pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"}[tool]) == "" {
			return ""
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "badge.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--quiet", "--raw", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg read nothing: %v", err)
	}
	return strings.TrimSpace(string(out))
}
