package speakers

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Service holds the rules of the lists of speakers.
type Service struct {
	db    *gorm.DB
	store *Store
	now   clock.Clock
}

// NewService returns the service over db, on db's clock.
func NewService(db *gorm.DB) *Service {
	return &Service{db: db, store: NewStore(db), now: clock.Of(db)}
}

// Store returns the service's store, for reads.
func (s *Service) Store() *Store { return s.store }

func joinName(given, family string) string {
	return strings.Join(strings.Fields(given+" "+family), " ")
}

// plenary returns a session that runs from a list of speakers (an opening
// or a plenary). Errors: NotFound, Internal.
func (s *Service) plenary(ctx context.Context, st *Store, sessionID string) (event.Session, error) {
	if !httpx.IsUUID(sessionID) {
		return event.Session{}, apperr.NotFoundf("no such session")
	}
	ss, err := st.FindSession(ctx, sessionID)
	if err != nil {
		return ss, err
	}
	if ss.Kind != "opening" && ss.Kind != "plenary" {
		return ss, apperr.NotFoundf("only an opening or a plenary session has a list of speakers").Typed("not-a-plenary")
	}
	return ss, nil
}

// settingsOf returns a session's settings, the defaults when none are stored.
func (s *Service) settingsOf(ctx context.Context, st *Store, ss event.Session) (Settings, error) {
	set, ok, err := st.FindSettings(ctx, ss.ID)
	if err != nil || ok {
		return set, err
	}
	return defaultSettings(ss), nil
}

// Precedence lists an event's table of precedence, first speaker first,
// giving the event the default table the first time. Errors: NotFound
// (event), Internal.
func (s *Service) Precedence(ctx context.Context, eventID string) ([]Level, error) {
	if _, err := s.store.FindEvent(ctx, eventID); err != nil {
		return nil, err
	}
	levels, err := s.store.FindLevels(ctx, eventID)
	if err != nil || len(levels) > 0 {
		return levels, err
	}
	now := s.now()
	defaults := make([]Level, len(DefaultLevels))
	for i, d := range DefaultLevels {
		defaults[i] = Level{ID: httpx.NewID(), EventID: eventID, Ordinal: i + 1, Code: d.Code, Names: d.Names,
			CreatedAt: now, UpdatedAt: now}
	}
	if err := s.store.EnsureLevels(ctx, defaults); err != nil {
		return nil, err
	}
	return s.store.FindLevels(ctx, eventID)
}

// LevelInput creates or changes a level; absent fields are left as they are.
type LevelInput struct {
	Ordinal *int         `json:"ordinal"`
	Code    *string      `json:"code"`
	Names   *event.Texts `json:"names"`
}

func (in LevelInput) apply(l *Level) error {
	if in.Ordinal != nil {
		l.Ordinal = *in.Ordinal
	}
	if in.Code != nil {
		l.Code = *in.Code
	}
	if in.Names != nil {
		l.Names = *in.Names
	}
	var v apperr.Validator
	v.Check(l.Ordinal >= 1 && l.Ordinal <= 1000, "ordinal", "must be from 1 to 1000")
	v.Check(codeOK(l.Code), "code", "must be 1-40 lowercase letters, digits or _, starting with a letter")
	v.Check(l.Names.In("en") != "", "names", "must name the level at least in one language")
	for lang, n := range l.Names {
		v.Check(event.IsLanguage(lang), "names", "must be keyed by working languages")
		v.Check(len(n) <= 200, "names", "must be at most 200 bytes each")
	}
	return v.Err()
}

func codeOK(c string) bool {
	if c == "" || len(c) > 40 || c[0] < 'a' || c[0] > 'z' {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// CreateLevel adds a level to an event's table. Errors: Invalid, NotFound
// (event), Conflict (code taken), Internal.
func (s *Service) CreateLevel(ctx context.Context, eventID string, in LevelInput) (Level, error) {
	now := s.now()
	l := Level{ID: httpx.NewID(), EventID: eventID, CreatedAt: now, UpdatedAt: now, Names: event.Texts{}}
	if err := in.apply(&l); err != nil {
		return l, err
	}
	if _, err := s.Precedence(ctx, eventID); err != nil { // the defaults first, then this one
		return Level{}, err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).SaveLevel(ctx, &l); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "precedence_level", EntityID: l.ID, EventID: eventID, After: l})
	})
	return l, err
}

// UpdateLevel changes a level. Errors: Invalid, NotFound, Conflict, Internal.
func (s *Service) UpdateLevel(ctx context.Context, eventID, id string, in LevelInput) (Level, error) {
	l, err := s.store.FindLevel(ctx, eventID, id)
	if err != nil {
		return l, err
	}
	before := l
	if err := in.apply(&l); err != nil {
		return before, err
	}
	l.UpdatedAt = s.now()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).SaveLevel(ctx, &l); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "precedence_level", EntityID: l.ID, EventID: eventID, Before: before, After: l})
	})
	return l, err
}

