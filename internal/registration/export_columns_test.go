package registration_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"testing"

	"accreditation/internal/database"
)

// TestParticipantsExportNamesCategoriesAndBadges: without a format the
// participants export is CSV; with ?language= its header row names the
// columns in that language, and an approved participant's line carries the
// category's name in that language, its code and the badge's number.
func TestParticipantsExportNamesCategoriesAndBadges(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		l := f.invite(invite{})
		f.accept(l)
		_, p := f.nominate(l, person("Gülşən", "Şəfiyeva", "head"))
		id := p["id"].(string)
		if r := f.Do("POST", "/api/v1/participants/"+id+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		var badge []struct{ Number int }
		must(t, f.DB.Raw(`SELECT number FROM badges WHERE participant_id = ? AND status = 'active'`, id).Scan(&badge).Error)
		if len(badge) != 1 {
			t.Fatalf("%d active badges after approval, want 1", len(badge))
		}
		number := badge[0].Number
		r := f.Do("GET", "/api/v1/events/"+f.EventID+"/participants/export?language=fr", "secretariat", nil)
		if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("export without a format: %d %q, want CSV", r.Status, r.Header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
		must(t, err)
		col := func(name string) int { return slices.Index(rows[0], name) }
		cat, code, num, family := col("Catégorie"), col("Code de la catégorie"), col("Numéro du badge"), col("Nom de famille")
		if cat < 0 || code < 0 || num < 0 || len(rows) != 2 {
			t.Fatalf("header %q and %d lines, want the French names of category, its code and the badge number, and one line", rows[0], len(rows))
		}
		line := rows[1]
		if line[cat] != "Délégué" || line[code] != "DEL" || line[num] != strconv.Itoa(number) || (family >= 0 && line[family] != "Şəfiyeva") {
			t.Errorf("line %q: want category Délégué, code DEL, badge %d", line, number)
		}
	})
}
