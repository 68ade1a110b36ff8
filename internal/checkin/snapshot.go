package checkin

import (
	"context"
	"encoding/base64"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/badges"
)

// SnapshotPage is the most badge rows one snapshot answer carries (a little
// more when the last change sequence of a page is shared by several rows);
// with More set the scanner asks again with the cursor.
var SnapshotPage = 2000

// Snapshot is what a scanner needs to judge alone: the event's days, its
// public keys, zone rules and checkpoints, and its badges (every version with
// its status; the holder and a photo thumbnail only for active badges).
type Snapshot struct {
	Cursor      string              `json:"cursor"`
	Full        bool                `json:"full"`
	More        bool                `json:"more"`
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

// SnapshotBadge is one badge version as a scanner keeps it. Photo is the
// holder's photo as a ThumbWidth×ThumbHeight JPEG, standard base64.
type SnapshotBadge struct {
	Number  int     `json:"number"`
	Version int     `json:"version"`
	Status  string  `json:"status"`
	Holder  *Holder `json:"holder"`
	Photo   *string `json:"photo"`
}

// parseCursor reads a snapshot cursor: "s<change_seq>". An empty cursor, or
// one of the earlier "u<time>" form, asks for everything (-1).
func parseCursor(since string) (int64, error) {
	if since == "" || strings.HasPrefix(since, "u") {
		if _, err := strconv.ParseInt(strings.TrimPrefix(since, "u"), 10, 64); since != "" && err != nil {
			return 0, apperr.Fields(apperr.Field("since", "must be the cursor of an earlier snapshot"))
		}
		return -1, nil
	}
	seq, err := strconv.ParseInt(strings.TrimPrefix(since, "s"), 10, 64)
	if err != nil || !strings.HasPrefix(since, "s") || seq < 0 {
		return 0, apperr.Fields(apperr.Field("since", "must be the cursor of an earlier snapshot"))
	}
	return seq, nil
}

// Snapshot returns an event's scanner snapshot: every badge when since is
// empty, else the badge rows changed since the cursor of an earlier snapshot,
// by the badges' change sequence (numbered with the event row locked, so a
// change committed later always has a higher number and none is skipped).
// At most about SnapshotPage badges come at once; More says to ask again
// with the cursor. Keys, zone rules and checkpoints are always whole (they
// are small). Errors: Invalid (bad cursor), NotFound (no event).
func (s *Service) Snapshot(ctx context.Context, eventID, since string) (Snapshot, error) {
	from, err := parseCursor(since)
	if err != nil {
		return Snapshot{}, err
	}
	if err := reachEvent(ctx, eventID); err != nil {
		return Snapshot{}, err
	}
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{Full: from < 0, Event: ev, Keys: []SnapshotKey{}, Zones: map[string][]string{}, Badges: []SnapshotBadge{}}
	if err := s.snapshotRules(ctx, &snap); err != nil {
		return Snapshot{}, err
	}
	rows, more, err := s.store.changedBadges(ctx, eventID, from, SnapshotPage)
	if err != nil {
		return Snapshot{}, err
	}
	thumbs, err := s.thumbs(ctx, rows)
	if err != nil {
		return Snapshot{}, err
	}
	cursor := max(from, 0)
	lang := actor.From(ctx).Language
	for i := range rows {
		b := SnapshotBadge{Number: rows[i].Number, Version: rows[i].Version, Status: rows[i].Status}
		if rows[i].shown() {
			b.Holder = holderOf(&rows[i], lang)
			if rows[i].PhotoID != nil {
				if t, ok := thumbs[*rows[i].PhotoID]; ok {
					b.Photo = &t
				}
			}
		}
		snap.Badges = append(snap.Badges, b)
		cursor = max(cursor, rows[i].ChangeSeq)
	}
	snap.More = more
	snap.Cursor = "s" + strconv.FormatInt(cursor, 10)
	return snap, nil
}

// snapshotRules fills in the keys, zone rules and checkpoints.
func (s *Service) snapshotRules(ctx context.Context, snap *Snapshot) error {
	keys, err := s.store.eventKeys(ctx, snap.Event.ID)
	if err != nil {
		return err
	}
	for _, k := range keys {
		snap.Keys = append(snap.Keys, SnapshotKey{KeyID: k.KeyID, PublicKey: badges.EncodePublicKey(k.PublicKey)})
	}
	cats, err := s.store.categoryZones(ctx, snap.Event.ID)
	if err != nil {
		return err
	}
	for c, zs := range cats {
		for z := range zs {
			snap.Zones[c] = append(snap.Zones[c], z)
		}
	}
	snap.Checkpoints, err = s.store.eventCheckpoints(ctx, snap.Event.ID)
	return err
}

// thumbs returns the base64 thumbnails of the active badges' photos by photo
// id, making and storing those not made yet. A photo that cannot be decoded
// gets none (the door falls back to photo_url online).
func (s *Service) thumbs(ctx context.Context, rows []badgeRow) (map[string]string, error) {
	var ids []string
	for _, r := range rows {
		if r.shown() && r.PhotoID != nil {
			ids = append(ids, *r.PhotoID)
		}
	}
	if len(ids) == 0 {
		return map[string]string{}, nil
	}
	have, err := s.store.thumbs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		data, ok := have[id]
		if !ok {
			ct, photo, err := s.store.photo(ctx, id)
			if apperr.Is(err, apperr.NotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if data, err = thumbnail(photo); err != nil {
				slog.WarnContext(ctx, "photo thumbnail failed", "photo_id", id, "content_type", ct, "error", err)
				continue
			}
			if err := s.store.saveThumb(ctx, id, data, s.now()); err != nil {
				return nil, err
			}
			have[id] = data
		}
		out[id] = base64.StdEncoding.EncodeToString(data)
	}
	return out, nil
}

// Checkpoints lists an event's checkpoints for a scanner to choose from, or
// with no eventID those of every current or coming event (for a device, those
// of its events). Errors: NotFound (no event, or one the device does not
// scan for), Forbidden (a device of no event).
func (s *Service) Checkpoints(ctx context.Context, eventID string) ([]CheckpointView, error) {
	if a := actor.From(ctx); eventID == "" && a.Kind == actor.Device {
		var out []CheckpointView
		for _, ev := range a.Events {
			cps, err := s.store.eventCheckpoints(ctx, ev)
			if err != nil {
				return nil, err
			}
			out = append(out, cps...)
		}
		if out == nil {
			return nil, auth.DeviceOutside(a, "event")
		}
		return out, nil
	}
	if err := reachEvent(ctx, eventID); err != nil {
		return nil, err
	}
	if eventID == "" {
		return s.store.allCheckpoints(ctx, s.now().Add(-24*time.Hour).Format(time.DateOnly))
	}
	if err := s.store.eventExists(ctx, eventID); err != nil {
		return nil, err
	}
	return s.store.eventCheckpoints(ctx, eventID)
}
