package speakers

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/registration"
)

// Store holds every GORM query of the lists of speakers.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// In returns the store over a transaction.
func (s *Store) In(tx *gorm.DB) *Store { return &Store{db: tx} }

// translate turns GORM's errors into apperr kinds naming what.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.NotFoundf("no such %s", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return apperr.Conflictf("this %s already exists", what)
	}
	return apperr.Wrap(err, "read or write the "+what)
}

// FindSession returns a programme session by id. Errors: NotFound, Internal.
func (s *Store) FindSession(ctx context.Context, id string) (event.Session, error) {
	var ss event.Session
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&ss).Error
	return ss, translate(err, "session")
}

// FindEvent returns an event by id. Errors: NotFound, Internal.
func (s *Store) FindEvent(ctx context.Context, id string) (event.Event, error) {
	var ev event.Event
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&ev).Error
	return ev, translate(err, "event")
}

// FindParticipant returns a participant by id. Errors: NotFound, Internal.
func (s *Store) FindParticipant(ctx context.Context, id string) (registration.Participant, error) {
	var p registration.Participant
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&p).Error
	return p, translate(err, "participant")
}

// EnsureLevels gives an event the default table of precedence when it has
// none; two servers doing it at once make one table.
func (s *Store) EnsureLevels(ctx context.Context, levels []Level) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&levels).Error
	return translate(err, "level")
}

// FindLevels lists an event's levels, first speaker first.
func (s *Store) FindLevels(ctx context.Context, eventID string) ([]Level, error) {
	out := []Level{}
	err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Order("ordinal, code").Find(&out).Error
	return out, translate(err, "level")
}

// FindLevel returns one level of an event. Errors: NotFound, Internal.
func (s *Store) FindLevel(ctx context.Context, eventID, id string) (Level, error) {
	var l Level
	err := s.db.WithContext(ctx).Where("event_id = ? AND id = ?", eventID, id).Take(&l).Error
	return l, translate(err, "level")
}

// SaveLevel creates or updates l. Errors: Conflict (code taken), Internal.
func (s *Store) SaveLevel(ctx context.Context, l *Level) error {
	return translate(s.db.WithContext(ctx).Save(l).Error, "level code")
}

// DeleteLevel removes a level (participants given it lose their level).
func (s *Store) DeleteLevel(ctx context.Context, l Level) error {
	return translate(s.db.WithContext(ctx).Delete(&l).Error, "level")
}

// SetParticipantLevel gives a participant a level.
func (s *Store) SetParticipantLevel(ctx context.Context, pl ParticipantLevel) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "participant_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"level_id", "updated_at"})}).Create(&pl).Error
	return translate(err, "participant level")
}

// LevelOf is a participant's level, or the zero Level when none is set.
func (s *Store) LevelOf(ctx context.Context, participantID string) (Level, error) {
	var l Level
	err := s.db.WithContext(ctx).Joins("JOIN participant_levels pl ON pl.level_id = precedence_levels.id").
		Where("pl.participant_id = ?", participantID).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Level{}, nil
	}
	return l, translate(err, "level")
}

// FindSettings returns a session's settings, or ok false when none are stored.
func (s *Store) FindSettings(ctx context.Context, sessionID string) (Settings, bool, error) {
	var st Settings
	err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).Take(&st).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return st, false, nil
	}
	return st, err == nil, translate(err, "speaking settings")
}

// Bump creates a session's settings row when missing and increments its
// version: the first write of every change of the list, so that changes of
// one list (from any server) follow each other.
func (s *Store) Bump(ctx context.Context, st Settings) (Settings, error) {
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&st).Error; err != nil {
		return st, translate(err, "speaking settings")
	}
	if err := db.Model(&Settings{}).Where("session_id = ?", st.SessionID).
		Update("version", gorm.Expr("version + 1")).Error; err != nil {
		return st, translate(err, "speaking settings")
	}
	out, _, err := s.FindSettings(ctx, st.SessionID)
	return out, err
}

// SaveSettings writes st.
func (s *Store) SaveSettings(ctx context.Context, st *Settings) error {
	return translate(s.db.WithContext(ctx).Save(st).Error, "speaking settings")
}

