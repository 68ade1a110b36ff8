package checkin

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/badges"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/names"
	"accreditation/internal/tick"
)

// Service judges scans and reports attendance.
type Service struct {
	store *Store
	cache caches
	live  *liveHub                  // live_hub.go
	lives tick.Cache[liveKey, Live] // live_shared.go
	// computed counts the reports that Attendance and Live computed.
	computed atomic.Int64
	now      func() time.Time
}

// Computed is how many attendance reports (Attendance) and live views
// (Live) the service has computed since it started: what sharing them
// among viewers saves shows here.
func (s *Service) Computed() int64 { return s.computed.Load() }

// NewService returns a service over db.
func NewService(db *gorm.DB) *Service {
	s := &Service{store: NewStore(db), now: clock.Of(db)}
	s.live = newLiveHub(s)
	return s
}

// checkpoint returns a checkpoint with its event's rules, cached briefly.
// Errors: NotFound.
func (s *Service) checkpoint(ctx context.Context, id string) (checkpointInfo, error) {
	return s.cache.checkpoints.get(ctx, id, func(ctx context.Context) (checkpointInfo, error) {
		row, err := s.store.findCheckpoint(ctx, id)
		if err != nil {
			return checkpointInfo{}, err
		}
		loc, err := time.LoadLocation(row.Timezone)
		if err != nil {
			loc = time.UTC
		}
		cats, err := s.store.categoryZones(ctx, row.EventID)
		if err != nil {
			return checkpointInfo{}, err
		}
		return checkpointInfo{checkpointRow: row, loc: loc, categories: cats}, nil
	})
}

func (s *Service) publicKey(ctx context.Context, ev uint32, id uint16) (keyEntry, error) {
	return s.cache.keys.get(ctx, keyRef{ev, id}, func(ctx context.Context) (keyEntry, error) {
		pub, ok, err := s.store.publicKey(ctx, ev, id)
		return keyEntry{pub: pub, ok: ok}, err
	})
}

// validate checks a scan's fields; offline scans may be older.
func (s *Service) validate(in *ScanInput, offline bool, received time.Time) error {
	var v apperr.Validator
	v.Check(httpx.IsUUID(in.CheckpointID), "checkpoint_id", "must be a UUID")
	if in.Direction == "" {
		in.Direction = In
	}
	v.Check(in.Direction == In || in.Direction == Out, "direction", "must be \"in\" or \"out\"")
	v.Check(in.ScanID == "" || httpx.IsUUID(in.ScanID), "scan_id", "must be a UUID")
	v.Check((in.Code == nil) != (in.BadgeNumber == nil), "code", "give either code or badge_number")
	if in.BadgeNumber != nil {
		v.Check(*in.BadgeNumber > 0, "badge_number", "must be a positive integer")
	}
	if offline {
		v.Check(in.ScanID != "", "scan_id", "is required for an offline scan")
		v.Check(in.ScannedAt != nil, "scanned_at", "is required for an offline scan")
	}
	if in.ScannedAt != nil {
		d := in.ScannedAt.Sub(received)
		if offline {
			v.Check(d <= OnlineSkew && d >= -OfflineAge, "scanned_at",
				"must be at most 24 hours ahead of the server's time and at most 30 days old")
		} else {
			v.Check(d <= OnlineSkew && d >= -OnlineSkew, "scanned_at",
				"must be within 24 hours of the server's time; upload older scans with POST /api/v1/scans/batch")
		}
	}
	return v.Err()
}

