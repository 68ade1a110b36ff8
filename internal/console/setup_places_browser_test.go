package console_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/browsertest"
)

// TestSessionPlacesAndGuardInABrowser gives an official dinner its places
// and invitation list from the programme's form, in English and in Arabic,
// has a capacity below the members registered refused beside the field,
// and makes a checkpoint guard the dinner: no console error, no CSP
// violation, no serious accessibility problem.
func TestSessionPlacesAndGuardInABrowser(t *testing.T) {
	s := newLocalSite(t, nil)
	ev := s.badgeEvent(3)
	zone := s.env.Do(http.MethodPost, "/api/v1/events/"+ev.ID+"/zones", "admin",
		map[string]any{"code": "hall", "names": map[string]string{"en": "Banquet hall", "ar": "قاعة الولائم"}}).Map(t)["id"].(string)
	b := browsertest.Start(t, chromedp.WindowSize(1400, 1000))
	signInBrowser(t, b, s.srv.URL, "secretariat")
	s.signIn("secretariat")
	base := s.srv.URL + "/console/events/" + ev.ID + "/setup"
	for i, lang := range []string{"en", "ar"} {
		b.Navigate(t, base+"/sessions")
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, base+"/sessions")
		title := []string{"Official dinner", "العشاء الرسمي"}[i]
		b.SetValue(t, `#f-kind`, "protocol")
		b.SetValue(t, `#f-titles_`+lang, title)
		b.SetValue(t, `#f-capacity`, "3")
		b.Click(t, `input[name=invite_roles][value=head]`)
		b.Click(t, `input[name=invite_category_ids][value="`+ev.Category+`"]`)
		b.Submit(t, `form[action$="/sessions"] button[type=submit]`)
		b.Axe(t)
		b.Screenshot(t, "session-places-"+lang+".png")
		var id string
		rows, err := s.env.App.Services.Event.Store().FindSessions(context.Background(), ev.ID)
		for _, ss := range rows {
			if ss.Titles[lang] == title {
				id = ss.ID
			}
		}
		if err != nil || id == "" {
			t.Fatalf("%s: the dinner was not added (%v)", lang, err)
		}
		if _, err := s.env.App.Services.Registration.RegisterParticipant(context.Background(), ev.ID, id, ev.Badges[0].ParticipantID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.env.App.Services.Registration.RegisterParticipant(context.Background(), ev.ID, id, ev.Badges[1].ParticipantID); err != nil {
			t.Fatal(err)
		}
		b.Navigate(t, base+"/sessions/"+id)
		b.SetValue(t, `#f-capacity`, "1")
		b.Submit(t, `form[action$="/sessions/`+id+`"] button[type=submit]`)
		has, err := chromedp.Run(b.Context(), chromedp.Evaluate[bool](`!!document.querySelector("#e-capacity") &&
			document.getElementById("f-capacity").getAttribute("aria-invalid") === "true"`))
		if err != nil || !has {
			t.Errorf("%s: the capacity below the registered has no message beside it (%v)", lang, err)
		}
		b.Axe(t)
		b.Screenshot(t, "session-places-refused-"+lang+".png")

		b.Navigate(t, base+"/checkpoints")
		b.SetValue(t, `#f-name`, "Banquet door "+lang)
		b.SetValue(t, `#f-zone_id`, zone)
		b.SetValue(t, `#f-session_id`, id)
		b.Submit(t, `form[action$="/checkpoints"] button[type=submit]`)
		var guards int64
		s.env.DB.Table("checkpoints").Where("session_id = ?", id).Count(&guards)
		if guards != 1 {
			t.Errorf("%s: %d checkpoints guard the dinner, want 1", lang, guards)
		}
		b.Axe(t)
		b.Screenshot(t, "checkpoint-guard-"+lang+".png")
	}
	b.NoProblems(t)
}