// DeleteLevel removes a level; participants given it lose their level.
// Errors: NotFound, Internal.
func (s *Service) DeleteLevel(ctx context.Context, eventID, id string) error {
	l, err := s.store.FindLevel(ctx, eventID, id)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).DeleteLevel(ctx, l); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "delete", Entity: "precedence_level", EntityID: l.ID, EventID: eventID, Before: l})
	})
}

// SetParticipantLevel gives a participant of the event a level of its
// table. Errors: Invalid (a level of another event), NotFound (participant
// of another event), Internal.
func (s *Service) SetParticipantLevel(ctx context.Context, eventID, participantID, levelID string) (ParticipantLevel, error) {
	p, err := s.store.FindParticipant(ctx, participantID)
	if err != nil || p.EventID != eventID {
		return ParticipantLevel{}, apperr.NotFoundf("no such participant in this event")
	}
	if !httpx.IsUUID(levelID) {
		return ParticipantLevel{}, apperr.Fields(apperr.Field("level_id", "must be a level of the event's table of precedence"))
	}
	if _, err := s.store.FindLevel(ctx, eventID, levelID); err != nil {
		return ParticipantLevel{}, apperr.Fields(apperr.Field("level_id", "must be a level of the event's table of precedence"))
	}
	pl := ParticipantLevel{ParticipantID: p.ID, EventID: eventID, LevelID: levelID, UpdatedAt: s.now()}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.store.In(tx).SetParticipantLevel(ctx, pl); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "set_level", Entity: "participant", EntityID: p.ID, EventID: eventID, After: pl})
	})
	if err != nil {
		return ParticipantLevel{}, err
	}
	return pl, s.relevel(ctx, p.ID)
}

// relevel gives a participant's waiting entries on the lists of speakers
// the place their level now gives them, as if inscribed with it at their
// time of inscription, and records each move in the list's history. A
// speaker who has the floor keeps it.
func (s *Service) relevel(ctx context.Context, participantID string) error {
	sessions, err := s.store.WaitingSessions(ctx, participantID)
	if err != nil {
		return err
	}
	level, err := s.store.LevelOf(ctx, participantID)
	if err != nil {
		return err
	}
	rank := Unranked
	if level.ID != "" {
		rank = level.Ordinal
	}
	for _, sessionID := range sessions {
		err := s.inList(ctx, sessionID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
			waiting, err := st.FindSpeakers(ctx, ss.ID, Waiting)
			if err != nil {
				return err
			}
			var mine []string
			for _, sp := range waiting {
				if sp.ParticipantID == participantID {
					mine = append(mine, sp.ID)
				}
			}
			for _, id := range mine {
				i := slices.IndexFunc(waiting, func(w Speaker) bool { return w.ID == id })
				sp := waiting[i]
				if sp.LevelRank == rank && sp.LevelCode == level.Code {
					continue
				}
				if i == 0 && set.TurnStartedAt != nil { // has the floor: keeps it, with the new level
					sp.LevelRank, sp.LevelCode, sp.UpdatedAt = rank, level.Code, s.now()
					if err := st.SaveSpeaker(ctx, &sp); err != nil {
						return err
					}
					waiting[i] = sp
					continue
				}
				rest := append(append([]Speaker{}, waiting[:i]...), waiting[i+1:]...)
				at := placeByLevel(rest, rank, sp.InscribedAt, set.TurnStartedAt != nil)
				from := sp.Position
				sp.LevelRank, sp.LevelCode, sp.UpdatedAt = rank, level.Code, s.now()
				if err := st.SaveSpeaker(ctx, &sp); err != nil {
					return err
				}
				waiting = append(append(append([]Speaker{}, rest[:at]...), sp), rest[at:]...)
				if err := renumber(ctx, st, waiting); err != nil {
					return err
				}
				for k := range waiting {
					waiting[k].Position = k + 1
				}
				if err := s.record(ctx, tx, waiting[at], "relevel", &from, &waiting[at].Position, "", map[string]any{"position": from}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// placeByLevel is where an entry of rank, inscribed at, goes among the
// waiting ones: after the last of a higher level (a lower rank) or of its
// own inscribed before it, so that those of one level follow the time of
// inscription. While a turn runs the current speaker keeps the floor.
func placeByLevel(waiting []Speaker, rank int, at time.Time, running bool) int {
	i := 0
	for j, w := range waiting {
		if w.LevelRank < rank || (w.LevelRank == rank && !w.InscribedAt.After(at)) {
			i = j + 1
		}
	}
	if running && i == 0 && len(waiting) > 0 {
		i = 1
	}
	return i
}

// SettingsInput changes how a session's list runs; absent fields are left
// as they are.
type SettingsInput struct {
	OpensAt         event.Nullable[time.Time] `json:"opens_at"`
	ClosesAt        event.Nullable[time.Time] `json:"closes_at"`
	SpeakingSeconds *int                      `json:"speaking_seconds"`
	PerDelegation   *int                      `json:"per_delegation"`
}

// Settings returns a session's settings. Errors: NotFound, Internal.
func (s *Service) Settings(ctx context.Context, sessionID string) (Settings, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return Settings{}, err
	}
	return s.settingsOf(ctx, s.store, ss)
}

// UpdateSettings changes a session's settings. Errors: Invalid, NotFound, Internal.
func (s *Service) UpdateSettings(ctx context.Context, sessionID string, in SettingsInput) (Settings, error) {
	var out Settings
	err := s.inList(ctx, sessionID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
		before := *set
		for _, f := range []struct {
			in  event.Nullable[time.Time]
			dst **time.Time
		}{{in.OpensAt, &set.OpensAt}, {in.ClosesAt, &set.ClosesAt}} {
			if f.in.Set {
				*f.dst = nil
				if f.in.Value != nil {
					t := f.in.Value.UTC()
					*f.dst = &t
				}
			}
		}
		if in.SpeakingSeconds != nil {
			set.SpeakingSeconds = *in.SpeakingSeconds
		}
		if in.PerDelegation != nil {
			set.PerDelegation = *in.PerDelegation
		}
		var v apperr.Validator
		v.Check(set.SpeakingSeconds >= 10 && set.SpeakingSeconds <= 7200, "speaking_seconds", "must be from 10 to 7200 seconds")
		v.Check(set.PerDelegation >= 1 && set.PerDelegation <= 20, "per_delegation", "must be from 1 to 20")
		v.Check(set.OpensAt == nil || set.ClosesAt == nil || set.ClosesAt.After(*set.OpensAt), "closes_at", "must be after opens_at")
		if err := v.Err(); err != nil {
			return err
		}
		set.UpdatedAt = s.now()
		if err := st.SaveSettings(ctx, set); err != nil {
			return err
		}
		out = *set
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "speaking_settings", EntityID: ss.ID, EventID: ss.EventID, Before: before, After: *set})
	})
	return out, err
}

// inList runs fn in a transaction that has bumped the session's version
// first: every change of one list waits for the one before, from any server.
func (s *Service) inList(ctx context.Context, sessionID string, fn func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		ss, err := s.plenary(ctx, st, sessionID)
		if err != nil {
			return err
		}
		d := defaultSettings(ss)
		d.UpdatedAt = s.now()
		set, err := st.Bump(ctx, d)
		if err != nil {
			return err
		}
		return fn(tx, st, ss, &set)
	})
}

