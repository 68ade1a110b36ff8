package speakers_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"accreditation/internal/actor"
	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
	"accreditation/internal/speakers"
)

// fixture is a running server with one event and its opening plenary, and
// helpers to add delegations and their members.
type fixture struct {
	*apptest.Env
	t                  *testing.T
	EventID, SessionID string
	svc                *speakers.Service
}

var eventNumber atomic.Int32

func newFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	env := apptest.NewOn(t, db)
	f := &fixture{Env: env, t: t, svc: env.App.Services.Speakers}
	f.EventID, f.SessionID = f.event()
	return f
}

// event adds an event with one plenary session.
func (f *fixture) event() (string, string) {
	f.t.Helper()
	now := f.Now()
	ev := event.Event{ID: httpx.NewID(), Number: int(eventNumber.Add(1)), Name: "Ministerial Conference",
		Names: event.Texts{"en": "Ministerial Conference", "ar": "المؤتمر الوزاري", "fr": "Conférence ministérielle",
			"ru": "Министерская конференция", "az": "Nazirlər konfransı"},
		Timezone: "Asia/Baku", StartsOn: "2040-03-18", EndsOn: "2040-03-19", Languages: event.Strings(event.Languages),
		CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&ev).Error)
	ss := event.Session{ID: httpx.NewID(), EventID: ev.ID, Kind: "plenary", Position: 1,
		Titles:    event.Texts{"en": "Thematic plenary I", "ar": "الجلسة العامة المواضيعية الأولى", "fr": "Plénière thématique I"},
		Subtopics: event.Strings{"Cybercrime", "Terrorism online"}, InviteRoles: event.Strings{}, InviteCategoryIDs: event.Strings{},
		CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&ss).Error)
	return ev.ID, ss.ID
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// delegation is one delegation with its invitation.
type delegation struct {
	ID, Token  string
	Invitation invitations.Invitation
	Delegation invitations.Delegation
}

func (d delegation) link() registration.Link {
	return registration.Link{Invitation: d.Invitation, Delegation: d.Delegation}
}

func (f *fixture) delegation(eventID, name string) delegation {
	f.t.Helper()
	now := f.Now()
	token := auth.NewToken()
	hash := auth.HashToken(token)
	d := invitations.Delegation{ID: httpx.NewID(), EventID: eventID, Kind: invitations.MemberState,
		Names: event.Texts{"en": name}, NameEN: name, CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&d).Error)
	inv := invitations.Invitation{ID: httpx.NewID(), EventID: eventID, DelegationID: d.ID, Language: "en", Quota: 5,
		RSVPDeadline: now.Add(30 * 24 * time.Hour), Status: invitations.Accepted, GivenNames: "Jean", FamilyName: "Ministre",
		Email: d.ID + "@example.org", EmailKey: d.ID, RSVPTokenHash: &hash, CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&inv).Error)
	return delegation{ID: d.ID, Token: token, Invitation: inv, Delegation: d}
}

// member adds an approved member to d.
func (f *fixture) member(d delegation, honorific, given, family, native string) string {
	f.t.Helper()
	now := f.Now()
	p := registration.Participant{ID: httpx.NewID(), EventID: d.Invitation.EventID, InvitationID: d.Invitation.ID,
		DelegationID: d.ID, Honorific: honorific, GivenNames: given, FamilyName: family, NativeName: native,
		Role: registration.Delegate, Status: registration.Approved, InterpretationLanguage: "en", CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&p).Error)
	return p.ID
}

// level returns the id of a level of the event's table by code.
func (f *fixture) level(code string) string {
	f.t.Helper()
	r := f.Do("GET", "/api/v1/events/"+f.EventID+"/precedence", "secretariat", nil)
	var body struct{ Items []speakers.Level }
	r.JSON(f.t, &body)
	for _, l := range body.Items {
		if l.Code == code {
			return l.ID
		}
	}
	f.t.Fatalf("no level %s in %s", code, r.Body)
	return ""
}

func (f *fixture) setLevel(participantID, code string) {
	f.t.Helper()
	r := f.Do("PUT", "/api/v1/events/"+f.EventID+"/participants/"+participantID+"/precedence", "secretariat",
		map[string]string{"level_id": f.level(code)})
	if r.Status != 200 {
		f.t.Fatalf("set level: %d %s", r.Status, r.Body)
	}
}

func (f *fixture) inscribe(d delegation, participantID string) *apptest.Response {
	f.t.Helper()
	return f.Do("POST", "/api/v1/sessions/"+f.SessionID+"/speakers", "secretariat",
		map[string]string{"delegation_id": d.ID, "participant_id": participantID})
}

func (f *fixture) list() speakers.List {
	f.t.Helper()
	r := f.Do("GET", "/api/v1/sessions/"+f.SessionID+"/speakers", "secretariat", nil)
	if r.Status != 200 {
		f.t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	var l speakers.List
	r.JSON(f.t, &l)
	return l
}

// names are the waiting speakers' names in order.
func names(l speakers.List) []string {
	var out []string
	for _, sp := range l.Waiting {
		out = append(out, sp.Person.Name)
	}
	return out
}

// rows counts the rows that bad input must leave alone.
func (f *fixture) rows() map[string]string {
	f.t.Helper()
	out := map[string]string{}
	for _, tbl := range []string{"speakers", "speaker_statements", "speaker_changes", "session_roles", "audit_log"} {
		var n int64
		must(f.t, f.DB.Table(tbl).Count(&n).Error)
		out[tbl] = strconv.FormatInt(n, 10)
	}
	var stamps []string
	must(f.t, f.DB.Raw(`SELECT id || ':' || status || ':' || CAST(position AS TEXT) FROM speakers ORDER BY id`).Scan(&stamps).Error)
	for i, s := range stamps {
		out["s"+strconv.Itoa(i)] = s
	}
	return out
}

// focal is the context of a delegation's focal point.
func focal() context.Context {
	return actor.With(context.Background(), actor.Actor{Kind: actor.System, Name: "focal point"})
}

// bothDatabases runs fn on SQLite and, when TEST_DATABASE_URL is set (always in
// CI), on PostgreSQL.
func bothDatabases(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, database.OpenTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, database.OpenTestPostgres(t)) })
}