// fingerprint identifies a scan's content, to tell a retry from a reuse of
// its scan_id.
func fingerprint(in ScanInput) string {
	h := sha256.New()
	if in.Code != nil {
		fmt.Fprintf(h, "c:%s\x00", *in.Code)
	} else {
		fmt.Fprintf(h, "n:%d\x00", *in.BadgeNumber)
	}
	at := ""
	if in.ScannedAt != nil {
		at = in.ScannedAt.UTC().Format(time.RFC3339Nano)
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s", in.CheckpointID, in.Direction, at)
	return hex.EncodeToString(h.Sum(nil))
}

// Scan judges one online scan and records it. A repeated scan_id with the
// same content returns the first answer. Errors: Invalid (bad fields, a
// scanned_at more than 24 hours away), NotFound (no such checkpoint),
// Conflict (the scan_id was used for another scan).
func (s *Service) Scan(ctx context.Context, in ScanInput) (Result, error) {
	res, _, err := s.judge(ctx, in, nil)
	return res, err
}

// judge validates, judges and records one scan; deviceVerdict is set for an
// offline scan. duplicate reports a scan_id seen before with the same content.
func (s *Service) judge(ctx context.Context, in ScanInput, deviceVerdict *string) (res Result, duplicate bool, err error) {
	received := s.now()
	offline := deviceVerdict != nil
	if err := s.validate(&in, offline, received); err != nil {
		return Result{}, false, err
	}
	cp, err := s.checkpoint(ctx, in.CheckpointID)
	if err != nil {
		return Result{}, false, err
	}
	away, err := s.mayScan(ctx, cp)
	if err != nil {
		return Result{}, false, err
	}
	scanned := received
	if in.ScannedAt != nil {
		scanned = in.ScannedAt.UTC().Truncate(time.Microsecond)
	}
	lang := actor.From(ctx).Language
	v, err := s.evaluate(ctx, cp, in, scanned, lang)
	if err != nil {
		return Result{}, false, err
	}
	row := s.newRow(ctx, cp, in, v, scanned, received)
	row.DeviceVerdict, row.Offline, row.OffCheckpoint = deviceVerdict, offline, away
	// A presence change turns ok into already_inside at most: both let the
	// holder through, so the conflict flag is known before recording.
	row.Conflict = offline && Accepted(*deviceVerdict) && !Accepted(v.verdict)
	var presence *presenceChange
	if v.verdict == OK && v.badge != nil {
		presence = &presenceChange{EventID: cp.EventID, ParticipantID: v.badge.ParticipantID, ZoneID: cp.ZoneID,
			Direction: in.Direction, DelegationID: v.badge.DelegationID, CategoryID: v.badge.CategoryID}
	}
	stored, err := s.store.recordScan(ctx, &row, presence)
	if err != nil {
		return Result{}, false, err
	}
	if !stored {
		res, err := s.previous(ctx, row, lang)
		return res, true, err
	}
	if row.Verdict == AlreadyInside {
		v.verdict, v.messageKey = AlreadyInside, AlreadyInside
	}
	return v.result(row.ScanID, scanned, lang), false, nil
}

// previous answers a repeated scan_id from the stored scan: its verdict and
// message, the badge as judged, and its holder. Errors: Conflict when its
// content differs.
func (s *Service) previous(ctx context.Context, row scanRow, lang string) (Result, error) {
	first, err := s.store.findScan(ctx, row.ScanID)
	if err != nil {
		return Result{}, err
	}
	if first.Fingerprint != row.Fingerprint {
		return Result{}, apperr.Conflictf("scan_id %s was already used for another scan", row.ScanID).Typed("scan-id-reused")
	}
	v := verdict{verdict: first.Verdict, messageKey: first.Verdict}
	if first.Note != nil {
		v.messageKey = *first.Note
	}
	if first.BadgeID != nil && first.BadgeNumber != nil && first.BadgeVersion != nil {
		b, ok, err := s.store.findBadge(ctx, first.EventID, *first.BadgeNumber, *first.BadgeVersion)
		if err != nil {
			return Result{}, err
		}
		if ok {
			if first.BadgeStatus != nil {
				b.Status = *first.BadgeStatus
			}
			v.badge = &b
		}
	}
	return v.result(first.ScanID, first.ScannedAt, lang), nil
}

func (s *Service) newRow(ctx context.Context, cp checkpointInfo, in ScanInput, v verdict, scanned, received time.Time) scanRow {
	a := actor.From(ctx)
	row := scanRow{ScanID: in.ScanID, EventID: cp.EventID, CheckpointID: cp.ID, ZoneID: cp.ZoneID,
		Direction: in.Direction, ScannedAt: scanned, ReceivedAt: received, Fingerprint: fingerprint(in)}
	if row.ScanID == "" {
		// Time-ordered, so that server-made ids append to the primary key's
		// index instead of touching a random page each.
		row.ScanID = uuid.Must(uuid.NewV7()).String()
	}
	if a.ID != "" {
		id := a.ID
		if a.Kind == actor.Device {
			row.DeviceID = &id
		} else {
			row.UserID = &id
		}
	}
	if in.Code != nil {
		sum := sha256.Sum256([]byte(*in.Code))
		row.CodeHash = hex.EncodeToString(sum[:])
		// Only a code that is clean text on one line is kept for the record;
		// any other (a NUL byte, which PostgreSQL cannot store, a direction
		// override…) is known by its hash alone.
		if clean, err := names.Clean(*in.Code); err == nil && clean == *in.Code && len(clean) <= badges.MaxCodeLength {
			row.Code = in.Code
		}
	} else {
		row.CodeHash = "number:" + strconv.Itoa(*in.BadgeNumber)
	}
	if v.number > 0 {
		n, ver := v.number, v.version
		row.BadgeNumber, row.BadgeVersion = &n, &ver
	}
	if v.badge != nil {
		id, pid, st := v.badge.ID, v.badge.ParticipantID, v.badge.Status
		row.BadgeID, row.ParticipantID, row.BadgeStatus = &id, &pid, &st
	}
	row.Verdict = v.verdict
	if v.messageKey != v.verdict {
		note := v.messageKey
		row.Note = &note
	}
	day := scanned.In(cp.loc).Format(time.DateOnly)
	row.Day = &day
	return row
}

// verdict is a judgement before it is recorded.
type verdict struct {
	verdict, messageKey string
	number, version     int
	badge               *badgeRow
}

func refuse(v string) verdict { return verdict{verdict: v, messageKey: v} }

// evaluate applies the rules in order: readable, this event, signing key,
// signature, badge row, status and version, zone, day.
func (s *Service) evaluate(ctx context.Context, cp checkpointInfo, in ScanInput, scanned time.Time, lang string) (verdict, error) {
	number, version := 0, 0
	if in.Code != nil {
		cred, err := badges.ParseCode(*in.Code)
		if err != nil {
			return refuse(Unreadable), nil
		}
		if int64(cred.Event) != cp.EventNumber {
			return verdict{verdict: Unknown, messageKey: msgOtherEvent}, nil
		}
		key, err := s.publicKey(ctx, cred.Event, cred.KeyID)
		if err != nil {
			return verdict{}, err
		}
		if _, err := badges.VerifyCode(*in.Code, func(uint32, uint16) (ed25519.PublicKey, bool) { return key.pub, key.ok }); err != nil {
			if errors.Is(err, badges.ErrUnreadable) {
				return refuse(Unreadable), nil
			}
			return refuse(Forged), nil
		}
		number, version = int(cred.Number), int(cred.Version)
	} else {
		number = *in.BadgeNumber
	}
	b, ok, err := s.store.findBadge(ctx, cp.EventID, number, version)
	if err != nil {
		return verdict{}, err
	}
	if !ok {
		v := refuse(Unknown)
		v.number, v.version = number, version
		return v, nil
	}
	v := verdict{number: b.Number, version: b.Version, badge: &b}
	v.verdict, v.messageKey = s.rules(cp, b, scanned)
	if (v.verdict == OK || v.verdict == NotValidNow) && cp.SessionID != nil {
		ok, err := s.store.registeredFor(ctx, *cp.SessionID, b.ParticipantID)
		if err != nil {
			return verdict{}, err
		}
		if !ok {
			v.verdict, v.messageKey = NotValidHere, msgNotRegistered
		}
	}
	if v.verdict == OK && in.Direction == Out {
		v.messageKey = msgExit
	}
	return v, nil
}

// rules judges a known badge at a checkpoint at a time.
func (s *Service) rules(cp checkpointInfo, b badgeRow, scanned time.Time) (string, string) {
	switch {
	case b.Status == badges.Revoked:
		return Revoked, Revoked
	case b.Status == badges.Superseded || b.Version < b.MaxVersion:
		return Superseded, Superseded
	case b.Status == badges.Suspended:
		return Revoked, msgSuspended
	case b.CategoryID == nil || !cp.categories[*b.CategoryID][cp.ZoneID]:
		return NotValidHere, NotValidHere
	}
	day := scanned.In(cp.loc).Format(time.DateOnly)
	if day < cp.StartsOn || day > cp.EndsOn {
		return NotValidNow, NotValidNow
	}
	return OK, OK
}

// result renders a verdict for the device; unknown, forged and unreadable
// reveal no holder and no badge.
func (v verdict) result(scanID string, scanned time.Time, lang string) Result {
	r := Result{ScanID: scanID, Verdict: v.verdict, Message: message(v.messageKey, lang), ScannedAt: scanned}
	if v.badge == nil {
		return r
	}
	b := v.badge
	r.Badge = &BadgeRef{Number: b.Number, Version: b.Version, Status: b.Status}
	r.Holder = holderOf(b, lang)
	return r
}

func holderOf(b *badgeRow, lang string) *Holder {
	h := &Holder{Honorific: b.Honorific, Name: strings.TrimSpace(b.GivenNames + " " + b.FamilyName),
		NativeName: b.NativeName, Delegation: b.DelegationName, CategoryID: b.CategoryID}
	var names event.Texts
	if json.Unmarshal([]byte(b.DelegationNames), &names) == nil && names.In(lang) != "" {
		h.Delegation = names.In(lang)
	}
	if b.CategoryNames != nil {
		var cn event.Texts
		if json.Unmarshal([]byte(*b.CategoryNames), &cn) == nil {
			h.Category = cn.In(lang)
		}
	}
	if b.CategoryColour != nil {
		h.CategoryColour = *b.CategoryColour
	}
	if b.PhotoID != nil && b.shown() {
		u := "/api/v1/scanner/photos/" + *b.PhotoID
		h.PhotoURL = &u
	}
	return h
}