// record writes one change into the list's history and the audit log.
func (s *Service) record(ctx context.Context, tx *gorm.DB, sp Speaker, action string, from, to *int, reason string, before any) error {
	a := actor.From(ctx)
	c := Change{ID: httpx.NewID(), SpeakerID: sp.ID, SessionID: sp.SessionID, Action: action, FromPosition: from,
		ToPosition: to, Reason: reason, Actor: a.Name, At: s.now()}
	if err := s.store.In(tx).CreateChange(ctx, &c); err != nil {
		return err
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: action, Entity: "speaker", EntityID: sp.ID,
		EventID: sp.EventID, Before: before, After: map[string]any{"speaker": sp, "reason": reason}})
}

// Changes lists the history of a session's list. Errors: NotFound, Internal.
func (s *Service) Changes(ctx context.Context, sessionID string) ([]Change, error) {
	if _, err := s.plenary(ctx, s.store, sessionID); err != nil {
		return nil, err
	}
	return s.store.FindChanges(ctx, sessionID)
}

// List returns a session's list of speakers, names and delegations in lang.
// Errors: NotFound, Internal.
func (s *Service) List(ctx context.Context, sessionID, lang string) (List, error) {
	ss, err := s.plenary(ctx, s.store, sessionID)
	if err != nil {
		return List{}, err
	}
	set, err := s.settingsOf(ctx, s.store, ss)
	if err != nil {
		return List{}, err
	}
	all, err := s.store.FindSpeakers(ctx, ss.ID)
	if err != nil {
		return List{}, err
	}
	ids := make([]string, len(all))
	for i, sp := range all {
		ids[i] = sp.ParticipantID
	}
	people, err := s.store.People(ctx, ids, lang)
	if err != nil {
		return List{}, err
	}
	withSt, err := s.store.WithStatements(ctx, ss.ID)
	if err != nil {
		return List{}, err
	}
	out := List{Session: ss, Settings: set, Waiting: []Speaker{}, Done: []Speaker{}}
	for _, sp := range all {
		sp.Person, sp.HasStatement = people[sp.ParticipantID], withSt[sp.ID]
		if sp.Status == Waiting {
			out.Waiting = append(out.Waiting, sp)
		} else {
			out.Done = append(out.Done, sp)
		}
	}
	return out, nil
}

// contains reports whether v is in list.
func contains[T comparable](list []T, v T) bool { return slices.Contains(list, v) }
