package checkin

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
)

// MaxThumbs is the most badge numbers one Thumbs call takes.
const MaxThumbs = 200

// CompactSnapshot is the snapshot as the door page keeps it, a few tens of
// bytes a badge: no photos (Thumbs gives them on demand), each badge a JSON
// array, and the delegations and categories of the page's badges named
// once, in lists the badges point into.
type CompactSnapshot struct {
	Cursor      string              `json:"cursor"`
	Full        bool                `json:"full"`
	More        bool                `json:"more"`
	Event       eventRow            `json:"event"`
	Keys        []SnapshotKey       `json:"keys"`
	Zones       map[string][]string `json:"zones"`
	Checkpoints []CheckpointView    `json:"checkpoints"`
	Delegations []string            `json:"delegations"`
	Categories  []CompactCategory   `json:"categories"`
	Rows        []CompactBadge      `json:"rows"`
}

// CompactCategory is a category as a compact snapshot names it.
type CompactCategory struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Colour string `json:"colour"`
}

// CompactBadge is one badge version of a compact snapshot. It is written as
// [number, version, status] for a badge the door refuses whoever holds it,
// and as [number, version, status, honorific, name, native name, delegation,
// category, photo] for one whose holder the door shows: delegation and
// category are indexes into the snapshot's lists (-1 for none), photo is 1
// when Thumbs has the holder's photo.
type CompactBadge struct {
	Number     int
	Version    int
	Status     string
	Shown      bool
	Honorific  string
	Name       string
	NativeName string
	Delegation int
	Category   int
	Photo      bool
}

// MarshalJSON writes the badge as the array CompactBadge describes.
func (b CompactBadge) MarshalJSON() ([]byte, error) {
	if !b.Shown {
		return json.Marshal([]any{b.Number, b.Version, b.Status})
	}
	photo := 0
	if b.Photo {
		photo = 1
	}
	return json.Marshal([]any{b.Number, b.Version, b.Status, b.Honorific, b.Name, b.NativeName, b.Delegation, b.Category, photo})
}

// UnmarshalJSON reads the array MarshalJSON writes.
func (b *CompactBadge) UnmarshalJSON(data []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(data, &a); err != nil {
		return err
	}
	if len(a) != 3 && len(a) != 9 {
		return fmt.Errorf("a compact badge has 3 or 9 items, not %d", len(a))
	}
	*b = CompactBadge{Shown: len(a) == 9}
	targets := []any{&b.Number, &b.Version, &b.Status}
	var photo int
	if b.Shown {
		targets = append(targets, &b.Honorific, &b.Name, &b.NativeName, &b.Delegation, &b.Category, &photo)
	}
	for i, t := range targets {
		if err := json.Unmarshal(a[i], t); err != nil {
			return err
		}
	}
	b.Photo = photo == 1
	return nil
}

// CompactSnapshot is Snapshot in the compact form. Errors: those of Snapshot.
func (s *Service) CompactSnapshot(ctx context.Context, eventID, since string) (CompactSnapshot, error) {
	snap, rows, err := s.snapshotPage(ctx, eventID, since, SnapshotPage*CompactPages)
	if err != nil {
		return CompactSnapshot{}, err
	}
	out := CompactSnapshot{Cursor: snap.Cursor, Full: snap.Full, More: snap.More, Event: snap.Event, Keys: snap.Keys,
		Zones: snap.Zones, Checkpoints: snap.Checkpoints, Delegations: []string{}, Categories: []CompactCategory{},
		Rows: make([]CompactBadge, 0, len(rows))}
	delegations, categories := map[string]int{}, map[string]int{}
	lang := actor.From(ctx).Language
	for i := range rows {
		b := CompactBadge{Number: rows[i].Number, Version: rows[i].Version, Status: rows[i].Status}
		if rows[i].shown() {
			h := holderOf(&rows[i], lang)
			b.Shown, b.Honorific, b.Name, b.NativeName, b.Photo = true, h.Honorific, h.Name, h.NativeName, rows[i].PhotoID != nil
			b.Delegation = index(delegations, h.Delegation, func() { out.Delegations = append(out.Delegations, h.Delegation) })
			b.Category = -1
			if h.CategoryID != nil {
				b.Category = index(categories, *h.CategoryID, func() {
					out.Categories = append(out.Categories, CompactCategory{ID: *h.CategoryID, Name: h.Category, Colour: h.CategoryColour})
				})
			}
		}
		out.Rows = append(out.Rows, b)
	}
	return out, nil
}

// index returns key's place in seen, calling add and noting the next place
// when it is new.
func index(seen map[string]int, key string, add func()) int {
	if i, ok := seen[key]; ok {
		return i
	}
	seen[key] = len(seen)
	add()
	return seen[key]
}

// Thumb is the photo thumbnail of a badge's holder, standard base64.
type Thumb struct {
	Number  int    `json:"number"`
	Version int    `json:"version"`
	Photo   string `json:"photo"`
}

// ParseNumbers reads a comma-separated list of badge numbers, at most
// MaxThumbs of them.
func ParseNumbers(list string) ([]int, error) {
	parts := strings.Split(list, ",")
	if list == "" || len(parts) > MaxThumbs {
		return nil, apperr.Fields(apperr.Field("numbers", "must list from 1 to %d badge numbers, separated by commas", MaxThumbs))
	}
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, apperr.Fields(apperr.Field("numbers", "must be badge numbers (whole numbers from 1), separated by commas"))
		}
		out = append(out, n)
	}
	return out, nil
}

// Thumbs returns the photo thumbnails of the holders of an event's active
// badges with the given numbers, for a scanner to keep for offline use; a
// badge without a photo, or that the door would not show, is left out.
// Errors: NotFound (no event, or one the device does not scan for),
// Forbidden (a device of no event).
func (s *Service) Thumbs(ctx context.Context, eventID string, numbers []int) ([]Thumb, error) {
	if err := reachEvent(ctx, eventID); err != nil {
		return nil, err
	}
	if _, err := s.store.findEvent(ctx, eventID); err != nil {
		return nil, err
	}
	rows, err := s.store.activeBadges(ctx, eventID, numbers)
	if err != nil {
		return nil, err
	}
	thumbs, err := s.thumbs(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := []Thumb{}
	for _, r := range rows {
		if r.shown() && r.PhotoID != nil {
			if t, ok := thumbs[*r.PhotoID]; ok {
				out = append(out, Thumb{Number: r.Number, Version: r.Version, Photo: t})
			}
		}
	}
	return out, nil
}
