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

// TestCredentialsUploadInABrowser sends the letter from the RSVP page as a
// focal point does, in English and in Arabic: first an executable named
// .pdf (the message appears beside the field), then the PDF (the page shows
// its name, date and status), with no console error or CSP violation and
// no serious accessibility problem. Screenshots go to the test's
// artifacts (go test -artifacts).
func TestCredentialsUploadInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	notPDF := filepath.Join(dir, "scan.pdf")
	must(t, os.WriteFile(notPDF, append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 400)...), 0o644))
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, dir, file string }{
		{"en", "ltr", "Letter of credentials.pdf"}, {"ar", "rtl", "خطاب التفويض.pdf"}} {
		t.Run(c.lang, func(t *testing.T) {
			l := f.invite(invite{Language: c.lang})
			pdf := filepath.Join(dir, c.file)
			must(t, os.WriteFile(pdf, letterPDF(t, 3000), 0o644))
			b.Navigate(t, srv.URL+"/rsvp/"+l.Token+"?lang="+c.lang)
			got, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`))
			if err != nil || got != c.dir {
				t.Errorf("dir %q (%v), want %q", got, err, c.dir)
			}
			b.Do(t, chromedp.WaitVisible(chromedp.ID("credentials-none")))
			b.Axe(t)
			b.Do(t, chromedp.SetUploadFiles(chromedp.ID("credentials"), []string{notPDF}))
			b.Submit(t, "#send-credentials")
			b.Do(t, chromedp.WaitVisible(chromedp.ID("credentials-error")))
			invalid, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.getElementById('credentials').getAttribute('aria-invalid')`))
			if invalid != "true" {
				t.Errorf("the field is not marked invalid")
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-credentials-error-"+c.lang+".png")
			b.Do(t, chromedp.SetUploadFiles(chromedp.ID("credentials"), []string{pdf}))
			b.Submit(t, "#send-credentials")
			b.Do(t, chromedp.WaitVisible(chromedp.ID("credentials-current")))
			text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("credentials-current")))
			if err != nil || !strings.Contains(text, c.file) {
				t.Errorf("the page shows %q (%v), want the file's name %q", text, err, c.file)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-credentials-"+c.lang+".png")
		})
	}
	b.NoProblems(t)
}
