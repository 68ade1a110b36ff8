package visa_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
)

// postForm sends the page's form as a browser on the page does.
func (f *fixture) postForm(path string, form url.Values) *apptest.Response {
	f.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	return f.Send(req)
}

func passportForm(change map[string]string) url.Values {
	form := url.Values{}
	for k, v := range passport {
		form.Set(k, v.(string))
	}
	for k, v := range change {
		form.Set(k, v)
	}
	return form
}

func TestPassportFormOnTheRSVPPage(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		page := "/rsvp/" + f.Token
		action := page + "/participants/" + f.MemberID + "/passport"
		for lang, want := range map[string][]string{"en": {"Passport details for the visa support letter", "No passport details received yet."},
			"ar": {"بيانات جواز السفر لرسالة دعم التأشيرة", `dir="rtl"`}} {
			r := f.Do("GET", page+"?lang="+lang, "", nil)
			for _, w := range append(want, `id="passport-`+f.MemberID+`"`, `action="`+action+`?lang=`+lang+`"`) {
				if !strings.Contains(string(r.Body), w) {
					t.Errorf("the %s page lacks %q", lang, w)
				}
			}
		}
		// Refused: an invisible character in the number, an unknown country,
		// an expiry before the event; shown beside each field, the number not
		// typed back, nothing stored.
		r := f.postForm(action+"?lang=ar", passportForm(map[string]string{"number": "AZ12\u200b34567", "issuing_country": "QQ",
			"expires_on": "2040-03-01"}))
		body := string(r.Body)
		if r.Status != 400 {
			t.Fatalf("refused form: %d", r.Status)
		}
		for _, w := range []string{"اكتب الرقم كما هو مطبوع", "اكتب رمز البلد", "يجب أن يكون جواز السفر صالحا",
			`id="ppe-` + f.MemberID + `-number"`, `value="QQ"`, `value="Ganja"`, "يرجى تصحيح الحقول"} {
			if !strings.Contains(body, w) {
				t.Errorf("the refused form lacks %q", w)
			}
		}
		if strings.Contains(body, "AZ12") {
			t.Error("the refused form types the number back into the page")
		}
		if n := f.count("participant_passports"); n != 0 {
			t.Errorf("%d passports stored from a refused form", n)
		}
		// Received: back to the page, which says so without the details.
		r = f.postForm(action+"?lang=en", passportForm(nil))
		if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "done=passport") {
			t.Fatalf("form: %d %s", r.Status, r.Header.Get("Location"))
		}
		body = string(f.Do("GET", r.Header.Get("Location"), "", nil).Body)
		for _, w := range []string{"The passport details have been received.", "Passport details received on"} {
			if !strings.Contains(body, w) {
				t.Errorf("the page after the form lacks %q", w)
			}
		}
		for _, secret := range []string{"AZ1234567", "Ganja", "1961-04-12"} {
			if strings.Contains(body, secret) {
				t.Errorf("the page shows %q", secret)
			}
		}
		if got := f.mustDo("GET", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", nil, 200)["passport"].(map[string]any); got["number"] != "AZ1234567" {
			t.Errorf("stored %v", got)
		}
		// From another site: refused.
		req := httptest.NewRequest("POST", action, strings.NewReader(passportForm(nil).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if r := f.Send(req); r.Status != 403 {
			t.Errorf("cross-site: %d", r.Status)
		}
		// An event that does not ask: no form on the page.
		f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"ask_passport": false}, 200)
		if body := string(f.Do("GET", page, "", nil).Body); strings.Contains(body, `id="passport-`) {
			t.Error("the page shows the passport form of an event that does not ask")
		}
	})
}
