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

// CompactPages is how many times SnapshotPage badge rows a page of the
// compact snapshot carries: without photos a row is a few tens of bytes, and
// fewer, larger pages make a first sync faster.
const CompactPages = 10

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

// parseCursor reads a snapshot cursor: "s<change_seq>e<event number>" (the
// earlier "s<change_seq>" is still read). An empty cursor, or one of the
// earlier "u<time>" form, asks for everything (-1). A cursor another event
// gave is refused.
func parseCursor(since string, event int64) (int64, error) {
	bad := apperr.Fields(apperr.Field("since", "must be the cursor of an earlier snapshot"))
	if since == "" || strings.HasPrefix(since, "u") {
		if _, err := strconv.ParseInt(strings.TrimPrefix(since, "u"), 10, 64); since != "" && err != nil {
			return 0, bad
		}
		return -1, nil
	}
	seqText, evText, tagged := strings.Cut(strings.TrimPrefix(since, "s"), "e")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if err != nil || !strings.HasPrefix(since, "s") || seq < 0 {
		return 0, bad
	}
	if tagged {
		n, err := strconv.ParseInt(evText, 10, 64)
		if err != nil {
			return 0, bad
		}
		if n != event {
			return 0, apperr.Fields(apperr.Field("since", "is the cursor of another event's snapshot: start again without it"))
		}
	}
	return seq, nil
}

// formatCursor writes the cursor parseCursor reads.
func formatCursor(seq, event int64) string {
	return "s" + strconv.FormatInt(seq, 10) + "e" + strconv.FormatInt(event, 10)
}

// Snapshot returns an event's scanner snapshot: every badge when since is
// empty, else the badge rows changed since the cursor of an earlier snapshot,
// by the badges' change sequence (numbered with the event row locked, so a
// change committed later always has a higher number and none is skipped).
// At most about SnapshotPage badges come at once; More says to ask again
// with the cursor. Keys, zone rules and checkpoints are always whole (they
// are small). Errors: Invalid (bad cursor), NotFound (no event).
func (s *Service) Snapshot(ctx context.Context, eventID, since string) (Snapshot, error) {
	snap, rows, err := s.snapshotPage(ctx, eventID, since, SnapshotPage)
	if err != nil {
		return Snapshot{}, err
	}
	thumbs, err := s.thumbs(ctx, rows)
	if err != nil {
		return Snapshot{}, err
	}
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
	}
	return snap, nil
}

// snapshotPage reads what every form of the snapshot carries: the event,
// its rules and the cursor after the page of about limit badge rows it
// returns.
func (s *Service) snapshotPage(ctx context.Context, eventID, since string, limit int) (Snapshot, []badgeRow, error) {
	if err := reachEvent(ctx, eventID); err != nil {
		return Snapshot{}, nil, err
	}
	ev, err := s.store.findEvent(ctx, eventID)
	if err != nil {
		return Snapshot{}, nil, err
	}
	from, err := parseCursor(since, ev.Number)
	if err != nil {
		return Snapshot{}, nil, err
	}
	if from > 0 {
		last, err := s.store.lastChange(ctx, eventID)
		if err != nil {
			return Snapshot{}, nil, err
		}
		if from > last {
			return Snapshot{}, nil, apperr.Fields(apperr.Field("since", "is ahead of every change of this event: it is not a cursor this event gave"))
		}
	}
	snap := Snapshot{Full: from < 0, Event: ev, Keys: []SnapshotKey{}, Zones: map[string][]string{}, Badges: []SnapshotBadge{}}
	if err := s.snapshotRules(ctx, &snap); err != nil {
		return Snapshot{}, nil, err
	}
	rows, more, err := s.store.changedBadges(ctx, eventID, from, limit)
	if err != nil {
		return Snapshot{}, nil, err
	}
	cursor := max(from, 0)
	for i := range rows {
		cursor = max(cursor, rows[i].ChangeSeq)
	}
	snap.More = more
	snap.Cursor = formatCursor(cursor, ev.Number)
	return snap, rows, nil
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
