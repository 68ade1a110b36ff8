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

// TestSetupScreensInABrowser sets an event up as the Secretariat does, in
// English and in Arabic: the details, a session of the programme, a badge
// category (with its band previewed in a colour that needs dark ink), a
// checkpoint, a signatory with an uploaded signature, and the letter
// templates side by side; a refused form on the way. No console error, no
// CSP violation, no serious accessibility problem on any page. With
// SETUP_SHOTS=dir it saves a screenshot of each page there (else in the
// test's artifact directory).
func TestSetupScreensInABrowser(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	s.env.Do(http.MethodPost, "/api/v1/events/"+ev+"/zones", "admin",
		map[string]any{"code": "plenary", "names": map[string]string{"en": "Plenary hall", "ar": "القاعة العامة"}})
	sig := filepath.Join(t.TempDir(), "signature.png")
	if err := os.WriteFile(sig, signaturePNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	b := browsertest.Start(t, chromedp.WindowSize(1400, 1000))
	shots := os.Getenv("SETUP_SHOTS")
	look := func(name string) {
		t.Helper()
		b.Axe(t)
		if shots != "" {
			b.Screenshot(t, filepath.Join(shots, name+".png"))
		} else {
			b.Screenshot(t, name+".png")
		}
	}
	signInBrowser(t, b, s.srv.URL, "secretariat")
	s.signIn("secretariat")
	base := s.srv.URL + "/console/events/" + ev + "/setup"
	for _, lang := range []string{"en", "ar"} {
		b.Navigate(t, base)
		setLanguage(t, b, s.srv.URL, lang)
		b.Navigate(t, base)
		look(lang + "-details")
		b.SetValue(t, `#f-country`, "Azerbaijan")
		b.Submit(t, `form[action$="/setup"] button[type=submit]`)
		if has, err := chromedp.Run(b.Context(), chromedp.Evaluate[bool](`!!document.querySelector("#e-country")`)); err != nil || !has {
			t.Errorf("%s: the refused country has no message beside it", lang)
		}
		look(lang + "-details-refused")

		b.Navigate(t, base+"/visa")
		b.Click(t, `input[name=ask_passport][value=yes]`)
		b.SetValue(t, `#f-erase_after_days`, "400")
		b.Submit(t, `form[action$="/visa"] button[type=submit]`)
		if has, err := chromedp.Run(b.Context(), chromedp.Evaluate[bool](`!!document.querySelector("#e-erase_after_days")`)); err != nil || !has {
			t.Errorf("%s: the refused number of days has no message beside it", lang)
		}
		look(lang + "-visa-refused")
		b.SetValue(t, `#f-erase_after_days`, "30")
		b.Submit(t, `form[action$="/visa"] button[type=submit]`)
		look(lang + "-visa")

		b.Navigate(t, base+"/sessions")
		b.SetValue(t, `#f-titles_`+lang, map[string]string{"en": "Opening plenary", "ar": "الجلسة الافتتاحية"}[lang])
		b.SetValue(t, `#f-starts_at`, "2013-03-18T10:00")
		b.SetValue(t, `#f-ends_at`, "2013-03-18T12:30")
		b.Submit(t, `form[action$="/sessions"] button[type=submit]`)
		look(lang + "-sessions")

		b.Navigate(t, base+"/categories")
		b.SetValue(t, `#f-code`, "media_"+lang)
		b.SetValue(t, `#f-names_`+lang, map[string]string{"en": "Media", "ar": "وسائل الإعلام"}[lang])
		b.SetValue(t, `#f-colour`, "#f9a825")
		b.Click(t, `input[name=zone_ids]`)
		b.Submit(t, `form[action$="/categories"] button[type=submit]`)
		ink, err := chromedp.Run(b.Context(), chromedp.Evaluate[string](`getComputedStyle(document.querySelector("td .band, th .band")).color`))
		if err != nil || ink != "rgb(0, 0, 0)" {
			t.Errorf("%s: the yellow band's ink is %q (%v), want black", lang, ink, err)
		}
		look(lang + "-categories")
		b.Navigate(t, s.srv.URL+lastLink(t, s.get("/console/events/"+ev+"/setup/categories"), "/setup/categories/"))
		ink, err = chromedp.Run(b.Context(), chromedp.Evaluate[string](`(() => { const c = document.getElementById("f-colour");
			c.value = "#1b1f24"; c.dispatchEvent(new Event("input"));
			return getComputedStyle(document.getElementById("band-preview")).color })()`))
		if err != nil || ink != "rgb(255, 255, 255)" {
			t.Errorf("%s: the preview's ink on a dark colour is %q (%v), want white", lang, ink, err)
		}
		look(lang + "-category-edit")

		b.Navigate(t, base+"/checkpoints")
		b.SetValue(t, `#f-name`, "Main door "+lang)
		b.SetValue(t, `#f-zone_id`, s.firstID("zones", "code", "plenary"))
		b.Submit(t, `form[action$="/checkpoints"] button[type=submit]`)
		look(lang + "-checkpoints")

		b.Navigate(t, base+"/signatories")
		b.SetValue(t, `#f-name`, map[string]string{"en": "Yury Fedotov", "ar": "عبد العزيز بن عثمان التويجري"}[lang])
		b.SetValue(t, `#f-title`, "Director-General")
		b.SetValue(t, `#f-organisation`, "ISESCO")
		b.Submit(t, `form[action$="/signatories"] button[type=submit]`)
		b.Navigate(t, s.srv.URL+lastLink(t, s.get("/console/events/"+ev+"/setup/signatories"), "/setup/signatories/"))
		b.Do(t, chromedp.SetUploadFiles(chromedp.CSS(`#f-signature`), []string{sig}))
		b.Submit(t, `form[action$="/signature"] button[type=submit]`)
		w, err := chromedp.Run(b.Context(), chromedp.Evaluate[int](`document.querySelector("img.signature.large").naturalWidth`))
		if err != nil || w != 240 {
			t.Errorf("%s: the signature image is not shown (width %d, %v)", lang, w, err)
		}
		look(lang + "-signatories")

		b.Navigate(t, base+"/letters")
		look(lang + "-letters")
	}
	b.NoProblems(t)
}

// lastLink is the last link on a list to the page of a row under part
// (the row just added).
func lastLink(t *testing.T, p page, part string) string {
	t.Helper()
	var last string
	for _, m := range hrefs.FindAllStringSubmatch(p.Body, -1) {
		if strings.Contains(m[1], part) && !strings.Contains(m[1], "/delete") {
			last = m[1]
		}
	}
	if last == "" {
		t.Fatalf("no link to %s on the list (%d)", part, p.Status)
	}
	return last
}
