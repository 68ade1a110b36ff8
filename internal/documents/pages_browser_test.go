package documents_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
)

// TestDocumentPagesInABrowser: a focal point sends a correction from the
// RSVP page, and the Secretariat sees it on the console's documents screen
// beside the list's links and the certificates, in English and Arabic, with
// no console error and no serious accessibility problem. Screenshots go to
// the test's artifacts (and to DOCUMENTS_PNG_DIR when set).
func TestDocumentPagesInABrowser(t *testing.T) {
	w := newWorld(t)
	w.env.Device(w.event, w.checkpoint)
	srv := httptest.NewServer(w.env.App.Echo)
	t.Cleanup(srv.Close)
	_, token, ids := w.delegation("member_state", "Republic of Azerbaijan", "جمهورية أذربيجان",
		member{key: "ar-1", role: "head", function: "Minister of Foreign Affairs", lang: "ar", approve: true},
		member{key: "ru-1", role: "delegate", function: "Legal adviser", lang: "ru", approve: true})
	w.enter(ids[0], time.Date(2040, 3, 18, 5, 30, 0, 0, time.UTC))
	b := browsertest.Start(t, chromedp.WindowSize(1100, 1400))
	shot := func(name string) {
		p := b.Screenshot(t, name)
		if dir := os.Getenv("DOCUMENTS_PNG_DIR"); dir != "" {
			if data, err := os.ReadFile(p); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
			}
		}
	}
	for _, c := range []struct{ lang, fix, sent string }{
		{"en", "Please write the minister's name Al-Tuwaijri.", "Your correction was sent to the Secretariat."},
		{"ar", "يرجى كتابة اسم الوزير: التويجري", "أُرسل تصحيحكم إلى الأمانة."},
	} {
		b.Navigate(t, srv.URL+"/rsvp/"+token+"?lang="+c.lang)
		b.Submit(t, "#lop form button[type=submit]")
		b.Do(t, chromedp.WaitVisible(chromedp.CSS("#lop-error")))
		b.Axe(t, browsertest.Within("#lop"))
		b.SetValue(t, "#lop-body", c.fix)
		b.Submit(t, "#lop form button[type=submit]")
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("#lop")))
		if err != nil || !strings.Contains(text, c.sent) || !strings.Contains(text, c.fix) {
			t.Errorf("%s: the page does not confirm the correction: %q %v", c.lang, text, err)
		}
		b.Axe(t)
		shot("rsvp-list-" + c.lang + ".png")
	}
	b.Navigate(t, srv.URL+"/")
	b.SetValue(t, "#f-email", "secretariat@test.example")
	b.SetValue(t, "#f-password", "correct horse battery staple")
	b.Submit(t, "form.signin button[type=submit]")
	for _, lang := range []string{"en", "ar"} {
		b.Navigate(t, srv.URL+"/console/events/"+w.event+"/documents")
		b.SetValue(t, "#lang-select", lang)
		b.Submit(t, "form.lang button[type=submit]")
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(text, "Al-Tuwaijri") || !strings.Contains(text, "Abdulaziz Othman Altwaijri") {
			t.Errorf("%s: the documents screen lacks the correction or the certificate: %q %v", lang, text, err)
		}
		dir, _ := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`))
		if lang == "ar" && dir != "rtl" {
			t.Errorf("the Arabic screen is %q", dir)
		}
		b.Axe(t)
		shot("console-documents-" + lang + ".png")
	}
	b.NoProblems(t)
}
