package console_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/fixtures"
	"accreditation/internal/i18n"
)

// deviceSite is a console signed in as the Secretariat with an event that
// has a zone and two checkpoints, and another event with one.
type deviceSite struct {
	*site
	ev, other              string
	checkpoint, otherPoint string
}

func newDeviceSite(t *testing.T) *deviceSite {
	t.Helper()
	s := &deviceSite{site: newSite(t)}
	s.ev, s.other = s.site.event(), s.site.event()
	s.checkpoint = s.newCheckpoint(s.ev, "Plenary hall main door")
	s.newCheckpoint(s.ev, "Press area door")
	s.otherPoint = s.newCheckpoint(s.other, "Other event's door")
	if p := s.signIn("secretariat"); p.Status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", p.Status)
	}
	return s
}

func (s *deviceSite) newCheckpoint(eventID, name string) string {
	s.t.Helper()
	zone := s.env.Do(http.MethodPost, "/api/v1/events/"+eventID+"/zones", "secretariat",
		map[string]any{"code": "z" + strings.ToLower(name[:3]), "names": map[string]string{"en": name}}).Map(s.t)["id"].(string)
	r := s.env.Do(http.MethodPost, "/api/v1/events/"+eventID+"/checkpoints", "secretariat", map[string]any{"name": name, "zone_id": zone})
	if r.Status != http.StatusCreated {
		s.t.Fatalf("checkpoint: %d %s", r.Status, r.Body)
	}
	return r.Map(s.t)["id"].(string)
}

func (s *deviceSite) devices() string { return "/console/events/" + s.ev + "/devices" }

// create sends the new-device form.
func (s *deviceSite) create(name, lang, checkpoint string) page {
	s.t.Helper()
	return s.post(s.devices(), url.Values{"_csrf": {s.csrf(s.devices())}, "name": {name}, "language": {lang}, "checkpoint_id": {checkpoint}})
}

var (
	qrImage  = regexp.MustCompile(`id="pairing-qr" class="pairing-qr" src="([^"]+)"`)
	codeText = regexp.MustCompile(`id="pairing-code" class="pairing-code">([0-9A-Z-]+)<`)
	devLink  = regexp.MustCompile(`/devices/([0-9a-f-]{36})/pairing-code"`)
)

