package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/fixtures"
)

// TestParticipantScreensInABrowser reviews the queue as the Secretariat
// does (tick two people, choose a category, approve; reject one without a
// reason, then with one) in English and in Arabic, with no console error or
// CSP violation and no serious accessibility problem. With
// PARTICIPANT_SHOTS=dir it saves a screenshot of each page there.
func TestParticipantScreensInABrowser(t *testing.T) {
	q := newQueue(t, "secretariat")
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	shots := os.Getenv("PARTICIPANT_SHOTS")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if shots != "" {
			b.Screenshot(t, filepath.Join(shots, name+".png"))
		}
	}
	var ids []string
	for _, k := range []string{"ar-3", "fa-1", "ru-1", "fr-2", "long-1", "az-4"} {
		n, _ := fixtures.Find(k)
		ids = append(ids, q.nominate(map[string]string{"honorific": n.Honorific, "given_names": n.Given, "family_name": n.Family,
			"native_name": n.Native, "function": "Minister"}))
	}
	if r := q.env.Send(photoRequest(q.token, ids[0])); r.Status != http.StatusOK {
		t.Fatalf("photo: %d", r.Status)
	}
	b.Navigate(t, q.srv.URL+"/console/signin")
	b.SetValue(t, `input[name=email]`, "secretariat@test.example")
	b.SetValue(t, `input[name=password]`, apptest.Password)
	b.Submit(t, `form[action="/console/signin"] button[type=submit]`)
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, q.srv.URL+q.list())
		b.SetValue(t, `#lang-select`, lang)
		b.Submit(t, `form.lang button[type=submit]`)
		look(lang + "-queue")
		mine := ids[i*3 : i*3+3]
		b.Click(t, `input[name=ids][value="`+mine[0]+`"]`)
		b.Click(t, `input[name=ids][value="`+mine[1]+`"]`)
		b.SetValue(t, `#f-category_id`, q.cat)
		b.Submit(t, `form[action$="/participants/approve"] button[type=submit]:not([formaction])`)
		look(lang + "-approved")
		if q.status(mine[0]) != "approved" || q.status(mine[1]) != "approved" {
			t.Fatalf("%s: approving in the browser left %v", lang, q.statuses())
		}
		b.Click(t, `input[name=ids][value="`+mine[2]+`"]`)
		b.Submit(t, `button[formaction$="/participants/reject"]`)
		look(lang + "-no-reason")
		b.SetValue(t, `input[name=reason]`, "Not on the credentials letter")
		b.Submit(t, `button[formaction$="/participants/reject"]`)
		look(lang + "-confirm")
		b.Submit(t, `main form button[type=submit]`)
		if q.status(mine[2]) != "rejected" {
			t.Fatalf("%s: rejecting in the browser left %s", lang, q.status(mine[2]))
		}
		b.Navigate(t, q.srv.URL+"/console/participants/"+mine[0])
		look(lang + "-participant")
		body, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(body, "Minister") {
			t.Errorf("%s: participant page: %v", lang, err)
		}
	}
	b.NoProblems(t)
}
