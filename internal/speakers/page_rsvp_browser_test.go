package speakers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"accreditation/internal/app/apptest"
	"accreditation/internal/browsertest"
	"accreditation/internal/database"
)

// TestRSVPSpeakersSectionInABrowser: the RSVP page's section of the lists
// of speakers, with an entry waiting, passes axe in English and Arabic,
// and its Withdraw button takes the entry off the list.
func TestRSVPSpeakersSectionInABrowser(t *testing.T) {
	db := database.OpenTest(t)
	f := newFixture(t, db)
	srv := apptest.Serve(t, db)
	d := f.delegation(f.EventID, "Jordan")
	if r := f.inscribe(d, f.member(d, "H.E.", "Nasser", "Judeh", "ناصر جودة")); r.Status != 201 {
		t.Fatalf("inscribe: %d %s", r.Status, r.Body)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1000, 900))
	for _, lang := range []string{"en", "ar"} {
		b.Navigate(t, srv.URL+"/rsvp/"+d.Token+"?lang="+lang+"#speakers")
		b.Axe(t)
		b.Screenshot(t, "rsvp-speakers-"+lang+".png")
	}
	b.Submit(t, `#speakers form[action*="/withdraw"] button`)
	text, err := chromedp.Run(b.Context(), chromedp.Text(chromedp.ID("speakers")))
	if err != nil || !strings.Contains(text, "تم سحب المتحدث من القائمة.") {
		t.Errorf("after withdrawing: %q (%v)", text, err)
	}
	if l := f.list(); len(l.Waiting) != 0 {
		t.Errorf("still waiting: %+v", l.Waiting)
	}
	b.Axe(t)
}
