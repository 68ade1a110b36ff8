package registration_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/database"
)

// TestUnprintableNamesRefused: a name in a script no badge font draws is
// refused at nomination, the page naming the script in its own language; a
// code point Unicode has not assigned and a private-use one are refused too;
// names in the scripts the badges print are taken, mixed ones included.
func TestUnprintableNamesRefused(t *testing.T) {
	f := newFixture(t, database.OpenTest(t))
	l := f.invite(invite{Quota: 10})
	f.accept(l)
	nominate := "/api/v1/rsvp/" + l.Token + "/participants"
	withNative := func(native string) map[string]string {
		p := person("Mohamed", "Nasheed", "delegate")
		p["native_name"] = native
		return p
	}
	before := f.rows()
	f.Run(t, []apptest.Scenario{
		{Name: "Tifinagh", Method: "POST", Path: nominate, Body: withNative("ⵎⵓⵃⵎⵎⴰⴷ"), Status: 400, Field: "native_name"},
		{Name: "Cherokee family name", Method: "POST", Path: nominate, Body: person("John", "ᏣᎳᎩ", "delegate"), Status: 400, Field: "family_name"},
		{Name: "unassigned code point", Method: "POST", Path: nominate, Body: person("Ann\u0378", "Martin", "delegate"), Status: 400, Field: "given_names"},
		{Name: "private use", Method: "POST", Path: nominate, Body: person("Ann\uE000", "Martin", "delegate"), Status: 400, Field: "given_names"},
	})
	if after := f.rows(); !maps.Equal(after, before) {
		t.Errorf("refused nominations changed the database: %v, then %v", before, after)
	}
	// A mix of scripts no person's name has is taken when every character prints.
	for _, native := range []string{"শেখ হাসিনা", "习近平", "މުޙައްމަދު ނަޝީދު", "ยิ่งลักษณ์ ชินวัตร", "Анна آنا 安娜 Ἄννα"} {
		if r, _ := f.nominate(l, withNative(native)); r.Status != http.StatusCreated {
			t.Errorf("%s: %d %s, want 201", native, r.Status, r.Body)
		}
	}
	for _, lang := range []string{"en", "ar"} {
		form := url.Values{"given_names": {"Mohamed"}, "native_name": {"ⵎⵓⵃⵎⵎⴰⴷ"}, "role": {"delegate"}, "interpretation_language": {"en"}}
		req := httptest.NewRequest(http.MethodPost, "/rsvp/"+l.Token+"/participants?lang="+lang, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := f.Send(req)
		want := fmt.Sprintf(text(lang, "names.err_script"), "Tifinagh")
		if body := html.UnescapeString(string(r.Body)); r.Status != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("%s page: %d, want 400 with %q", lang, r.Status, want)
		}
	}
}
