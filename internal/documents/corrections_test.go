package documents_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func (w *world) page(method, path string, form url.Values) (int, string) {
	w.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	rec := httptest.NewRecorder()
	w.env.App.Echo.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestCorrectionsUntilTheFinalEdition: a focal point sees its approved
// members on the RSVP page and sends corrections, which the Secretariat
// reads, until the final edition is issued.
func TestCorrectionsUntilTheFinalEdition(t *testing.T) {
	w := newWorld(t)
	_, token, _ := w.delegation("member_state", "Republic of Azerbaijan", "جمهورية أذربيجان",
		member{key: "ar-1", role: "head", function: "Minister of Foreign Affairs", approve: true},
		member{key: "kk-1", role: "delegate", function: "Counsellor", approve: false})
	page := "/rsvp/" + token
	code, body := w.page("GET", page+"?lang=ar", nil)
	if code != 200 || !strings.Contains(body, `id="lop"`) || !strings.Contains(body, "عبد العزيز بن عثمان التويجري") ||
		!strings.Contains(body, "وفدكم في قائمة المشاركين") {
		t.Fatalf("RSVP page %d lacks the delegation's entries in the list:\n%s", code, body)
	}
	if i := strings.Index(body, `id="lop"`); strings.Contains(body[i:], "Nurlanuly") {
		t.Errorf("a member who is not approved is shown in the list's section")
	}
	if code, _ := w.page("POST", page+"/list-corrections?lang=en", url.Values{"body": {"  "}}); code != 400 {
		t.Errorf("an empty correction: %d, want 400", code)
	}
	if code, _ := w.page("POST", page+"/list-corrections?lang=en", url.Values{"body": {"Mr \u202eAltwaijri"}}); code != 400 {
		t.Errorf("a correction with a direction control: %d, want 400", code)
	}
	fix := "Please spell the minister's family name Al-Tuwaijri."
	if code, _ := w.page("POST", page+"/list-corrections?lang=en", url.Values{"body": {fix}}); code != http.StatusSeeOther {
		t.Fatalf("send a correction: %d", code)
	}
	if _, body := w.page("GET", page+"?lang=en&done=lop", nil); !strings.Contains(body, "lop-sent") || !strings.Contains(body, "Al-Tuwaijri") {
		t.Errorf("the page does not confirm or show the correction sent")
	}
	api := "/api/v1/rsvp/" + token + "/list-corrections"
	w.must("POST", api, "", map[string]any{"body": ""}, http.StatusBadRequest)
	w.must("POST", api, "", map[string]any{"body": "x", "delegation_id": "someone else's"}, http.StatusBadRequest)
	w.must("POST", api, "", map[string]any{"body": "Her function is Minister of Justice."}, http.StatusCreated)
	if got := w.must("GET", api, "", nil, 200); len(got["items"].([]any)) != 2 || got["open"] != true {
		t.Errorf("the delegation's corrections through its token: %v", got)
	}
	items := w.must("GET", "/api/v1/events/"+w.event+"/documents/participants/corrections", "secretariat", nil, 200)["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["body"] != fix {
		t.Fatalf("corrections the Secretariat reads: %v", items)
	}

	w.must("POST", "/api/v1/events/"+w.event+"/documents/participants/final", "door", nil, http.StatusForbidden)
	ed := w.must("POST", "/api/v1/events/"+w.event+"/documents/participants/final", "secretariat", nil, 200)
	again := w.must("POST", "/api/v1/events/"+w.event+"/documents/participants/final", "admin", nil, 200)
	if ed["final_issued_at"] != again["final_issued_at"] {
		t.Errorf("issuing the final edition again moved it: %v then %v", ed, again)
	}
	if code, body := w.page("POST", page+"/list-corrections?lang=en", url.Values{"body": {"One more"}}); code != http.StatusConflict ||
		!strings.Contains(body, "corrections are closed") {
		t.Errorf("a correction after the final edition: %d", code)
	}
	if _, body := w.page("GET", page+"?lang=en", nil); strings.Contains(body, `name="body"`) || !strings.Contains(body, "lop-closed") {
		t.Errorf("the page still offers the correction form after the final edition")
	}
	w.must("POST", api, "", map[string]any{"body": "Too late"}, http.StatusConflict)
	if got := w.must("GET", api, "", nil, 200); got["open"] != false {
		t.Errorf("corrections still open after the final edition: %v", got)
	}
	items = w.must("GET", "/api/v1/events/"+w.event+"/documents/participants/corrections", "secretariat", nil, 200)["items"].([]any)
	if len(items) != 2 {
		t.Errorf("refused corrections were stored: %d", len(items))
	}
	text := pdfText(t, w.list("language=en&edition=final"))
	if !strings.Contains(text, "Final list of participants") || strings.Contains(text, "Provisional") {
		t.Errorf("the final edition is not marked as final:\n%s", text)
	}
}

// TestFinalEditionIssuedOnceUnderRace: requests issuing the final edition
// at the same moment all succeed and agree on one edition.
func TestFinalEditionIssuedOnceUnderRace(t *testing.T) {
	w := newWorld(t)
	path := "/api/v1/events/" + w.event + "/documents/participants/final"
	const n = 4
	got := make(chan string, n)
	for range n {
		go func() {
			res := w.env.Do("POST", path, "secretariat", nil)
			if res.Status != http.StatusOK {
				got <- "status " + http.StatusText(res.Status)
				return
			}
			var e struct {
				At string `json:"final_issued_at"`
			}
			res.JSON(t, &e)
			got <- e.At
		}()
	}
	first := <-got
	for range n - 1 {
		if at := <-got; at != first || strings.HasPrefix(at, "status") {
			t.Errorf("concurrent issues disagree: %q and %q", first, at)
		}
	}
	var rows int64
	if err := w.env.DB.Table("participant_list_editions").Count(&rows).Error; err != nil || rows != 1 {
		t.Errorf("%d editions stored (%v), want 1", rows, err)
	}
}
