package checkin_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/jpeg"
	"net/http"
	"sync"
	"testing"

	"accreditation/internal/app/apptest"
	"accreditation/internal/checkin"
	"accreditation/internal/checkin/checkintest"
)

// pull follows a snapshot's pages from cursor until no more remain, and
// returns the last status seen per badge number and the final cursor.
func pull(t *testing.T, env *apptest.Env, eventID, cursor string, seen map[int]string) string {
	t.Helper()
	for range 1000 {
		res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+eventID+"&since="+cursor, "device", nil)
		var snap checkin.Snapshot
		res.JSON(t, &snap)
		if res.Status != 200 {
			t.Fatalf("snapshot: %d %s", res.Status, res.Body)
		}
		for _, b := range snap.Badges {
			seen[b.Number] = b.Status
		}
		cursor = snap.Cursor
		if !snap.More {
			return cursor
		}
	}
	t.Fatal("the snapshot never ends")
	return ""
}

// TestSnapshotMissesNoChange revokes badges through the badges API while a
// scanner keeps pulling small incremental pages: once the changes are over
// and the scanner has caught up, it has seen every revocation, and a page
// boundary never splits a badge number's versions from its change.
func TestSnapshotMissesNoChange(t *testing.T) {
	old := checkin.SnapshotPage
	checkin.SnapshotPage = 3
	t.Cleanup(func() { checkin.SnapshotPage = old })
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 40})
	seen := map[int]string{}
	cursor := pull(t, env, ev.ID, "", seen)
	if len(seen) != 40 {
		t.Fatalf("full snapshot over pages: %d badges, want 40", len(seen))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 40; i += 8 { // badges 1, 5, 9 … of each worker's share: half of them
				r := env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[i].ID+"/revoke", "admin", map[string]any{"reason": "test"})
				if r.Status != 200 {
					t.Errorf("revoke %d: %d %s", i+1, r.Status, r.Body)
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		cursor = pull(t, env, ev.ID, cursor, seen)
	}
	cursor = pull(t, env, ev.ID, cursor, seen)
	for i := range 40 {
		want := "active"
		if i%8 < 4 {
			want = "revoked"
		}
		if seen[i+1] != want {
			t.Errorf("badge %d: scanner has %q, want %q", i+1, seen[i+1], want)
		}
	}
	res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID+"&since="+cursor, "device", nil)
	var last checkin.Snapshot
	res.JSON(t, &last)
	if len(last.Badges) != 0 || last.More || last.Cursor != cursor {
		t.Errorf("caught up, yet the snapshot sends %d badges (more %v, cursor %s → %s)", len(last.Badges), last.More, cursor, last.Cursor)
	}
}

// TestSnapshotPhotos checks that each active badge carries its holder's
// photo as a 96×128 JPEG thumbnail, made once and then read from the
// database.
func TestSnapshotPhotos(t *testing.T) {
	env := apptest.New(t)
	ev := seed(t, env, checkintest.Options{Badges: 3, Photos: true})
	get := func() checkin.Snapshot {
		res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID, "device", nil)
		var snap checkin.Snapshot
		res.JSON(t, &snap)
		if res.Status != 200 || len(snap.Badges) != 3 {
			t.Fatalf("snapshot: %d %.300s", res.Status, res.Body)
		}
		return snap
	}
	snap := get()
	for _, b := range snap.Badges {
		if b.Photo == nil {
			t.Fatalf("badge %d has no photo", b.Number)
		}
		raw, err := base64.StdEncoding.DecodeString(*b.Photo)
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("badge %d photo: %v", b.Number, err)
		}
		if sz := img.Bounds().Size(); sz.X != checkin.ThumbWidth || sz.Y != checkin.ThumbHeight || len(raw) > 8<<10 {
			t.Errorf("thumbnail %v, %d bytes; want %dx%d, a few KB", sz, len(raw), checkin.ThumbWidth, checkin.ThumbHeight)
		}
	}
	var made []string
	env.DB.Raw(`SELECT CAST(created_at AS TEXT) FROM photo_thumbs ORDER BY photo_id`).Scan(&made)
	if len(made) != 3 {
		t.Fatalf("%d thumbnails stored, want 3", len(made))
	}
	env.DB.Exec(`UPDATE photo_thumbs SET data = ?`, []byte("stored"))
	again := get()
	for _, b := range again.Badges {
		if b.Photo == nil || *b.Photo != base64.StdEncoding.EncodeToString([]byte("stored")) {
			t.Errorf("badge %d: the thumbnail was made again instead of read", b.Number)
		}
	}
	if r := env.Do(http.MethodPost, "/api/v1/badges/"+ev.Badges[0].ID+"/revoke", "admin", map[string]any{"reason": "lost"}); r.Status != 200 {
		t.Fatalf("revoke: %d", r.Status)
	}
	res := env.Do(http.MethodGet, "/api/v1/scanner/snapshot?event_id="+ev.ID+"&since="+again.Cursor, "device", nil)
	var inc checkin.Snapshot
	res.JSON(t, &inc)
	if len(inc.Badges) != 1 || inc.Badges[0].Status != "revoked" || inc.Badges[0].Photo != nil || inc.Badges[0].Holder != nil {
		t.Errorf("after a revoke: %s", fmt.Sprint(inc.Badges))
	}
}
