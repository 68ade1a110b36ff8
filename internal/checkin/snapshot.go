package checkin

import (
	"context"
	"strconv"
	"strings"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/badges"
)

// snapshotOverlap is how far back an incremental snapshot reaches before its
// cursor, so that a badge change committed late with an earlier updated_at
// is still sent. Devices upsert by (number, version), so repeats are harmless.
const snapshotOverlap = 10 * time.Second

// Snapshot is what a scanner needs to judge alone: the event's days, its
// public keys, zone rules and checkpoints, and its badges (every version with
// its status; the holder only for active badges).
type Snapshot struct {
	Cursor      string              `json:"cursor"`
	Full        bool                `json:"full"`
	Event       eventRow            `json:"event"`
	Keys        []SnapshotKey       `json:"keys"`
	Zones       map[string][]string `json:"zones"`
	Checkpoints []CheckpointView    `json:"checkpoints"`
	Badges      []SnapshotBadge     `json:"badges"`
}

// SnapshotKey is one public key, unpadded base64url.
type SnapshotKey struct {
	KeyID     int    `json:"key_id"`
	PublicKey string `json:"public_key"`
}

// SnapshotBadge is one badge version as a scanner keeps it.
type SnapshotBadge struct {
	Number  int     `json:"number"`
	Version int     `json:"version"`
	Status  string  `json:"status"`
	Holder  *Holder `json:"holder"`
}

// Snapshot returns an event's scanner snapshot: everything when since is
// empty, else the badges changed since the cursor of an earlier snapshot
// (keys, zone rules and checkpoints are always whole; they are small). The
// cursor is the badges' updated_at until the badges package publishes a
// change sequence. Errors: Invalid (bad cursor), NotFound (no event).
func (s *Service) Snapshot(ctx context.Context, eventID, since string) (Snapshot, error) {
	var from time.Time
	if since != "" {
		us, err := strconv.ParseInt(strings.TrimPrefix(since, "u"), 10, 64)
		if err != nil || !strings.HasPrefix(since, "u") {
			return Snapshot{}, apperr.Fields(apperr.Field("since", "must be the cursor of an earlier snapshot"))
		}
		from = time.UnixMicro(us).UTC().Add(-snapshotOverlap)
	}
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{Full: since == "", Event: ev, Keys: []SnapshotKey{}, Zones: map[string][]string{}, Badges: []SnapshotBadge{}}
	keys, err := s.store.eventKeys(ctx, eventID)
	if err != nil {
		return Snapshot{}, err
	}
	for _, k := range keys {
		snap.Keys = append(snap.Keys, SnapshotKey{KeyID: k.KeyID, PublicKey: badges.EncodePublicKey(k.PublicKey)})
	}
	cats, err := s.store.categoryZones(ctx, eventID)
	if err != nil {
		return Snapshot{}, err
	}
	for c, zs := range cats {
		for z := range zs {
			snap.Zones[c] = append(snap.Zones[c], z)
		}
	}
	if snap.Checkpoints, err = s.store.eventCheckpoints(ctx, eventID); err != nil {
		return Snapshot{}, err
	}
	rows, err := s.store.changedBadges(ctx, eventID, from)
	if err != nil {
		return Snapshot{}, err
	}
	cursor := from.Add(snapshotOverlap)
	lang := actor.From(ctx).Language
	for i := range rows {
		b := SnapshotBadge{Number: rows[i].Number, Version: rows[i].Version, Status: rows[i].Status}
		if b.Status == badges.Active {
			b.Holder = holderOf(&rows[i], lang)
		}
		snap.Badges = append(snap.Badges, b)
		if rows[i].UpdatedAt.After(cursor) {
			cursor = rows[i].UpdatedAt
		}
	}
	snap.Cursor = "u" + strconv.FormatInt(cursor.UnixMicro(), 10)
	return snap, nil
}

// Checkpoints lists an event's checkpoints for a scanner to choose from, or
// with no eventID those of every current or coming event. Errors: NotFound
// (no event).
func (s *Service) Checkpoints(ctx context.Context, eventID string) ([]CheckpointView, error) {
	if eventID == "" {
		return s.store.allCheckpoints(ctx, s.now().Add(-24*time.Hour).Format(time.DateOnly))
	}
	if err := s.store.eventExists(ctx, eventID); err != nil {
		return nil, err
	}
	return s.store.eventCheckpoints(ctx, eventID)
}