// FindRoles lists a session's roles in order.
func (s *Store) FindRoles(ctx context.Context, sessionID string) ([]Role, error) {
	out := []Role{}
	err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).Order("position, created_at, id").Find(&out).Error
	return out, translate(err, "session role")
}

// CreateRole inserts r.
func (s *Store) CreateRole(ctx context.Context, r *Role) error {
	return translate(s.db.WithContext(ctx).Create(r).Error, "session role")
}

// DeleteRole removes a role of a session. Errors: NotFound, Internal.
func (s *Store) DeleteRole(ctx context.Context, sessionID, id string) error {
	res := s.db.WithContext(ctx).Where("session_id = ? AND id = ?", sessionID, id).Delete(&Role{})
	if res.Error == nil && res.RowsAffected == 0 {
		return apperr.NotFoundf("no such session role")
	}
	return translate(res.Error, "session role")
}

// FindSpeakers lists a session's entries with status among statuses (all
// when none), in the list's order.
func (s *Store) FindSpeakers(ctx context.Context, sessionID string, statuses ...string) ([]Speaker, error) {
	out := []Speaker{}
	q := s.db.WithContext(ctx).Where("session_id = ?", sessionID)
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	err := q.Order("position, inscribed_at, id").Find(&out).Error
	return out, translate(err, "speaker")
}

// FindSpeaker returns one entry of a session. Errors: NotFound, Internal.
func (s *Store) FindSpeaker(ctx context.Context, sessionID, id string) (Speaker, error) {
	var sp Speaker
	err := s.db.WithContext(ctx).Where("session_id = ? AND id = ?", sessionID, id).Take(&sp).Error
	return sp, translate(err, "speaker")
}

// CreateSpeaker inserts sp. Errors: Conflict (already-inscribed) when the
// delegation's place is taken, Internal.
func (s *Store) CreateSpeaker(ctx context.Context, sp *Speaker) error {
	err := s.db.WithContext(ctx).Create(sp).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflictf("this delegation is already on the list of speakers of this session").Typed("already-inscribed")
	}
	return translate(err, "speaker")
}

// SaveSpeaker writes sp.
func (s *Store) SaveSpeaker(ctx context.Context, sp *Speaker) error {
	return translate(s.db.WithContext(ctx).Save(sp).Error, "speaker")
}

// SetPosition writes one entry's position.
func (s *Store) SetPosition(ctx context.Context, id string, pos int) error {
	err := s.db.WithContext(ctx).Model(&Speaker{}).Where("id = ?", id).Update("position", pos).Error
	return translate(err, "speaker")
}

// UsedSlots lists the places a delegation's entries hold in a session.
func (s *Store) UsedSlots(ctx context.Context, sessionID, delegationID string) ([]int, error) {
	var out []int
	err := s.db.WithContext(ctx).Model(&Speaker{}).Where("session_id = ? AND delegation_id = ? AND slot IS NOT NULL",
		sessionID, delegationID).Pluck("slot", &out).Error
	return out, translate(err, "speaker")
}

// SaveStatement writes st.
func (s *Store) SaveStatement(ctx context.Context, st *Statement) error {
	return translate(s.db.WithContext(ctx).Save(st).Error, "statement")
}

// FindStatement returns an entry's statement. Errors: NotFound, Internal.
func (s *Store) FindStatement(ctx context.Context, speakerID string) (Statement, error) {
	var st Statement
	err := s.db.WithContext(ctx).Where("speaker_id = ?", speakerID).Take(&st).Error
	return st, translate(err, "statement")
}

// WithStatements lists the entries of a session that have a statement.
func (s *Store) WithStatements(ctx context.Context, sessionID string) (map[string]bool, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("speaker_statements st").Joins("JOIN speakers sp ON sp.id = st.speaker_id").
		Where("sp.session_id = ?", sessionID).Pluck("st.speaker_id", &ids).Error
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, translate(err, "statement")
}

