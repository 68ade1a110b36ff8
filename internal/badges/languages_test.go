package badges_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// TestBadgeLanguages: a badge prints the event's name, the delegation and
// the category in the event's badge languages (French first, then Arabic
// here), a name whose own script reads as the Latin form once, and a mark of
// each zone it opens; badge languages the event does not use are refused
// and change nothing.
func TestBadgeLanguages(t *testing.T) {
	f := newFixture(t)
	f.exec(t, `UPDATE events SET languages = '["ar","fr","en","ru"]',
		names = '{"en":"Ministerial Conference","fr":"Conférence ministérielle","ar":"المؤتمر الوزاري"}' WHERE id = ?`, f.eventID)
	f.exec(t, `UPDATE delegations SET names = '{"en":"Republic of Azerbaijan","fr":"République d''Azerbaïdjan","ar":"جمهورية أذربيجان"}' WHERE id = ?`, f.delegationID)
	f.exec(t, `UPDATE categories SET names = '{"en":"Head of Delegation","fr":"Chef de délégation","ar":"رئيس وفد"}' WHERE id = ?`, f.categoryID)
	for _, code := range []string{"plenary", "vip"} {
		id := httpx.NewID()
		f.exec(t, `INSERT INTO zones (id, event_id, code, names, created_at, updated_at) VALUES (?, ?, ?, '{"en":"x"}', ?, ?)`,
			id, f.eventID, code, f.env.Now(), f.env.Now())
		f.exec(t, `INSERT INTO category_zones (category_id, zone_id) VALUES (?, ?)`, f.categoryID, id)
	}

	path := "/api/v1/events/" + f.eventID
	for _, bad := range [][]string{{"az"}, {"de"}, {"fr", "ar", "en"}, {"fr", "fr"}} {
		res := f.env.Do("PATCH", path, "secretariat", map[string]any{"badge_languages": bad})
		if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "badge_languages") {
			t.Errorf("badge languages %v: %d %s, want 400 naming badge_languages", bad, res.Status, res.Body)
		}
	}
	if got := f.env.Do("GET", path, "secretariat", nil).Map(t)["badge_languages"]; len(got.([]any)) != 0 {
		t.Fatalf("a refused change was stored: %v", got)
	}
	if res := f.env.Do("PATCH", path, "secretariat", map[string]any{"badge_languages": []string{"fr", "ar"}}); res.Status != http.StatusOK {
		t.Fatalf("badge languages fr, ar: %d %s", res.Status, res.Body)
	}

	var n fixtures.Name
	for _, x := range fixtures.Names() {
		if x.Key == "fr-2" {
			n = x
		}
	}
	n.Native = n.Latin() // as typed by someone who wrote the Latin name twice
	b := f.approve(t, f.addParticipant(t, person{name: n, role: registration.Head}))
	for _, layout := range []string{"a6", "cr80"} {
		res := f.env.Do("GET", "/api/v1/badges/"+b.ID+"/pdf?layout="+layout, "secretariat", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", layout, res.Status, res.Body)
		}
		file := writeTemp(t, "badge.pdf", res.Body)
		if dir := os.Getenv("BADGE_PREVIEW_DIR"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "badge-"+layout+".pdf"), res.Body, 0o644)
		}
		text := strings.Join(strings.Fields(run(t, "pdftotext", file, "-")), " ")
		for _, want := range []string{"Conférence ministérielle", "République d'Azerbaïdjan", "Chef de délégation", "PLENARY", "VIP"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q missing from %q", layout, want, text)
			}
		}
		for _, unwanted := range []string{"Head of Delegation", "Ministerial Conference", "March"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("%s: %q (English, not a badge language) printed: %q", layout, unwanted, text)
			}
		}
		if c := strings.Count(text, n.Family); c != 1 {
			t.Errorf("%s: the name is printed %d times, want once: %q", layout, c, text)
		}
	}
}
