package console_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSetupTextsPerLanguage: the event's details form takes the venue, the
// city and the country in each working language and the badge languages;
// the signatory form takes the organisation, its short name, the title and
// the line above the signature per language; a badge language the event
// does not use comes back beside its field and changes nothing.
func TestSetupTextsPerLanguage(t *testing.T) {
	s := newSite(t)
	ev := s.event()
	signedIn(s, "secretariat", "en")
	path := setupPaths(ev)[0]
	token := s.csrf(path)
	f := eventForm(token) // working languages ar, en, fr
	f.Set("venue_names_ar", "قصر كلستان")
	f.Set("venue_names_fr", "Palais Gulustan")
	f.Set("city_names_fr", "Bakou")
	f.Set("badge_language_1", "fr")
	f.Set("badge_language_2", "ar")
	if p := s.post(path, f); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.400s", p.Status, p.Body)
	}
	got := s.env.Do(http.MethodGet, "/api/v1/events/"+ev, "admin", nil).Map(t)
	if got["venue_names"].(map[string]any)["ar"] != "قصر كلستان" || got["city_names"].(map[string]any)["fr"] != "Bakou" ||
		strings.Join(strs(got["badge_languages"]), ",") != "fr,ar" {
		t.Errorf("stored: %v", got)
	}
	p := s.get(path)
	mustSee(t, p, `value="Palais Gulustan"`, `id="f-venue_names_ar"`)
	if strings.Contains(p.Body, `id="f-venue_names_ru"`) {
		t.Error("the form offers a text in Russian, which the event does not use")
	}
	before := s.audits()
	f.Set("badge_language_2", "ru")
	refused(t, s.post(path, f), http.StatusBadRequest, "badge_languages")
	if s.audits() != before {
		t.Error("a refused form changed something")
	}

	sigs := setupPaths(ev)[5]
	token = s.csrf(sigs)
	form := map[string][]string{"_csrf": {token}, "name": {"Ms Ghada Waly"}, "title": {"Executive Director"},
		"organisation": {"United Nations Office on Drugs and Crime"}, "organisation_short": {"UNODC"},
		"organisation_short_names_fr": {"ONUDC"}, "titles_fr": {"Directrice exécutive"},
		"sign_lines_fr": {"Pour la Directrice exécutive de l'ONUDC"}, "organisation_names_ar": {"مكتب الأمم المتحدة المعني بالمخدرات والجريمة"},
		"names_ar": {"السيدة غادة والي"}}
	if p := s.post(sigs, form); p.Status != http.StatusSeeOther {
		t.Fatalf("signatory: %d %.400s", p.Status, p.Body)
	}
	items := s.env.Do(http.MethodGet, "/api/v1/events/"+ev+"/signatories", "admin", nil).Map(t)["items"].([]any)
	var found map[string]any
	for _, it := range items {
		if m := it.(map[string]any); m["name"] == "Ms Ghada Waly" {
			found = m
		}
	}
	if found == nil || found["organisation_short_names"].(map[string]any)["fr"] != "ONUDC" ||
		found["sign_lines"].(map[string]any)["fr"] != "Pour la Directrice exécutive de l'ONUDC" ||
		found["titles"].(map[string]any)["fr"] != "Directrice exécutive" || found["names"].(map[string]any)["ar"] != "السيدة غادة والي" {
		t.Errorf("signatory stored: %v", found)
	}
	form["titles_ru"] = []string{"Директор"} // not a language of the event
	form["name"] = []string{"Someone Else"}
	refused(t, s.post(sigs, form), http.StatusBadRequest, "titles")
	delete(form, "titles_ru")
	form["names_ru"] = []string{"Гада Вали"} // neither
	refused(t, s.post(sigs, form), http.StatusBadRequest, "names")
	mustSee(t, s.get(sigs), `name="names_ar"`, "Name in each language, in its script")
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
