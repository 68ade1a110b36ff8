package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
)

// TestQuotaBelowMembersInTheBrowser lowers a delegation's quota below its
// members from the delegation's page, in English and in Arabic: the page
// comes back with the message beside the field saying how many members
// there are, with no console error, CSP violation or serious accessibility
// problem. With QUOTA_SHOTS=dir it saves the screenshots there too.
func TestQuotaBelowMembersInTheBrowser(t *testing.T) {
	p := newProtocol(t, 1)
	id := p.ids[0]
	token := p.rsvpLink(id, 4)
	p.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"})
	for _, name := range []string{"Amina", "Boris", "Chen"} {
		if r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"given_names": name,
			"family_name": "Member", "role": "delegate"}); r.Status != http.StatusCreated {
			t.Fatalf("nominate: %d %s", r.Status, r.Body)
		}
	}
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	signInBrowser(t, b, p.srv.URL, "secretariat")
	page := p.srv.URL + "/console/delegations/" + id
	want := map[string]string{"en": "3 members are nominated or approved", "ar": "عدد الأعضاء المرشحين أو المعتمدين 3"}
	for _, lang := range []string{"en", "ar"} {
		b.Navigate(t, page)
		setLanguage(t, b, p.srv.URL, lang)
		b.Navigate(t, page)
		b.SetValue(t, "form.quota input[name=quota]", "2")
		if res := b.Submit(t, "form.quota button[type=submit]"); res.Status != http.StatusConflict {
			t.Errorf("%s: status %d, want 409", lang, res.Status)
		}
		msg, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector('form.quota .field-error').textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(msg, want[lang]) {
			t.Errorf("%s: beside the quota %q, want %q", lang, msg, want[lang])
		}
		b.Axe(t)
		shot := b.Screenshot(t, "quota-"+lang+".png")
		if dir := os.Getenv("QUOTA_SHOTS"); dir != "" {
			b.Screenshot(t, filepath.Join(dir, "quota-"+lang+".png"))
		}
		t.Logf("%s: %s", lang, shot)
	}
	b.NoProblems(t)
}
