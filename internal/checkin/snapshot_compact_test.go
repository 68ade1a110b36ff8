package checkin_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// compactState is what the door page keeps of compact snapshots: every
// badge version's row, each number's highest version, and the names the
// rows point to, merged page after page as door.js merges them.
type compactState struct {
	cursor      string
	rows        map[[2]int]checkin.CompactBadge
	top         map[int]int
	delegations []string
	categories  []checkin.CompactCategory
	zones       map[string][]string
	bytes       int
}

// pullCompact follows compact pages from the state's cursor until none remain.
func (st *compactState) pullCompact(t *testing.T, env *apptest.Env, eventID string) {
	t.Helper()
	for range 1000 {
		res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?format=compact&event_id="+eventID+"&since="+st.cursor, "device", nil)
		if res.Status != 200 {
			t.Fatalf("compact snapshot: %d %s", res.Status, res.Body)
		}
		var page checkin.CompactSnapshot
		res.JSON(t, &page)
		st.bytes += len(res.Body)
		if page.Full {
			st.rows, st.top, st.delegations, st.categories = map[[2]int]checkin.CompactBadge{}, map[int]int{}, nil, nil
		}
		st.zones = page.Zones
		for _, r := range page.Rows {
			if r.Shown {
				r.Delegation = place(&st.delegations, page.Delegations[r.Delegation], func(a, b string) bool { return a == b })
				if r.Category >= 0 {
					r.Category = place(&st.categories, page.Categories[r.Category], func(a, b checkin.CompactCategory) bool { return a.ID == b.ID })
				}
			}
			st.rows[[2]int{r.Number, r.Version}] = r
			st.top[r.Number] = max(st.top[r.Number], r.Version)
		}
		st.cursor = page.Cursor
		if !page.More {
			return
		}
	}
	t.Fatal("the compact snapshot never ends")
}

func place[T any](list *[]T, v T, same func(a, b T) bool) int {
	if i := slices.IndexFunc(*list, func(x T) bool { return same(x, v) }); i >= 0 {
		(*list)[i] = v
		return i
	}
	*list = append(*list, v)
	return len(*list) - 1
}

// judge is the door page's offline verdict for a badge version entering
// zone (already_inside and the event's days aside).
func (st *compactState) judge(number, version int, zone string) string {
	r, ok := st.rows[[2]int{number, version}]
	switch {
	case !ok:
		return "unknown"
	case r.Status == "revoked" || r.Status == "suspended":
		return "revoked"
	case r.Status == "superseded" || version < st.top[number]:
		return "superseded"
	case !r.Shown || r.Category < 0 || !slices.Contains(st.zones[st.categories[r.Category].ID], zone):
		return "not_valid_here"
	}
	return "ok"
}

// TestCompactSnapshotJudgesAsTheServer pulls the compact snapshot in small
// pages, revokes and reprints badges, catches up incrementally, and then
// judges every badge version offline as the door page does: each verdict is
// the server's for the same code, and each holder is the one the server
// names.
func TestCompactSnapshotJudgesAsTheServer(t *testing.T) {
	old := checkin.SnapshotPage
	checkin.SnapshotPage = 1 // compact pages of 10 rows
	t.Cleanup(func() { checkin.SnapshotPage = old })
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 24, Photos: true})
	st := &compactState{}
	st.pullCompact(t, env, ev.ID)
	if len(st.top) != 24 {
		t.Fatalf("full compact snapshot over pages: %d badges, want 24", len(st.top))
	}
	t.Logf("compact snapshot in pages of 10: %d bytes for 24 badges, without photos", st.bytes)
	codes := map[int]string{}
	for i, b := range ev.Badges {
		codes[b.Number] = ev.Sign(b.Number, b.Version)
		switch i % 4 {
		case 1:
			if r := env.Do(http.MethodPost, "/api/v1/badges/"+b.ID+"/revoke", "admin", map[string]any{"reason": "lost"}); r.Status != 200 {
				t.Fatalf("revoke: %d %s", r.Status, r.Body)
			}
		case 2:
			if r := env.Do(http.MethodPost, "/api/v1/badges/"+b.ID+"/reprint", "admin", map[string]any{"reason": "damaged"}); r.Status/100 != 2 {
				t.Fatalf("reprint: %d %s", r.Status, r.Body)
			}
		}
	}
	st.pullCompact(t, env, ev.ID)
	verdicts := map[string]int{}
	for _, b := range ev.Badges {
		versions := []int{b.Version}
		if st.top[b.Number] > b.Version {
			versions = append(versions, st.top[b.Number])
		}
		for _, v := range versions {
			offline := st.judge(b.Number, v, ev.ZoneID)
			res := env.Do(http.MethodPost, "/api/v1/scans", "device", map[string]any{"code": ev.Sign(b.Number, v),
				"checkpoint_id": ev.CheckpointID, "direction": "in"})
			var online scanAnswer
			res.JSON(t, &online)
			if online.Verdict != offline {
				t.Errorf("badge %d version %d: offline %q, the server %q", b.Number, v, offline, online.Verdict)
			}
			verdicts[offline]++
			if offline == "ok" {
				var server struct{ Holder checkin.Holder }
				res.JSON(t, &server)
				r := st.rows[[2]int{b.Number, v}]
				if r.Name != server.Holder.Name || r.NativeName != server.Holder.NativeName ||
					st.delegations[r.Delegation] != server.Holder.Delegation || !r.Photo {
					t.Errorf("badge %d: compact holder %+v (%s), the server's %+v", b.Number, r, st.delegations[r.Delegation], server.Holder)
				}
			}
		}
	}
	if verdicts["ok"] == 0 || verdicts["revoked"] != 6 || verdicts["superseded"] != 6 {
		t.Errorf("verdicts %v: want some ok, 6 revoked and 6 superseded", verdicts)
	}
	thumbs := env.Do(http.MethodGet, "/api/v1/scanner/thumbs?event_id="+ev.ID+"&numbers=1,2,3,4", "device", nil)
	var got struct{ Items []checkin.Thumb }
	thumbs.JSON(t, &got)
	var numbers []string
	for _, th := range got.Items {
		if th.Version != st.top[th.Number] || th.Photo == "" {
			t.Errorf("thumbnail of badge %d version %d, the snapshot's latest is %d", th.Number, th.Version, st.top[th.Number])
		}
		numbers = append(numbers, strconv.Itoa(th.Number))
	}
	// Badge 2 is revoked: the door shows no holder, so no photo either.
	if strings.Join(numbers, ",") != "1,3,4" {
		t.Errorf("thumbnails of badges %v, want 1, 3 and 4", numbers)
	}
}

