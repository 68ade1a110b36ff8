package event_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"accreditation/internal/app/apptest"
)

// TestCheckpointKeepsItsZoneOnceScanned: a checkpoint moves to another
// zone freely until a scan is recorded there; then the move is a 409 that
// says how many scans hold it, and a new checkpoint is the way.
func TestCheckpointKeepsItsZoneOnceScanned(t *testing.T) {
	env := apptest.New(t)
	id := createEvent(t, env, "Doors")["id"].(string)
	base := "/api/v1/events/" + id
	plenary := create(t, env, base+"/zones", map[string]any{"code": "plenary", "names": map[string]string{"en": "Plenary hall"}})
	press := create(t, env, base+"/zones", map[string]any{"code": "press", "names": map[string]string{"en": "Press area"}})
	door := create(t, env, base+"/checkpoints", map[string]any{"name": "North door", "zone_id": plenary})
	mustStatus(t, env.Do("PATCH", base+"/checkpoints/"+door, "secretariat", map[string]any{"zone_id": press}), http.StatusOK)
	mustStatus(t, env.Do("PATCH", base+"/checkpoints/"+door, "secretariat", map[string]any{"zone_id": plenary}), http.StatusOK)

	now := env.Now()
	if err := env.DB.Exec(`INSERT INTO scans (scan_id, event_id, checkpoint_id, zone_id, direction, code_hash, verdict,
		scanned_at, received_at, fingerprint) VALUES (?, ?, ?, ?, 'in', 'h', 'ok', ?, ?, 'f')`,
		uuid.NewString(), id, door, plenary, now, now).Error; err != nil {
		t.Fatal(err)
	}
	audits := totalAudit(t, env)
	res := env.Do("PATCH", base+"/checkpoints/"+door, "secretariat", map[string]any{"zone_id": press})
	if p := res.Map(t); res.Status != http.StatusConflict || p["scans"] != float64(1) || !strings.Contains(p["detail"].(string), "1 scans") {
		t.Errorf("move a scanned checkpoint: %d %s", res.Status, res.Body)
	}
	if got := items(t, env, base+"/checkpoints", "secretariat"); len(got) != 1 || got[0]["zone_id"] != plenary || totalAudit(t, env) != audits {
		t.Errorf("after the refusal: %v", got)
	}
	// Its name may still change.
	mustStatus(t, env.Do("PATCH", base+"/checkpoints/"+door, "secretariat", map[string]any{"name": "North door (main)"}), http.StatusOK)
}
