package registration_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
	"accreditation/internal/fixtures"
	"accreditation/internal/i18n"
)

// TestCorrectingAMemberInABrowser corrects an accredited member on the RSVP
// page as a focal point does, in English and in Arabic, without any
// script: opens the member's form, where the page says that a new name
// sends them back to review; sends a wrong e-mail address (the message
// appears beside the field); then a name from names.tsv, which the page asks
// to confirm, showing the name now and after; confirms, and sees the member
// back in review with the name stored as typed. Each state passes axe-core,
// with no console error or CSP violation. Screenshots go to the test's
// artifacts (go test -artifacts).
func TestCorrectingAMemberInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, dir, name string }{{"en", "ltr", "fa-1"}, {"ar", "rtl", "ar-3"}} {
		t.Run(c.lang, func(t *testing.T) {
			tr := func(key string) string { return i18n.T(c.lang, "rsvp."+key) }
			text := func(id string) string {
				t.Helper()
				s, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID(id)))
				if err != nil {
					t.Fatalf("read #%s: %v", id, err)
				}
				return s
			}
			l := f.invite(invite{Language: c.lang})
			f.accept(l)
			_, p := f.nominate(l, person("Anne", "Martin", "delegate"))
			id := p["id"].(string)
			f.approve(id)
			n, _ := fixtures.Find(c.name)

			b.Navigate(t, srv.URL+"/rsvp/"+l.Token+"?lang="+c.lang)
			if dir, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.documentElement.dir`)); err != nil || dir != c.dir {
				t.Errorf("dir %q (%v), want %q", dir, err, c.dir)
			}
			if got := text("photo-review-" + id); got != tr("edit_photo_note") {
				t.Errorf("beside the photo: %q", got)
			}
			b.Click(t, "#edit-open-"+id)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("edit-review-"+id)))
			if got := text("edit-review-" + id); got != tr("edit_review_note") {
				t.Errorf("beside the form: %q", got)
			}
			b.Axe(t)

			b.SetValue(t, "#m-"+id+"-email", "anne at example")
			b.Submit(t, "#edit-save-"+id)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("m-"+id+"-e-email")))
			if got := text("m-" + id + "-e-email"); got != tr("err_email") {
				t.Errorf("beside the e-mail: %q", got)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-correct-error-"+c.lang+".png")

			b.SetValue(t, "#m-"+id+"-email", "anne.martin@example.org")
			b.SetValue(t, "#m-"+id+"-honorific", n.Honorific)
			b.SetValue(t, "#m-"+id+"-given_names", n.Given)
			b.SetValue(t, "#m-"+id+"-family_name", n.Family)
			b.SetValue(t, "#m-"+id+"-native_name", n.Native)
			if r := b.Submit(t, "#edit-save-"+id); r.Status != http.StatusOK {
				t.Errorf("the confirmation step: %d", r.Status)
			}
			b.Do(t, chromedp.WaitVisible(chromedp.ID("edit-confirm-"+id)))
			confirm := text("edit-confirm-" + id)
			for _, want := range []string{tr("edit_confirm"), tr("edit_name_now"), "Anne Martin", n.Full(), n.Native} {
				if !strings.Contains(confirm, want) {
					t.Errorf("the confirmation lacks %q: %q", want, confirm)
				}
			}
			if m := f.member(l.Token, id); m["status"] != "approved" || m["given_names"] != "Anne" {
				t.Errorf("saved before the confirmation: %v", m)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-correct-confirm-"+c.lang+".png")

			b.Submit(t, "#edit-confirm-save-"+id)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("members")))
			members := text("members")
			if !strings.Contains(members, tr("p_nominated")) || !strings.Contains(members, n.Full()) || !strings.Contains(members, n.Native) {
				t.Errorf("the members after the correction: %q", members)
			}
			if done, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS(`[role=status]`))); err != nil || done != tr("done_review") {
				t.Errorf("the page does not say the member is back in review")
			}
			m := f.member(l.Token, id)
			if m["status"] != "nominated" || m["given_names"] != n.Given || m["family_name"] != n.Family ||
				m["native_name"] != n.Native || m["honorific"] != n.Honorific || m["email"] != "anne.martin@example.org" {
				t.Errorf("stored: %v", m)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-correct-done-"+c.lang+".png")
		})
	}
	b.NoProblems(t)
}