// TestConsoleDevices: a device made in the console for a checkpoint of the
// event shows its QR code (a PNG of the door page's address with the code)
// and the code in text; a checkpoint of another event is refused beside its
// field with nothing stored; a new code replaces the old; revoking asks
// first, then signs the phone out at once.
func TestConsoleDevices(t *testing.T) {
	s := newDeviceSite(t)
	before := s.count("devices")
	p := s.create("Door 1", "en", s.otherPoint)
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `id="e-checkpoint_id"`) ||
		!strings.Contains(p.Body, html.EscapeString(i18n.T("en", "console.devices.err.checkpoint"))) {
		t.Errorf("another event's checkpoint: %d, no message beside the field", p.Status)
	}
	if p := s.create("", "xx", ""); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `id="e-name"`) {
		t.Errorf("empty form: %d", p.Status)
	}
	if n := s.count("devices"); n != before || s.count("scanners") != 0 {
		t.Errorf("refused forms stored %d devices", n-before)
	}

	name, _ := fixtures.Find("ar-1")
	p = s.create(name.Native, "ar", s.checkpoint)
	if p.Status != http.StatusCreated || !strings.Contains(p.Body, name.Native) {
		t.Fatalf("create: %d %.400s", p.Status, p.Body)
	}
	img, code, id := qrImage.FindStringSubmatch(p.Body), codeText.FindStringSubmatch(p.Body), devLink.FindStringSubmatch(p.Body)
	if img == nil || code == nil || id == nil {
		t.Fatalf("the new device's page lacks its QR code, its code or its forms")
	}
	png := s.get(html.UnescapeString(img[1]))
	if png.Status != 200 || png.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png.Body, "\x89PNG") ||
		!strings.Contains(png.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("QR code: %d %s %s", png.Status, png.Header.Get("Content-Type"), png.Header.Get("Cache-Control"))
	}
	if !strings.Contains(p.Body, "/door#pair="+code[1]) {
		t.Errorf("the page does not give the door page's address with the code")
	}
	device := s.devices() + "/" + id[1]
	list := s.get(s.devices())
	if !strings.Contains(list.Body, device) || !strings.Contains(list.Body, i18n.T("en", "console.devices.state.waiting")) ||
		!strings.Contains(list.Body, "Plenary hall main door") {
		t.Errorf("the list does not show the device waiting at its checkpoint")
	}
	if r := s.get("/console/events/" + s.other + "/devices/" + id[1]); r.Status != http.StatusNotFound {
		t.Errorf("the device under another event: %d", r.Status)
	}

	// A new code: the old one no longer draws, nor pairs.
	p = s.post(device+"/pairing-code", url.Values{"_csrf": {s.csrf(device)}})
	fresh := codeText.FindStringSubmatch(p.Body)
	if p.Status != http.StatusCreated || fresh == nil || fresh[1] == code[1] {
		t.Fatalf("new code: %d", p.Status)
	}
	if r := s.get(html.UnescapeString(img[1])); r.Status != http.StatusNotFound {
		t.Errorf("QR code of the replaced code: %d", r.Status)
	}
	res := s.env.Do(http.MethodPost, "/api/v1/devices/pair", "", map[string]string{"code": fresh[1]})
	if res.Status != http.StatusCreated {
		t.Fatalf("pair: %d %s", res.Status, res.Body)
	}
	s.env.Tokens["phone"] = res.Map(t)["token"].(string)
	if r := s.get(device); !strings.Contains(r.Body, i18n.T("en", "console.devices.state.paired")) {
		t.Errorf("the device's page does not say it is paired")
	}

	// Revoke: asks first, then the phone is refused.
	ask := s.post(device+"/revoke", url.Values{"_csrf": {s.csrf(device)}})
	if ask.Status != 200 || !strings.Contains(ask.Body, `name="confirmed" value="1"`) {
		t.Fatalf("revoke without confirming: %d", ask.Status)
	}
	if r := s.env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone", nil); r.Status != 200 {
		t.Errorf("the phone before confirming: %d", r.Status)
	}
	done := s.post(device+"/revoke", url.Values{"_csrf": {s.csrf(device)}, "confirmed": {"1"}})
	if done.Status != http.StatusSeeOther || !strings.HasSuffix(done.Location, "?done=revoked") {
		t.Fatalf("revoke: %d %s", done.Status, done.Location)
	}
	if r := s.env.Do(http.MethodGet, "/api/v1/scanner/checkpoints", "phone", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("the phone after revocation: %d, want 401", r.Status)
	}
	if r := s.get(device); !strings.Contains(r.Body, i18n.T("en", "console.devices.revoked_note")) || strings.Contains(r.Body, "/pairing-code\"") {
		t.Errorf("the revoked device's page still offers a new code")
	}
	if r := s.post(device+"/pairing-code", url.Values{"_csrf": {s.csrf(device)}}); r.Status != http.StatusConflict {
		t.Errorf("new code for a revoked device: %d, want 409", r.Status)
	}
}

// TestConsoleDevicesInABrowser creates a device in Chromium, in English and
// in Arabic, and looks at the list and the device's page with its QR code:
// the image loads, no console error or CSP violation, no serious
// accessibility problem. With DEVICE_SHOTS=dir it saves screenshots there.
func TestConsoleDevicesInABrowser(t *testing.T) {
	s := newDeviceSite(t)
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if dir := os.Getenv("DEVICE_SHOTS"); dir != "" {
			b.Screenshot(t, filepath.Join(dir, name+".png"))
		}
	}
	b.Navigate(t, s.srv.URL+"/console/signin")
	b.SetValue(t, `input[name=email]`, "secretariat@test.example")
	b.SetValue(t, `input[name=password]`, apptest.Password)
	b.Submit(t, `form[action="/console/signin"] button[type=submit]`)
	for _, lang := range []string{"en", "ar"} {
		b.Navigate(t, s.srv.URL+s.devices())
		b.SetValue(t, `#lang-select`, lang)
		b.Submit(t, `form.lang button[type=submit]`)
		b.Submit(t, `#device-create`) // empty: refused beside the fields
		look(lang + "-devices-refused")
		n, _ := fixtures.Find(map[string]string{"en": "ru-1", "ar": "ar-3"}[lang])
		b.SetValue(t, `#f-name`, n.Native)
		b.SetValue(t, `#f-checkpoint_id`, s.checkpoint)
		b.SetValue(t, `#f-language`, lang)
		b.Submit(t, `#device-create`)
		loaded, err := chromedp.Run(b.Context(), chromedp.Poll[bool](
			`(() => { const i = document.getElementById('pairing-qr'); return i && i.complete && i.naturalWidth >= 200; })()`,
			chromedp.WithPollingTimeout(5e9)))
		if err != nil || !loaded {
			t.Errorf("%s: the QR code image did not load (%v)", lang, err)
		}
		look(lang + "-device-new")
		b.Navigate(t, s.srv.URL+s.devices())
		look(lang + "-devices")
	}
	b.NoProblems(t)
}
