package checkin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// notText are codes a crafted QR symbol or a broken reader may send, as the
// JSON text of the code's value.
var notText = map[string]string{
	"NUL":                `"AC1:\u0000"`,
	"a NUL alone":        `"\u0000"`,
	"escape":             `"AC1:\u001b[2J"`,
	"line feed":          `"AC1:\nX"`,
	"right-to-left":      `"AC1:\u202eX"`,
	"unpaired surrogate": `"AC1:\ud800X"`,
	"invalid UTF-8":      "\"AC1:\xff\xfeX\"",
}

// TestCodeThatIsNotTextIsUnreadable: a scanned code that is not text is
// judged unreadable and recorded as such (by its hash, without the code),
// never a 500 and never a 400.
func TestCodeThatIsNotTextIsUnreadable(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 1})
	before := countRows(t, env, "scans")
	for name, code := range notText {
		t.Run(name, func(t *testing.T) {
			res := env.Do(http.MethodPost, "/api/v1/scans", "device",
				`{"checkpoint_id":"`+ev.CheckpointID+`","code":`+code+`}`)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", res.Status, res.Body)
			}
			var a scanAnswer
			res.JSON(t, &a)
			if a.Verdict != checkin.Unreadable || a.Holder != nil || a.Badge != nil {
				t.Errorf("answer %+v, want unreadable with no holder", a)
			}
		})
	}
	if got := countRows(t, env, "scans"); got != before+int64(len(notText)) {
		t.Errorf("%d scans recorded, want %d", got-before, len(notText))
	}
	var kept int64
	env.DB.Table("scans").Where("verdict = ? AND code IS NOT NULL", checkin.Unreadable).Count(&kept)
	if kept != 0 {
		t.Errorf("%d codes that are not text kept in the record, want none", kept)
	}
}

// TestBatchAnswersEachItemOnItsOwn: in an offline upload a code that is not
// text is one unreadable scan among the others; every item is answered and
// stored, and uploading again answers each from what was stored.
func TestBatchAnswersEachItemOnItsOwn(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 2, StartDays: -1, Days: 3})
	at := env.Now().Add(-time.Minute).Format(time.RFC3339)
	item := func(code string) string {
		return `{"scan_id":"` + uuid.NewString() + `","checkpoint_id":"` + ev.CheckpointID + `","scanned_at":"` + at +
			`","device_verdict":"ok","code":` + code + `}`
	}
	items := []string{item(`"` + ev.Badges[0].Code + `"`)}
	for _, code := range []string{notText["NUL"], notText["unpaired surrogate"], notText["invalid UTF-8"]} {
		items = append(items, item(code))
	}
	items = append(items, item(`"`+ev.Badges[1].Code+`"`),
		`{"scan_id":"`+uuid.NewString()+`","checkpoint_id":"`+ev.CheckpointID+`\u0000","scanned_at":"`+at+`","device_verdict":"ok","code":"x"}`)
	body := `{"scans":[` + strings.Join(items, ",") + `]}`
	before := countRows(t, env, "scans")
	want := []string{checkin.OK, checkin.Unreadable, checkin.Unreadable, checkin.Unreadable, checkin.OK, ""}
	for round, dup := range []bool{false, true} {
		res := env.Do(http.MethodPost, "/api/v1/scans/batch", "device", body)
		if res.Status != http.StatusOK {
			t.Fatalf("upload %d: %d %s", round+1, res.Status, res.Body)
		}
		var out struct{ Results []checkin.BatchResult }
		res.JSON(t, &out)
		if len(out.Results) != len(want) {
			t.Fatalf("upload %d: %d results, want %d", round+1, len(out.Results), len(want))
		}
		for i, w := range want {
			r := out.Results[i]
			switch {
			case w == "" && (r.Error == nil || r.Verdict != nil || !strings.Contains(*r.Error, "checkpoint_id")):
				t.Errorf("upload %d item %d: %+v, want an error naming checkpoint_id", round+1, i, r)
			case w != "" && (r.Verdict == nil || *r.Verdict != w || r.Duplicate != dup || r.Error != nil):
				t.Errorf("upload %d item %d: %+v, want %s, duplicate %v", round+1, i, r, w, dup)
			}
		}
		if got := countRows(t, env, "scans"); got != before+5 {
			t.Errorf("after upload %d: %d scans stored, want the 5 answered with a verdict", round+1, got-before)
		}
	}
}