// EachStatement calls fn with each statement of a session's entries, in
// the list's order.
func (s *Store) EachStatement(ctx context.Context, sessionID string, fn func(Speaker, Statement) error) error {
	list, err := s.FindSpeakers(ctx, sessionID)
	if err != nil {
		return err
	}
	for _, sp := range list {
		st, err := s.FindStatement(ctx, sp.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(sp, st); err != nil {
			return err
		}
	}
	return nil
}

// CreateChange records one change of a list.
func (s *Store) CreateChange(ctx context.Context, c *Change) error {
	return translate(s.db.WithContext(ctx).Create(c).Error, "list change")
}

// FindChanges lists a session's changes, oldest first.
func (s *Store) FindChanges(ctx context.Context, sessionID string) ([]Change, error) {
	out := []Change{}
	err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).Order("at, id").Find(&out).Error
	return out, translate(err, "list change")
}

// People names participants as lists show them, with their delegation in
// lang, by id.
func (s *Store) People(ctx context.Context, ids []string, lang string) (map[string]Person, error) {
	out := map[string]Person{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID, Honorific, GivenNames, FamilyName, NativeName, NameEN string
		Names                                                     event.Texts
	}
	err := s.db.WithContext(ctx).Raw(`SELECT p.id, p.honorific, p.given_names, p.family_name, p.native_name,
		d.name_en, d.names FROM participants p JOIN delegations d ON d.id = p.delegation_id WHERE p.id IN ?`, ids).
		Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "participant")
	}
	for _, r := range rows {
		del := r.Names.In(lang)
		if del == "" {
			del = r.NameEN
		}
		out[r.ID] = Person{Honorific: r.Honorific, Name: joinName(r.GivenNames, r.FamilyName), NativeName: r.NativeName,
			Delegation: del}
	}
	return out, nil
}

// Plenaries lists an event's sessions that have a list of speakers, in
// programme order.
func (s *Store) Plenaries(ctx context.Context, eventID string) ([]event.Session, error) {
	out := []event.Session{}
	err := s.db.WithContext(ctx).Where("event_id = ? AND kind IN ?", eventID, []string{"opening", "plenary"}).
		Order("position, starts_at, id").Find(&out).Error
	return out, translate(err, "session")
}

// Members lists a delegation's members in every status.
func (s *Store) Members(ctx context.Context, delegationID string) ([]registration.Participant, error) {
	out := []registration.Participant{}
	err := s.db.WithContext(ctx).Where("delegation_id = ?", delegationID).Order("family_name, given_names, id").Find(&out).Error
	return out, translate(err, "participant")
}

// WaitingSessions lists the sessions on whose lists a participant waits.
func (s *Store) WaitingSessions(ctx context.Context, participantID string) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT session_id FROM speakers WHERE participant_id = ? AND status = ?`,
		participantID, Waiting).Scan(&ids).Error
	return ids, translate(err, "speakers")
}

// DelegationEntries lists a delegation's entries on a session's list.
func (s *Store) DelegationEntries(ctx context.Context, sessionID, delegationID string) ([]Speaker, error) {
	out := []Speaker{}
	err := s.db.WithContext(ctx).Where("session_id = ? AND delegation_id = ?", sessionID, delegationID).
		Order("inscribed_at, id").Find(&out).Error
	return out, translate(err, "speaker")
}

// Candidate is an active participant the Secretariat may inscribe.
type Candidate struct {
	ID, DelegationID, Honorific, GivenNames, FamilyName, Delegation string
}

// Candidates lists up to limit active participants of an event, heads of
// delegation first, by delegation.
func (s *Store) Candidates(ctx context.Context, eventID string, limit int) ([]Candidate, error) {
	out := []Candidate{}
	err := s.db.WithContext(ctx).Raw(`SELECT p.id, p.delegation_id, p.honorific, p.given_names, p.family_name,
		d.name_en AS delegation FROM participants p JOIN delegations d ON d.id = p.delegation_id
		WHERE p.event_id = ? AND p.status IN ?
		ORDER BY d.name_en, CASE WHEN p.role = 'head' THEN 0 ELSE 1 END, p.family_name, p.id LIMIT ?`,
		eventID, []string{registration.Nominated, registration.Approved}, limit).Scan(&out).Error
	return out, translate(err, "participant")
}
