package registration_test

import (
	"context"
	"net/url"
	"testing"

	"accreditation/internal/database"
	"accreditation/migrations"
)

// TestSearchFindsPeopleAsTheyAreTyped: each participant is found by the list's
// search as people type their name (without its letters' marks, apostrophes,
// hamza, tashkeel or the space of an Arabic compound name), and by nothing
// else, on SQLite and PostgreSQL; texts stored before a change of the fold
// are folded again by the migration's RefoldSearchTexts.
func TestSearchFindsPeopleAsTheyAreTyped(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{Quota: 20})
		f.accept(l)
		people := []struct {
			given, family, native string
			typed                 []string
		}{
			{"Gülşən", "Şəfiyeva", "", []string{"gulsen", "sefiyeva", "GÜLŞƏN ŞƏFİYEVA", "gulsen sefiyeva"}},
			{"Aysel", "Ağayeva", "", []string{"agayeva", "aysel ağa"}},
			{"Mamadou", "N’Diaye", "", []string{"ndiaye", "n'diaye", "N’DIAYE", "nʼdiaye"}},
			{"Abdulrahman", "Al-Amin", "عبد الرحمن الأمين", []string{"عبدالرحمن", "عبد الرحمن", "الامين", "الأمين"}},
			{"Fatima", "Zahra", "فاطمة الزَّهْراء", []string{"فاطمه", "فاطمة", "الزهراء"}},
			{"Ahmad", "Mustafa", "أحمد مصطفى", []string{"احمد", "مصطفي", "أَحْمَد"}},
			{"Alyona", "Fyodorova", "Алёна Фёдорова", []string{"алена", "федорова", "ФЁДОРОВА"}},
		}
		ids := map[string]string{}
		for _, p := range people {
			body := person(p.given, p.family, "delegate")
			body["native_name"] = p.native
			r, m := f.nominate(l, body)
			if m == nil {
				t.Fatalf("nominate %s %s: %d %s", p.given, p.family, r.Status, r.Body)
			}
			ids[p.family] = m["id"].(string)
		}
		found := func(q string) []string {
			t.Helper()
			r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants?q="+url.QueryEscape(q), "secretariat", nil)
			if r.Status != 200 {
				t.Fatalf("q=%s: %d %s", q, r.Status, r.Body)
			}
			var out []string
			for _, it := range r.Map(t)["items"].([]any) {
				out = append(out, it.(map[string]any)["id"].(string))
			}
			return out
		}
		check := func(when string) {
			t.Helper()
			for _, p := range people {
				for _, q := range p.typed {
					if got := found(q); len(got) != 1 || got[0] != ids[p.family] {
						t.Errorf("%s: q=%q found %d participants, want only %s %s", when, q, len(got), p.given, p.family)
					}
				}
			}
			if got := found("nobody"); len(got) != 0 {
				t.Errorf("%s: q=nobody found %d", when, len(got))
			}
		}
		check("as nominated")

		// Texts folded by an older rule (here: lower-cased only) are folded
		// again by the migration's function.
		if err := db.Exec(`UPDATE participants SET search_text = LOWER(given_names || ' ' || family_name)`).Error; err != nil {
			t.Fatal(err)
		}
		if got := found("sefiyeva"); len(got) != 0 {
			t.Fatalf("the stale text was found: %v", got)
		}
		if err := migrations.RefoldSearchTexts(context.Background(), db.SQL()); err != nil {
			t.Fatal(err)
		}
		check("folded again")
	})
}
