package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/fixtures"
)

// TestAuditAndUsersInABrowser opens the users' page and both audit logs as
// an admin, in English and in Arabic, creates an account with a made-up
// password through the form, and finds it in the log: no console error, no
// CSP violation, no serious accessibility problem. With ATTENDANCE_SHOTS=dir
// it saves the screenshots there too.
func TestAuditAndUsersInABrowser(t *testing.T) {
	s := newLocalSite(t, nil)
	ev := s.event()
	id := s.auditDelegation(ev, "Azerbaijan")
	n, _ := fixtures.Find("ar-1")
	if res := s.env.Do(http.MethodPatch, "/api/v1/delegations/"+id, "secretariat", map[string]any{
		"name": map[string]string{"en": "Azerbaijan", "ar": n.Native}}); res.Status != http.StatusOK {
		t.Fatalf("rename: %d %s", res.Status, res.Body)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
	signInBrowser(t, b, s.srv.URL, "admin")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		b.Screenshot(t, name+".png")
		if dir := os.Getenv("ATTENDANCE_SHOTS"); dir != "" {
			b.Screenshot(t, filepath.Join(dir, name+".png"))
		}
	}
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, s.srv.URL+"/console/users")
		setLanguage(t, b, s.srv.URL, lang)
		email := []string{"new-en@test.example", "new-ar@test.example"}[i]
		b.SetValue(t, "#f-email", email)
		b.SetValue(t, "#f-name", n.Native)
		b.Submit(t, `form[action="/console/users"] button[type=submit]`)
		shown, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("code.password")))
		if err != nil || len(strings.TrimSpace(shown)) < 12 || !s.canLogIn(email, strings.TrimSpace(shown)) {
			t.Fatalf("%s: the made-up password %q does not open the account (%v)", lang, shown, err)
		}
		look("users-" + lang)
		b.Navigate(t, s.srv.URL+"/console/audit?entity=user")
		if body, _ := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, email) {
			t.Errorf("%s: the new account is not in the log", lang)
		}
		look("audit-all-" + lang)
		b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/audit?entity=delegation")
		if body, _ := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, n.Native) {
			t.Errorf("%s: the rename to %q is not in the log", lang, n.Native)
		}
		look("audit-" + lang)
	}
	b.NoProblems(t)
}
