package documents_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"accreditation/internal/fixtures"
	"accreditation/internal/typeset"
)

// mixed builds delegations of every kind in an order unlike protocol order,
// members nominated in an order unlike their roles', one not approved. It
// returns the fixture keys in the order the list must print them (the
// delegations' protocol order is the default one: by English name).
func mixed(w *world) []string {
	w.t.Helper()
	w.delegation("ngo", "Arab Women Network", "شبكة المرأة العربية", member{key: "ms-1", role: "head", function: "President", approve: true})
	w.delegation("expert", "Independent expert", "خبير مستقل", member{key: "id-1", role: "head", function: "Professor of law", approve: true})
	w.delegation("international_organization", "Organization for Security and Co-operation in Europe", "منظمة الأمن والتعاون في أوروبا",
		member{key: "tr-1", role: "head", function: "Secretary General", approve: true})
	w.delegation("international_organization", "United Nations Office on Drugs and Crime (UNODC)", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
		member{key: "vi-1", role: "delegate", function: "Programme officer", approve: true},
		member{key: "fr-2", role: "head", function: "Executive Director", approve: true})
	w.delegation("observer_state", "Holy See", "الكرسي الرسولي", member{key: "ga-1", role: "head", function: "Apostolic Nuncio", approve: true})
	w.delegation("member_state", "Kingdom of Morocco", "المملكة المغربية", member{key: "ar-2", role: "head", function: "Minister of Justice", approve: true})
	w.delegation("member_state", "Republic of Azerbaijan", "جمهورية أذربيجان",
		member{key: "az-1", role: "delegate", function: "Director, Ministry of Justice", approve: true},
		member{key: "ar-1", role: "head", function: "Minister of Foreign Affairs", approve: true},
		member{key: "ru-1", role: "adviser", function: "Legal adviser", approve: true},
		member{key: "fr-1", role: "alternate", function: "Ambassador", approve: true},
		member{key: "kk-1", role: "delegate", function: "Counsellor", approve: false})
	return []string{"ar-2", "ar-1", "az-1", "fr-1", "ru-1", "ga-1", "fr-2", "vi-1", "tr-1", "ms-1", "id-1"}
}

func fixture(t *testing.T, key string) fixtures.Name {
	t.Helper()
	n, ok := fixtures.Find(key)
	if !ok {
		t.Fatalf("no fixture %q", key)
	}
	return n
}

func (w *world) list(query string) []byte {
	w.t.Helper()
	res := w.env.Do("GET", "/api/v1/events/"+w.event+"/documents/participants?"+query, "secretariat", nil)
	if res.Status != http.StatusOK {
		w.t.Fatalf("list %s: %d %s", query, res.Status, res.Body)
	}
	return res.Body
}

func TestListXLSXInProtocolOrder(t *testing.T) {
	w := newWorld(t)
	want := mixed(w)
	for _, lang := range []string{"en", "ar"} {
		x, err := excelize.OpenReader(bytes.NewReader(w.list("language=" + lang + "&format=xlsx")))
		if err != nil {
			t.Fatalf("%s: open workbook: %v", lang, err)
		}
		rows, err := x.GetRows("LoP")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2+len(want) {
			t.Fatalf("%s: got %d rows, want a title, a header and %d entries: %q", lang, len(rows), len(want), rows)
		}
		for i, key := range want {
			n, r := fixture(t, key), rows[2+i]
			for len(r) < 7 {
				r = append(r, "")
			}
			if r[4] != n.Latin() || r[5] != n.Native || r[3] != n.Honorific {
				t.Errorf("%s: row %d = %q, want %s (%q, %q)", lang, i+3, r, key, n.Latin(), n.Native)
			}
		}
		wantSections := map[string][]string{
			"en": {"Member States", "Member States", "Member States", "Member States", "Member States", "Observer States",
				"United Nations and its bodies", "United Nations and its bodies", "Other intergovernmental organizations",
				"Non-governmental organizations", "Experts"},
			"ar": {"الدول الأعضاء", "الدول الأعضاء", "الدول الأعضاء", "الدول الأعضاء", "الدول الأعضاء", "الدول المراقبة",
				"الأمم المتحدة وهيئاتها", "الأمم المتحدة وهيئاتها", "منظمات حكومية دولية أخرى", "المنظمات غير الحكومية", "الخبراء"},
		}[lang]
		for i, s := range wantSections {
			if rows[2+i][0] != s {
				t.Errorf("%s: row %d section %q, want %q", lang, i+3, rows[2+i][0], s)
			}
		}
		if d := rows[2][1]; (lang == "en" && d != "Kingdom of Morocco") || (lang == "ar" && d != "المملكة المغربية") {
			t.Errorf("%s: first delegation %q, not in the document's language", lang, d)
		}
		if lang == "en" && (rows[3][2] != "Head of delegation" || rows[4][2] != "Delegate") {
			t.Errorf("Azerbaijan's first roles %q, %q, want the head of delegation, then a delegate", rows[3][2], rows[4][2])
		}
		if !strings.Contains(rows[0][0], map[string]string{"en": "Provisional", "ar": "مؤقتة"}[lang]) {
			t.Errorf("%s: title row %q does not mark the provisional edition", lang, rows[0][0])
		}
		_ = x.Close()
	}
}

