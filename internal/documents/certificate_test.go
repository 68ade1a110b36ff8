package documents_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

// enter scans a participant's badge in at the world's checkpoint at when.
func (w *world) enter(participantID string, when time.Time) {
	w.t.Helper()
	code := w.must("GET", "/api/v1/participants/"+participantID+"/badge", "secretariat", nil, http.StatusOK)["code"].(string)
	w.env.App.Services.Checkin.SetClock(func() time.Time { return when })
	v := w.must("POST", "/api/v1/scans", "device", map[string]any{"code": code, "checkpoint_id": w.checkpoint,
		"direction": "in", "scanned_at": when.UTC().Format(time.RFC3339)}, http.StatusOK)
	if v["verdict"] != "ok" && v["verdict"] != "already_inside" {
		w.t.Fatalf("entry scan: %v", v)
	}
}

func TestCertificatesOfAttendance(t *testing.T) {
	w := newWorld(t)
	w.env.Device(w.event, w.checkpoint)
	del, _, ids := w.delegation("member_state", "Republic of Azerbaijan", "جمهورية أذربيجان",
		member{key: "ar-1", role: "head", function: "Minister of Foreign Affairs", lang: "ar", approve: true},
		member{key: "ru-1", role: "delegate", function: "Legal adviser", lang: "ru", approve: true},
		member{key: "fr-1", role: "adviser", function: "Ambassador", lang: "fr", approve: true})
	head, delegate, absent := ids[0], ids[1], ids[2]
	day1 := time.Date(2040, 3, 18, 5, 30, 0, 0, time.UTC) // 09:30 in Baku
	w.enter(head, day1)
	w.enter(head, day1.Add(24*time.Hour))
	w.enter(delegate, day1.Add(time.Hour))

	res := w.env.Do("GET", "/api/v1/participants/"+absent+"/certificate", "secretariat", nil)
	if res.Status != http.StatusConflict || !strings.Contains(string(res.Body), "never-entered") {
		t.Errorf("certificate of a participant who never entered: %d %s", res.Status, res.Body)
	}
	for _, c := range []struct{ path, role string }{
		{"/api/v1/participants/" + head + "/certificate", "door"},
		{"/api/v1/delegations/" + del + "/certificates?format=docx", "secretariat"},
		{"/api/v1/participants/00000000-0000-4000-8000-000000000000/certificate", "secretariat"},
	} {
		if res := w.env.Do("GET", c.path, c.role, nil); res.Status/100 != 4 {
			t.Errorf("%s as %s: %d, want a refusal", c.path, c.role, res.Status)
		}
	}

	res = w.env.Do("GET", "/api/v1/participants/"+delegate+"/certificate", "secretariat", nil)
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("certificate: %d %s", res.Status, res.Body)
	}
	text := pdfText(t, res.Body)
	for _, want := range []string{"Сертификат об участии", "Olga Shcherbakova-Yolkina", "Ольга Щербакова-Ёлкина", "18 марта 2040"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Russian certificate lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "19 марта 2040") && !strings.Contains(text, "18–19") {
		t.Errorf("the delegate entered on the 18th only:\n%s", text)
	}

	pdf := w.env.Do("GET", "/api/v1/delegations/"+del+"/certificates?format=pdf", "secretariat", nil)
	text = pdfText(t, pdf.Body)
	if strings.Count(text, "\f") != 2 || !strings.Contains(text, "Abdulaziz Othman Altwaijri") ||
		!strings.Contains(text, "Olga Shcherbakova-Yolkina") || strings.Contains(text, "François-Xavier") {
		t.Errorf("the delegation's certificates: want a page each for the two who entered:\n%s", text)
	}
	rasterise(t, pdf.Body, "certificates")

	z := w.env.Do("GET", "/api/v1/delegations/"+del+"/certificates?format=zip", "secretariat", nil)
	if z.Status != http.StatusOK || z.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %s", z.Status, z.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader(z.Body), int64(len(z.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2 || !strings.Contains(zr.File[0].Name, "Abdulaziz") {
		t.Errorf("zip holds %d files, first %q; want the head's then the delegate's", len(zr.File), zr.File[0].Name)
	}
}
