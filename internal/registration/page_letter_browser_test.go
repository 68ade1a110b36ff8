package registration_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestLetterAndCredentialsPictureInABrowser is a focal point's visit in
// English and in Arabic: the page names the event's dates and venue, the
// letter of invitation opens from it (a PDF, through the link's token), and
// a photo of the credentials letter taken with a phone is sent, after an
// executable renamed .pdf was refused beside the field; no console error,
// no CSP violation, no serious accessibility problem.
func TestLetterAndCredentialsPictureInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	must(t, f.DB.Exec(`UPDATE events SET venue = ?, city = ? WHERE id = ?`, "Gulustan Palace", "Baku", f.EventID).Error)
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	exe := filepath.Join(dir, "letter.pdf")
	must(t, os.WriteFile(exe, append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 400)...), 0o644))
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, dir, file, dates string }{
		{"en", "ltr", "credentials.jpg", "18–19 March 2040"}, {"ar", "rtl", "خطاب التفويض.png", "18–19 مارس 2040"}} {
		t.Run(c.lang, func(t *testing.T) {
			l := f.invite(invite{Language: c.lang})
			f.issueLetter(l)
			pic := filepath.Join(dir, c.file)
			data := photoJPEG(t, 900, 1200)
			if strings.HasSuffix(c.file, ".png") {
				data = photoPNG(t, 900, 1200)
			}
			must(t, os.WriteFile(pic, data, 0o644))

			b.Navigate(t, srv.URL+"/rsvp/"+l.Token+"?lang="+c.lang)
			got, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`))
			if err != nil || got != c.dir {
				t.Errorf("dir %q (%v), want %q", got, err, c.dir)
			}
			dates, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("event-dates")))
			if err != nil || strings.TrimSpace(dates) != c.dates {
				t.Errorf("dates %q (%v), want %q", dates, err, c.dates)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-facts-"+c.lang+".png")

			// The letter opens in a tab of its own; read what that tab gets.
			opened, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`(async () => {
				const a = document.getElementById('letter-open');
				const r = await fetch(a.href);
				const head = new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5));
				return r.status + ' ' + r.headers.get('content-type') + ' ' + head + ' ' + a.target;
			})()`, chromedp.EvalAwaitPromise))
			if err != nil || opened != "200 application/pdf %PDF- _blank" {
				t.Errorf("the letter from the page: %q (%v)", opened, err)
			}

			b.Do(t, chromedp.SetUploadFiles(chromedp.ID("credentials"), []string{exe}))
			b.Submit(t, "#send-credentials")
			b.Do(t, chromedp.WaitVisible(chromedp.ID("credentials-error")))
			b.Axe(t)
			b.Do(t, chromedp.SetUploadFiles(chromedp.ID("credentials"), []string{pic}))
			b.Submit(t, "#send-credentials")
			b.Do(t, chromedp.WaitVisible(chromedp.ID("credentials-current")))
			shown, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("credentials-current")))
			if err != nil || !strings.Contains(shown, c.file) {
				t.Errorf("the page shows %q (%v), want the file's name %q", shown, err, c.file)
			}
			status, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.getElementById('credentials-status').dataset.status`))
			if err != nil || status != "received" {
				t.Errorf("status %q (%v), want received", status, err)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-credentials-picture-"+c.lang+".png")
		})
	}
	b.NoProblems(t)
}