// TestCompactSnapshotIsSmall checks the form's size against the full one's
// for the same badges without photos, and that gzip is offered.
func TestCompactSnapshotIsSmall(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 200})
	full := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID, "device", nil)
	compact := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?format=compact&event_id="+ev.ID, "device", nil)
	var snap checkin.CompactSnapshot
	compact.JSON(t, &snap)
	if len(snap.Rows) != 200 {
		t.Fatalf("%d rows, want 200", len(snap.Rows))
	}
	var rows []json.RawMessage
	var whole struct{ Rows json.RawMessage }
	compact.JSON(t, &whole)
	if err := json.Unmarshal(whole.Rows, &rows); err != nil {
		t.Fatal(err)
	}
	perBadge := len(whole.Rows) / 200
	t.Logf("full %d bytes, compact %d bytes (rows %d a badge)", len(full.Body), len(compact.Body), perBadge)
	if perBadge > 100 || len(compact.Body)*2 > len(full.Body) {
		t.Errorf("compact rows take %d bytes a badge (want at most 100), %d in all against %d for the full form",
			perBadge, len(compact.Body), len(full.Body))
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/scanner/snapshot?format=compact&event_id="+ev.ID, nil)
	req.Header.Set("Authorization", "Bearer "+env.Tokens["device"])
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	env.App.Echo.ServeHTTP(rec, req)
	zipped := rec.Body.Len()
	zr, err := gzip.NewReader(rec.Body)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || err != nil {
		t.Fatalf("with Accept-Encoding gzip: %d, Content-Encoding %q (%v)", rec.Code, rec.Header().Get("Content-Encoding"), err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, compact.Body) {
		t.Errorf("the gzipped snapshot is not the same snapshot (%v)", err)
	}
	t.Logf("compact %d bytes, gzipped %d", len(compact.Body), zipped)
}

// TestSnapshotRefusesCursorsAndPhotosNotItsOwn: a cursor another event
// gave, one ahead of every change, a form that does not exist, photos of
// another event's badges and too many numbers at once are refused, each
// with its field named.
func TestSnapshotRefusesCursorsAndPhotosNotItsOwn(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3})
	other := seed(t, env, checkintest.Options{Badges: 2})
	theirs := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+other.ID, "admin", nil)
	var otherSnap checkin.CompactSnapshot
	theirs.JSON(t, &otherSnap)
	ours := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?format=compact&event_id="+ev.ID, "device", nil)
	var snap checkin.CompactSnapshot
	ours.JSON(t, &snap)
	seq, _, _ := strings.Cut(strings.TrimPrefix(snap.Cursor, "s"), "e")
	n, _ := strconv.Atoi(seq)
	for _, c := range []struct{ name, path string }{
		{"another event's cursor", "/api/v1/scanner/snapshot?format=compact&event_id=" + ev.ID + "&since=" + otherSnap.Cursor},
		{"a cursor from the future", "/api/v1/scanner/snapshot?event_id=" + ev.ID + "&since=" + fmt.Sprintf("s%de%d", n+1000, ev.Number)},
		{"an untagged cursor from the future", "/api/v1/scanner/snapshot?event_id=" + ev.ID + "&since=" + fmt.Sprintf("s%d", n+1000)},
		{"a malformed cursor", "/api/v1/scanner/snapshot?event_id=" + ev.ID + "&since=s12ex"},
		{"an unknown form", "/api/v1/scanner/snapshot?format=tiny&event_id=" + ev.ID},
		{"no numbers", "/api/v1/scanner/thumbs?event_id=" + ev.ID + "&numbers="},
		{"a number that is not one", "/api/v1/scanner/thumbs?event_id=" + ev.ID + "&numbers=1,x"},
		{"too many numbers", "/api/v1/scanner/thumbs?event_id=" + ev.ID + "&numbers=" + strings.Repeat("1,", checkin.MaxThumbs) + "1"},
	} {
		if r := env.Do(http.MethodGet, c.path, "device", nil); r.Status != 400 {
			t.Errorf("%s: %d %s, want 400", c.name, r.Status, r.Body)
		}
	}
	if r := env.Do(http.MethodGet, "/api/v1/scanner/thumbs?event_id="+other.ID+"&numbers=1", "device", nil); r.Status != 404 {
		t.Errorf("another event's photos: %d %s, want 404", r.Status, r.Body)
	}
	if r := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?format=compact&event_id="+ev.ID+"&since="+snap.Cursor, "device", nil); r.Status != 200 {
		t.Errorf("its own cursor: %d %s", r.Status, r.Body)
	}
}
