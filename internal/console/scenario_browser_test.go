package console_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/mail/mailtest"
)

var rsvpLink = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/rsvp/[A-Za-z0-9_-]+`)

// TestConferenceThroughTheConsole runs a conference through the console
// only, in Chromium, with the server's own workers: sign in, create an
// invitation, issue it and send it (to an in-process SMTP server), answer it
// and nominate a member as the focal point on the RSVP page from the link in
// the e-mail, approve the member in the review queue, start a print job,
// watch its progress, download the PDF and read its QR code.
func TestConferenceThroughTheConsole(t *testing.T) {
	smtp := mailtest.Start(t)
	s := newLocalSite(t, map[string]string{"SMTP_URL": smtp.URL()})
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	if err := s.env.App.LoadDemo(ctx); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	s.env.App.StartWorkers(ctx)
	var ev, delegation string
	s.env.DB.Raw(`SELECT id FROM events LIMIT 1`).Scan(&ev)
	s.env.DB.Raw(`SELECT d.id FROM delegations d WHERE d.event_id = ? AND NOT EXISTS
		(SELECT 1 FROM participants p WHERE p.delegation_id = d.id) ORDER BY d.protocol_order LIMIT 1`, ev).Scan(&delegation)
	if ev == "" || delegation == "" {
		t.Fatalf("the demo has no event (%q) or no delegation without members (%q)", ev, delegation)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
	signInBrowser(t, b, s.srv.URL, "secretariat")

	// The Secretariat writes the invitation and sends it.
	b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/invitations/new")
	deadline := s.env.Now().In(time.FixedZone("Baku", 4*3600)).AddDate(0, 0, 20).Format("2006-01-02T15:04")
	for field, v := range map[string]string{"delegation_id": delegation, "language": "en", "quota": "3",
		"rsvp_deadline": deadline, "honorific": "H.E. Mr", "given_names": "Abdulaziz Othman", "family_name": "Altwaijri",
		"native_name": "عبد العزيز بن عثمان التويجري", "office": "Minister of Foreign Affairs", "email": "minister@example.org"} {
		b.SetValue(t, `[name="`+field+`"]`, v)
	}
	b.Submit(t, `form[action$="/invitations"] button[type=submit]`)
	invitation := strings.TrimPrefix(path(t, b), "/console/invitations/")
	if len(invitation) != 36 {
		t.Fatalf("after creating, the browser is at %q", path(t, b))
	}
	b.Submit(t, `form[action$="/issue"] button`)
	b.Submit(t, `form[action$="/dispatch"] button`)
	if got := text(t, b, "p.done"); !strings.Contains(got, "1") {
		t.Errorf("dispatch said %q", got)
	}
	letter := waitMail(t, smtp, "minister@example.org", 30*time.Second)
	link := rsvpLink.FindString(letter)
	if link == "" || !strings.HasPrefix(link, s.srv.URL) {
		t.Fatalf("no RSVP link to this server in the e-mail: %.500s", letter)
	}

	// The focal point answers and nominates the minister, with a photo.
	b.Navigate(t, link)
	b.Click(t, "#answer-accept")
	b.Submit(t, "#send-answer")
	for field, v := range map[string]string{"honorific": "H.E. Mr", "given_names": "Abdulaziz Othman",
		"family_name": "Altwaijri", "native_name": "عبد العزيز بن عثمان التويجري", "role": "head"} {
		b.SetValue(t, "#f-"+field, v)
	}
	b.Submit(t, "#nominate")
	photo := filepath.Join(t.TempDir(), "face.jpg")
	if err := os.WriteFile(photo, portrait(t), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{photo}))
	b.Submit(t, `form[enctype="multipart/form-data"] button[type=submit]`)
	var participant string
	s.env.DB.Raw(`SELECT id FROM participants WHERE invitation_id = ? AND photo_id IS NOT NULL`, invitation).Scan(&participant)
	if participant == "" {
		t.Fatal("the nomination or its photo was not stored")
	}

	// The Secretariat approves the minister in the review queue.
	b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/participants?q=Altwaijri")
	b.Click(t, "#sel-"+participant)
	var category string
	s.env.DB.Raw(`SELECT id FROM categories WHERE event_id = ? ORDER BY position LIMIT 1`, ev).Scan(&category)
	b.SetValue(t, "#f-category_id", category)
	b.Submit(t, `form.decide button[type=submit]:not([formaction])`)
	if got := text(t, b, "p.done"); !strings.Contains(got, "1") {
		t.Errorf("approval said %q", got)
	}
	var badgeCode string
	s.env.DB.Raw(`SELECT code FROM badges WHERE participant_id = ? AND status = 'active'`, participant).Scan(&badgeCode)
	if badgeCode == "" {
		t.Fatal("approval issued no badge")
	}

	// It prints the delegation's badges and downloads them.
	b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/prints")
	b.SetValue(t, `#print-form [name="delegation_id"]`, delegation)
	b.Submit(t, "#print-start")
	if !strings.HasPrefix(path(t, b), "/console/prints/") {
		t.Fatalf("after starting the job the browser is at %q", path(t, b))
	}
	// The page shows the progress bar while the job runs and reloads itself
	// when it is done; the bar may already be gone on a fast machine.
	sawBar := text(t, b, "#print-progress-label") != "" || text(t, b, "#print-state") != ""
	for end := time.Now().Add(60 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		done, err := chromedp.Run(b.Context(), chromedp.Evaluate[bool](`document.querySelector('#print-download') !== null`))
		if err == nil && done {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the job page never offered the download (%v)", err)
		}
	}
	if !sawBar {
		t.Error("the job page showed neither progress nor state before the job was done")
	}
	if got := text(t, b, "#print-state"); got == "" {
		t.Error("the job page shows no state")
	}
	href, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector('#print-download').href`))
	if err != nil {
		t.Fatal(err)
	}
	codes := qrCodes(t, printedPDF(t, b, href))
	if len(codes) != 1 || codes[0] != badgeCode {
		t.Errorf("QR codes in the printed file: %q, want the minister's %q", codes, badgeCode)
	}
	b.NoProblems(t)
}

func path(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	p, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func text(t *testing.T, b *browsertest.Browser, css string) string {
	t.Helper()
	v, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`(document.querySelector(`+"`"+css+"`"+`) || {}).textContent || ''`))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(v)
}

// waitMail waits for a message to one recipient and returns its text.
func waitMail(t *testing.T, smtp *mailtest.Server, to string, within time.Duration) string {
	t.Helper()
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		for _, m := range smtp.Messages() {
			for _, rcpt := range m.To {
				if strings.EqualFold(rcpt, to) {
					return mailtest.Parse(t, m.Raw).Text("text/plain")
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no e-mail to %s within %v", to, within)
	return ""
}

// printedPDF downloads the print job's file with the browser's session and
// returns the PDF (the first one, when the file is a ZIP of PDFs).
func printedPDF(t *testing.T, b *browsertest.Browser, href string) []byte {
	t.Helper()
	cookies, err := chromedp.Call(b.Context(), network.GetCookies, network.GetCookiesParams{URLs: []string{href}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, href, nil)
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download: %d %.200s", res.StatusCode, body)
	}
	if bytes.HasPrefix(body, []byte("%PDF")) {
		return body
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(zr.File) == 0 {
		t.Fatalf("the download is neither a PDF nor a ZIP of PDFs: %v", err)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pdf, _ := io.ReadAll(f)
	return pdf
}

// portrait is a photo the upload rules accept: a face-sized oval on a plain
// background, 600×800.
func portrait(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 800))
	for y := range 800 {
		for x := range 600 {
			c := color.RGBA{200, 215, 230, 255}
			if dx, dy := float64(x-300)/150, float64(y-330)/200; dx*dx+dy*dy < 1 {
				c = color.RGBA{196, 150, 120, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
