package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/fixtures"
)

// TestDelegationScreensInABrowser works the delegations as the Secretariat
// does, in English and in Arabic: the list in protocol order, a move with
// the arrow button (no JavaScript needed), the delegation's page with its
// members and credentials letter, the letter marked a step further; no
// console error, no CSP violation, no serious accessibility problem. With
// DELEGATION_SHOTS=dir it saves a screenshot of each page there, else in
// the test's artifacts (go test -artifacts).
func TestDelegationScreensInABrowser(t *testing.T) {
	p := newProtocol(t, 4)
	id := p.ids[1]
	token := p.rsvpLink(id, 5)
	p.env.Do("POST", "/api/v1/rsvp/"+token+"/response", "", map[string]string{"answer": "accept"})
	for _, k := range []string{"ar-1", "ru-1"} {
		n, _ := fixtures.Find(k)
		role := map[string]string{"ar-1": "head", "ru-1": "delegate"}[k]
		if r := p.env.Do("POST", "/api/v1/rsvp/"+token+"/participants", "", map[string]string{"honorific": n.Honorific,
			"given_names": n.Given, "family_name": n.Family, "native_name": n.Native, "role": role}); r.Status != http.StatusCreated {
			t.Fatalf("nominate: %d %s", r.Status, r.Body)
		}
	}
	if st := p.putLetter(token, []byte("%PDF-1.4\n% letter of credentials\n")); st != http.StatusCreated {
		t.Fatalf("letter: %d", st)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1366, 1000))
	shots := os.Getenv("DELEGATION_SHOTS")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if shots != "" {
			name = filepath.Join(shots, name)
		}
		b.Screenshot(t, name+".png")
	}
	signInBrowser(t, b, p.srv.URL, "secretariat")
	for i, c := range []struct{ lang, next, status string }{{"en", "checked", "Checked"}, {"ar", "seen", "عُرض الأصل في المكتب"}} {
		b.Navigate(t, p.srv.URL+p.list())
		setLanguage(t, b, p.srv.URL, c.lang)
		b.Navigate(t, p.srv.URL+p.list())
		look(c.lang + "-delegations")
		before := p.order()
		b.Submit(t, `tr[id="d-`+before[0]+`"] button[value=down]`)
		want := slices.Clone(before)
		want[0], want[1] = want[1], want[0]
		if got := p.order(); !slices.Equal(got, want) {
			t.Errorf("%s: after the down arrow the order is %v, want %v", c.lang, got, want)
		}
		if i == 0 {
			look(c.lang + "-delegations-moved")
		}
		b.Navigate(t, p.srv.URL+"/console/delegations/"+id)
		look(c.lang + "-delegation")
		b.Submit(t, `form[action$="/credentials/status"] button[value=`+c.next+`]`)
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("letter-status")))
		if err != nil || !strings.Contains(text, c.status) {
			t.Errorf("%s: the letter's status reads %q (%v), want %q", c.lang, text, err, c.status)
		}
		look(c.lang + "-delegation-marked")
	}
	b.NoProblems(t)
}
