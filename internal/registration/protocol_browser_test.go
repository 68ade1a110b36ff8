package registration_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestLastPlaceInABrowser has two delegations open the RSVP page of an
// official dinner with one place left, in English and in Arabic: the first
// to register gets it, the second (whose page still offers it) is told
// beside the dinner that another delegation has just taken it, and nothing
// is registered for them. No console error, no CSP violation, no serious
// accessibility problem. Screenshots go to the test's artifacts.
func TestLastPlaceInABrowser(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	srv := httptest.NewServer(f.App.Echo)
	t.Cleanup(srv.Close)
	b := browsertest.Start(t, chromedp.WindowSize(1000, 1400))
	for _, c := range []struct{ lang, title, taken string }{
		{"en", "Official dinner", "The last place has just been taken"},
		{"ar", "العشاء الرسمي", "حُجز آخر مكان"}} {
		t.Run(c.lang, func(t *testing.T) {
			dinner := f.session(map[string]any{"kind": "protocol", "capacity": 1, "invite_roles": []string{"head"},
				"titles": map[string]string{"en": "Official dinner", "ar": "العشاء الرسمي"}})
			first, second := f.invite(invite{Language: c.lang}), f.invite(invite{Language: c.lang})
			f.accept(first)
			f.accept(second)
			f.nominateFixture(first, "ar-1", "head")
			f.nominateFixture(first, "ru-1", "delegate")
			headB := f.nominateFixture(second, "az-1", "head")
			button := `[id="session-` + dinner + `"] button`
			page := func(l link) string { return srv.URL + "/rsvp/" + l.Token + "?lang=" + c.lang }

			// The second delegation's page is open, the place still offered.
			b.Navigate(t, page(second))
			b.Do(t, chromedp.WaitVisible(chromedp.ID("protocol")))
			b.Axe(t)
			// Meanwhile the first delegation takes it (through the API:
			// one browser, two delegations).
			r := f.Do("POST", "/api/v1/rsvp/"+first.Token+"/sessions/"+dinner+"/registrations", "",
				map[string]string{"participant_id": f.participantOf(first, "head")})
			if r.Status != 201 {
				t.Fatalf("the first delegation: %d %s", r.Status, r.Body)
			}
			b.Submit(t, button)
			b.Do(t, chromedp.WaitVisible(chromedp.ID("session-error-"+dinner)))
			msg, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("session-error-"+dinner)))
			if err != nil || !strings.Contains(msg, c.taken) {
				t.Errorf("beside the dinner %q (%v), want %q", msg, err, c.taken)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-protocol-full-"+c.lang+".png")
			if f.isRegistered(dinner, headB) {
				t.Fatalf("the second delegation's head was registered past the capacity")
			}

			// The first delegation's page shows its head registered; a
			// delegate is not on the list for the dinner.
			b.Navigate(t, page(first))
			text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("session-"+dinner)))
			if err != nil || !strings.Contains(text, c.title) {
				t.Errorf("the dinner reads %q (%v)", text, err)
			}
			b.Axe(t)
			b.Screenshot(t, "rsvp-protocol-"+c.lang+".png")
			// Giving the place back frees it for the second delegation.
			b.Submit(t, button)
			b.Navigate(t, page(second))
			b.Submit(t, button)
			if !f.isRegistered(dinner, headB) {
				t.Fatalf("the freed place was not taken")
			}
		})
	}
	b.NoProblems(t)
}

// participantOf returns the id of l's active member of role.
func (f *fixture) participantOf(l link, role string) string {
	f.t.Helper()
	var ids []string
	must(f.t, f.DB.Raw(`SELECT id FROM participants WHERE invitation_id = ? AND role = ? AND status IN ('nominated', 'approved')`,
		l.InvitationID, role).Scan(&ids).Error)
	if len(ids) != 1 {
		f.t.Fatalf("%d members of role %s", len(ids), role)
	}
	return ids[0]
}

func (f *fixture) isRegistered(sessionID, participantID string) bool {
	f.t.Helper()
	var n int64
	must(f.t, f.DB.Table("session_registrations").Where("session_id = ? AND participant_id = ?", sessionID, participantID).
		Count(&n).Error)
	return n == 1
}
