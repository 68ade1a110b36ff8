package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
)

// TestInvitationScreensInABrowser does what the Secretariat does (sign in,
// create an invitation, issue it, send it) in English and in Arabic, with no
// console error or CSP violation and no serious accessibility problem on
// any of the invitations' pages. With INVITATION_SHOTS=dir it saves a
// screenshot of each page there.
func TestInvitationScreensInABrowser(t *testing.T) {
	s := newSite(t)
	b := browsertest.Start(t, chromedp.WindowSize(1280, 1000))
	ev := s.eventAhead()
	del := s.delegation(ev, "Azerbaijan")
	shots := os.Getenv("INVITATION_SHOTS")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if shots != "" {
			b.Screenshot(t, filepath.Join(shots, name+".png"))
		}
	}
	b.Navigate(t, s.srv.URL+"/console/signin")
	b.SetValue(t, `input[name=email]`, "secretariat@test.example")
	b.SetValue(t, `input[name=password]`, apptest.Password)
	b.Submit(t, `form[action="/console/signin"] button[type=submit]`)
	for _, lang := range []string{"en", "ar"} {
		base := s.srv.URL + "/console/events/" + ev
		b.Navigate(t, base+"/invitations")
		b.SetValue(t, `#lang-select`, lang)
		b.Submit(t, `form.lang button[type=submit]`)
		b.Navigate(t, base+"/invitations/new")
		look(lang + "-new")
		b.SetValue(t, `select[name=delegation_id]`, del)
		b.SetValue(t, `select[name=language]`, "ar")
		b.SetValue(t, `input[name=rsvp_deadline]`, "2040-03-01T18:00")
		b.SetValue(t, `input[name=email]`, "bad")
		b.Submit(t, `form[action$="/invitations"] button[type=submit]`)
		look(lang + "-refused")
		b.SetValue(t, `input[name=honorific]`, "H.E. Mr")
		b.SetValue(t, `input[name=given_names]`, "Abdulaziz Othman")
		b.SetValue(t, `input[name=family_name]`, "Altwaijri")
		b.SetValue(t, `input[name=native_name]`, "عبد العزيز بن عثمان التويجري")
		b.SetValue(t, `input[name=email]`, lang+"@example.ma")
		b.Submit(t, `form[action$="/invitations"] button[type=submit]`)
		b.Submit(t, `form[action$="/issue"] button[type=submit]`)
		look(lang + "-issued")
		b.Submit(t, `form[action$="/dispatch"] button[type=submit]`)
		done, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS(`p.done`)))
		if err != nil {
			t.Fatalf("no confirmation after dispatch: %v", err)
		}
		if lang == "en" && !strings.Contains(done, "no mail server") {
			t.Errorf("after dispatch: %q, want it to say the mail stays queued", done)
		}
		b.Navigate(t, base+"/invitations?sort=-invitee")
		look(lang + "-list")
		b.Navigate(t, base+"/invitations/import")
		look(lang + "-import")
		b.Navigate(t, base+"/outbox")
		look(lang + "-outbox")
	}
	b.NoProblems(t)
}
