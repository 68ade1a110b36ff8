package console_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/event"
)

// TestSpeakersScreenInABrowser opens a plenary's list of speakers from the
// programme, names its moderator, inscribes two speakers, moves one with a reason and marks one
// spoke, in English and in Arabic: no console error, no CSP violation, no
// serious accessibility problem; the chair's screen opens from it.
func TestSpeakersScreenInABrowser(t *testing.T) {
	s := newLocalSite(t, nil)
	ev := s.eventAhead()
	kind := "plenary"
	titles := event.Texts{"en": "Thematic plenary I", "ar": "الجلسة العامة المواضيعية الأولى"}
	ss, err := s.env.App.Services.Event.CreateSession(context.Background(), ev, event.SessionInput{Kind: &kind, Titles: &titles})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := s.member(ev, "Aysel", "Məmmədova")
	second := s.speakerOf(ev, "JO", "Jordan", "Nasser", "Judeh")
	b := browsertest.Start(t, chromedp.WindowSize(1280, 900))
	signInBrowser(t, b, s.srv.URL, "secretariat")
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/setup/sessions")
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/setup/sessions")
		b.Click(t, "a.speakers-link")
		if i == 0 {
			for _, p := range []string{first, second} {
				b.SetValue(t, "#f-participant", p)
				b.Submit(t, `form[action$="/speakers"] button[type=submit]`)
			}
			b.SetValue(t, "#f-role", "moderator")
			b.SetValue(t, "#f-guest", "Dr Jane Guest")
			b.Submit(t, `form[action$="/roles"] button[type=submit]`)
			roles, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("roles")))
			if err != nil || !strings.Contains(roles, "Moderator") || !strings.Contains(roles, "Dr Jane Guest") {
				t.Errorf("roles %q (%v)", roles, err)
			}
			row := speakerRow(t, b, 2)
			b.SetValue(t, "#pos-"+row, "1")
			b.SetValue(t, "#reason-"+row, "Ministerial rank confirmed")
			b.Submit(t, `#waiting tr:nth-child(2) form[action$="/move"] button[type=submit]`)
		}
		text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.CSS("#waiting")))
		if err != nil || !strings.Contains(text, "Nasser Judeh") {
			t.Fatalf("%s: waiting list %q (%v)", lang, text, err)
		}
		if i == 0 && strings.Index(text, "Nasser") > strings.Index(text, "Aysel") {
			t.Errorf("the move did not put Nasser Judeh first: %q", text)
		}
		b.Axe(t)
		b.Screenshot(t, "speakers-"+lang+".png")
	}
	b.Submit(t, `#waiting tr:nth-child(1) button[value=spoke]`)
	var n int64
	s.env.DB.Table("speakers").Where("session_id = ? AND status = 'spoke'", ss.ID).Count(&n)
	if n != 1 {
		t.Errorf("%d speakers marked spoke, want 1", n)
	}
	b.Navigate(t, s.srv.URL+"/console/events/"+ev+"/sessions/"+ss.ID+"/speakers/chair")
	cur, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("current")))
	if err != nil || !strings.Contains(cur, "Aysel") {
		t.Errorf("chair's screen shows %q (%v)", cur, err)
	}
	b.Axe(t)
}

// speakerOf nominates a head of another delegation, as member does.
func (s *site) speakerOf(ev, country, name, given, family string) string {
	s.t.Helper()
	do := func(method, path string, body any, want int) map[string]any {
		s.t.Helper()
		r := s.env.Do(method, path, map[bool]string{true: "secretariat", false: ""}[!strings.HasPrefix(path, "/api/v1/rsvp/")], body)
		if r.Status != want {
			s.t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
		}
		return r.Map(s.t)
	}
	del := do("POST", "/api/v1/events/"+ev+"/delegations", map[string]any{"kind": "member_state", "country": country, "name": map[string]string{"en": name}}, 201)
	inv := do("POST", "/api/v1/events/"+ev+"/invitations", map[string]any{"delegation_id": del["id"], "language": "en",
		"rsvp_deadline": s.env.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"invitee":       map[string]string{"given_names": given, "family_name": family, "office": "Minister", "email": strings.ToLower(family) + "@example.org"}}, 201)
	do("POST", "/api/v1/invitations/"+inv["id"].(string)+"/issue", nil, 200)
	link := do("POST", "/api/v1/invitations/"+inv["id"].(string)+"/rsvp-link", nil, 201)["url"].(string)
	rsvp := "/api/v1/rsvp/" + link[strings.LastIndex(link, "/")+1:]
	do("POST", rsvp+"/response", map[string]string{"answer": "accept"}, 200)
	return do("POST", rsvp+"/participants", map[string]any{"given_names": given, "family_name": family, "role": "head"}, 201)["id"].(string)
}

// speakerRow is the id of the waiting speaker on row n of the list.
func speakerRow(t *testing.T, b *browsertest.Browser, n int) string {
	t.Helper()
	id, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`document.querySelector("#waiting tbody tr:nth-child(`+string(rune('0'+n))+`)").id.replace("speaker-", "")`))
	if err != nil {
		t.Fatal(err)
	}
	return id
}