func TestListPDFTextInProtocolOrder(t *testing.T) {
	w := newWorld(t)
	want := mixed(w)
	for _, lang := range []string{"en", "fr", "ru", "az", "ar"} {
		text := pdfText(t, w.list("language="+lang+"&edition=provisional&format=pdf"))
		at := 0
		for _, key := range want {
			n := fixture(t, key)
			i := strings.Index(text[at:], n.Latin())
			if i < 0 {
				t.Errorf("%s: %s (%q) missing or out of protocol order after byte %d", lang, key, n.Latin(), at)
				continue
			}
			at += i + len(n.Latin())
		}
		if strings.Contains(text, fixture(t, "kk-1").Latin()) {
			t.Errorf("%s: a participant who is not approved is listed", lang)
		}
		// The names in their own script, Arabic too, in protocol order:
		// pdftotext gives Arabic back in presentation forms within
		// embedding marks, so both sides are compared in NFKC.
		folded, at, natives := foldText(text), 0, 0
		for _, key := range want {
			n := fixture(t, key)
			if n.Native == "" {
				continue
			}
			natives++
			native := foldText(n.Native)
			i := strings.Index(folded[at:], native)
			if i < 0 {
				t.Errorf("%s: own-script name of %s (%q) missing or out of protocol order after byte %d", lang, key, n.Native, at)
				continue
			}
			at += i + len(native)
		}
		if natives < 3 {
			t.Fatalf("only %d own-script names to look for", natives)
		}
		mark := map[string]string{"en": "Provisional list of participants", "fr": "Liste provisoire des participants",
			"ru": "Предварительный список участников", "az": "İştirakçıların ilkin siyahısı"}[lang]
		if mark != "" && strings.Count(text, mark) < 2 {
			t.Errorf("%s: the provisional edition is not marked on the cover and the pages: %q", lang, mark)
		}
		if lang == "en" && (!strings.Contains(text, "Page 1 of") || !strings.Contains(text, "18–19 March 2040")) {
			t.Errorf("en: no page numbers or no event days:\n%s", text)
		}
	}
}

func TestListBadInput(t *testing.T) {
	w := newWorld(t)
	mixed(w)
	two := w.must("POST", "/api/v1/events", "admin", map[string]any{
		"name": "Two-language conference", "venue": "Palais des Nations", "city": "Geneva", "country": "CH",
		"timezone": "Europe/Zurich", "starts_on": "2040-05-01", "ends_on": "2040-05-02",
		"languages": []string{"en", "fr"}}, http.StatusCreated)["id"].(string)
	base := "/api/v1/events/" + w.event + "/documents/participants"
	for _, c := range []struct {
		name, role, path string
		want             int
	}{
		{"unknown language", "secretariat", base + "?language=de", 400},
		{"language the event does not use", "secretariat", "/api/v1/events/" + two + "/documents/participants?language=ar", 400},
		{"edition neither final nor provisional", "secretariat", base + "?language=en&edition=draft", 400},
		{"unknown format", "secretariat", base + "?language=en&format=docx", 400},
		{"final before it is issued", "secretariat", base + "?language=en&edition=final", 409},
		{"not a uuid", "secretariat", "/api/v1/events/nope/documents/participants", 400},
		{"unknown event", "secretariat", "/api/v1/events/00000000-0000-4000-8000-000000000000/documents/participants", 404},
		{"door account", "door", base + "?language=en", 403},
		{"no account", "", base + "?language=en", 401},
	} {
		res := w.env.Do("GET", c.path, c.role, nil)
		if res.Status != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, res.Status, c.want, res.Body)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Errorf("%s: content type %q, want a problem", c.name, ct)
		}
	}
	if res := w.env.Do("GET", "/api/v1/events/"+two+"/documents/participants?language=fr&format=xlsx", "admin", nil); res.Status != 200 {
		t.Errorf("a language the event uses: %d", res.Status)
	}
}

// foldText is s in NFKC, without bidi embedding marks and with each run of
// white space one space, as two renderings of a name compare.
func foldText(s string) string {
	s = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u200e", "", "\u200f", "").Replace(norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), " ")
}

// TestListCarriesEveryScript: a delegation whose members are named in every
// script of the fixture's scripts.tsv is listed with each Latin name and
// each own-script name as typed in the PDF's text (the left-to-right ones:
// pdftotext reads right-to-left runs among left-to-right lines in visual
// order, see typeset's TestScriptsExtractAsText) and in the workbook, and
// the list stays small.
func TestListCarriesEveryScript(t *testing.T) {
	w := newWorld(t)
	var members []member
	for _, n := range fixtures.Scripts() {
		members = append(members, member{key: n.Key, role: "delegate", function: "Delegate", approve: true})
	}
	w.delegation("member_state", "Republic of Everywhere", "جمهورية كل مكان", members...)
	pdf := w.list("language=en&format=pdf")
	t.Logf("List of Participants with the %d names of scripts.tsv: %d KB", len(members), len(pdf)>>10)
	if len(pdf) > 1<<20 {
		t.Errorf("the list is %d KB", len(pdf)>>10)
	}
	text := foldText(pdfText(t, pdf))
	x, err := excelize.OpenReader(bytes.NewReader(w.list("language=en&format=xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("LoP")
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]bool{}
	for _, r := range rows {
		for _, c := range r {
			cells[c] = true
		}
	}
	for _, n := range fixtures.Scripts() {
		if !strings.Contains(text, n.Latin()) {
			t.Errorf("%s: %q missing from the PDF's text", n.Key, n.Latin())
		}
		if !typeset.IsRTL(n.Native) && !strings.Contains(text, foldText(n.Native)) {
			t.Errorf("%s: %q missing from the PDF's text", n.Key, n.Native)
		}
		if !cells[n.Native] || !cells[n.Latin()] {
			t.Errorf("%s: %q or %q missing from the workbook", n.Key, n.Latin(), n.Native)
		}
	}
}
