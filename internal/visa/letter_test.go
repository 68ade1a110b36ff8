package visa_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/database"
	"accreditation/internal/testkit"
)

func TestVisaLetterInEnglishAndTheChosenLanguage(t *testing.T) {
	bothDatabases(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		letter := "/api/v1/participants/" + f.MemberID + "/visa-letter"
		// Not yet approved, then approved without passport details: refused.
		if r := f.Do("POST", letter, "secretariat", nil); r.Status != 409 || !bytes.Contains(r.Body, []byte("not-approved")) {
			t.Errorf("not approved: %d %s", r.Status, r.Body)
		}
		f.mustDo("POST", "/api/v1/participants/"+f.MemberID+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}, 200)
		if r := f.Do("POST", letter, "secretariat", nil); r.Status != 409 || !bytes.Contains(r.Body, []byte("no-passport")) {
			t.Errorf("no passport details: %d %s", r.Status, r.Body)
		}
		for _, role := range []string{"door", ""} {
			if r := f.Do("POST", letter, role, nil); r.Status != 401 && r.Status != 403 {
				t.Errorf("as %q: %d", role, r.Status)
			}
		}
		if r := f.Do("POST", "/api/v1/participants/00000000-0000-4000-8000-000000000000/visa-letter", "secretariat", nil); r.Status != 404 {
			t.Errorf("an unknown participant: %d", r.Status)
		}
		f.mustDo("PUT", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", passport, 200)
		r := f.Do("POST", letter, "secretariat", nil)
		if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("%PDF")) {
			t.Fatalf("letter: %d %.200s", r.Status, r.Body)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		text := pdfText(t, r.Body)
		english, arabic, found := strings.Cut(text, "\f")
		english, arabic = oneLine(english), oneLine(arabic)
		if !found {
			t.Fatalf("one page only: %s", text)
		}
		for _, want := range []string{"Subject: visa support for", f.Name.Given, f.Name.Family, "AZ1234567", "Ganja",
			"Consulate General of the Republic of Azerbaijan in Istanbul", "On behalf of the organisers", "Yury Fedotov",
			"عبد العزيز بن عثمان التويجري", "Abdulaziz Othman Altwaijri", "Executive Director", "Director-General", "Republic of Azerbaijan",
			"Ministerial Conference", "18–19 March 2040", "30 June 2045", "12 April 1961"} {
			if !strings.Contains(english, want) {
				t.Errorf("the English letter lacks %q:\n%s", want, english)
			}
		}
		for _, want := range []string{"الموضوع", "عن الجهات المنظمة", "جمهورية أذربيجان", "المؤتمر الوزاري", "AZ1234567",
			"رقم جواز السفر", "Yury Fedotov", "Consulate General of the Republic of Azerbaijan in Istanbul"} {
			if !strings.Contains(arabic, want) {
				t.Errorf("the Arabic letter lacks %q:\n%s", want, arabic)
			}
		}
		// Nationality and issuing country print as the country's name in
		// the letter's language, never as the ISO code.
		for lang, letter := range map[string]string{"en": english, "ar": arabic} {
			if slices.Contains(strings.Fields(letter), "AZ") {
				t.Errorf("the %s letter prints a country code:\n%s", lang, letter)
			}
		}
		if n := strings.Count(english, "Azerbaijan") - strings.Count(english, "Republic of Azerbaijan"); n != 2 {
			t.Errorf("the English letter names the country %d times outside the delegation, want nationality and issuing country:\n%s", n, english)
		}
		if n := strings.Count(arabic, "أذربيجان") - strings.Count(arabic, "جمهورية أذربيجان"); n != 2 {
			t.Errorf("the Arabic letter names the country %d times outside the delegation:\n%s", n, arabic)
		}
		var n int64
		must(t, f.DB.Table("audit_log").Where("entity = ? AND action = ?", "passport", "visa_letter").Count(&n).Error)
		if n != 1 {
			t.Errorf("%d audit entries of the letter", n)
		}
		if dir := os.Getenv("VISA_LETTER_DIR"); dir != "" {
			must(t, os.WriteFile(filepath.Join(dir, "visa-letter.pdf"), r.Body, 0o644))
		}
		// A participant who chose English gets one letter, in English.
		f.mustDo("PUT", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", with(map[string]any{"letter_language": "en"}), 200)
		if text := pdfText(t, f.Do("POST", letter, "secretariat", nil).Body); strings.Count(strings.TrimRight(text, "\f"), "\f") != 0 {
			t.Errorf("an English letter of more than one page:\n%s", text)
		}
		// Rejected after approval: no letter.
		f.mustDo("POST", "/api/v1/participants/"+f.MemberID+"/reject", "secretariat", map[string]string{"reason": "Not accredited"}, 200)
		if r := f.Do("POST", letter, "secretariat", nil); r.Status != 409 {
			t.Errorf("rejected: %d", r.Status)
		}
	})
}

// oneLine is s with every run of white space one space, so that a phrase
// wrapped across lines is found.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// pdfText is the text of a PDF as pdftotext reads it, pages separated by
// form feeds.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testkit.NeedTool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "letter.pdf")
	must(t, os.WriteFile(path, pdf, 0o644))
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	must(t, err)
	// Arabic comes back in presentation forms, within embedding marks.
	return strings.NewReplacer("\u202b", "", "\u202c", "").Replace(norm.NFKC.String(string(out)))
}

// TestVisaLetterNamesSignatoriesInItsLanguage: a signatory's name given in
// Arabic is what the Arabic page prints under the signature; the English
// page keeps the name in Latin letters.
func TestVisaLetterNamesSignatoriesInItsLanguage(t *testing.T) {
	f := newFixture(t, database.OpenTestSQLite(t))
	f.mustDo("POST", "/api/v1/participants/"+f.MemberID+"/approve", "secretariat", map[string]string{"category_id": f.CategoryID}, 200)
	f.mustDo("PUT", "/api/v1/participants/"+f.MemberID+"/passport", "secretariat", passport, 200)
	sigs := f.mustDo("GET", "/api/v1/events/"+f.EventID+"/signatories", "secretariat", nil, 200)["items"].([]any)
	first := sigs[0].(map[string]any)
	if first["name"] != "Yury Fedotov" {
		t.Fatalf("first signatory %v", first)
	}
	f.mustDo("PATCH", "/api/v1/events/"+f.EventID+"/signatories/"+first["id"].(string), "secretariat",
		map[string]any{"names": map[string]string{"ar": "يوري فيدوتوف"}}, 200)
	english, arabic, _ := strings.Cut(pdfText(t, f.Do("POST", "/api/v1/participants/"+f.MemberID+"/visa-letter", "secretariat", nil).Body), "\f")
	if !strings.Contains(english, "Yury Fedotov") || strings.Contains(english, "يوري فيدوتوف") {
		t.Errorf("the English page does not sign as Yury Fedotov:\n%s", english)
	}
	if !strings.Contains(oneLine(arabic), "يوري فيدوتوف") || strings.Contains(arabic, "Yury Fedotov") {
		t.Errorf("the Arabic page does not sign as يوري فيدوتوف:\n%s", arabic)
	}
}
