package badges_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/app/apptest"
	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// fixture is a running server with one event, delegation, category and
// invitation, into which tests insert participants directly (the
// registration routes live in their own package).
type fixture struct {
	env          *apptest.Env
	db           *gorm.DB
	svc          *badges.Service
	eventID      string
	eventNumber  int
	delegationID string
	categoryID   string
	invitationID string
}

var eventNumbers atomic.Int32

func ctxAs(name string) context.Context {
	return actor.With(context.Background(), actor.Actor{Kind: actor.User, ID: name, Name: name})
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureOn(t, apptest.New(t))
}

// newFixtureOn is newFixture on a server already running.
func newFixtureOn(t testing.TB, env *apptest.Env) *fixture {
	t.Helper()
	f := &fixture{env: env, db: env.DB.DB, svc: env.App.Services.Badges}
	f.eventID, f.eventNumber = f.addEvent(t, "International Ministerial Conference on Cybercrime")
	f.delegationID = f.addDelegation(t, f.eventID, "Republic of Azerbaijan", 1)
	f.categoryID = f.addCategory(t, f.eventID, "HOD", "Head of Delegation", "#8B1A1A")
	f.invitationID = f.addInvitation(t, f.eventID, f.delegationID)
	return f
}

func (f *fixture) exec(t testing.TB, q string, args ...any) {
	t.Helper()
	if err := f.db.Exec(q, args...).Error; err != nil {
		t.Fatalf("%s: %v", strings.Fields(q)[0:3], err)
	}
}

func (f *fixture) addEvent(t testing.TB, name string) (string, int) {
	id, now := httpx.NewID(), f.env.Now()
	n := int(eventNumbers.Add(1)) + 100
	f.exec(t, `INSERT INTO events (id, number, name, timezone, starts_on, ends_on, languages, created_at, updated_at)
		VALUES (?, ?, ?, 'Asia/Baku', '2013-03-18', '2013-03-19', '["en","ru"]', ?, ?)`, id, n, name, now, now)
	return id, n
}

func (f *fixture) addDelegation(t testing.TB, eventID, name string, order int) string {
	id, now := httpx.NewID(), f.env.Now()
	f.exec(t, `INSERT INTO delegations (id, event_id, kind, name_en, protocol_order, created_at, updated_at)
		VALUES (?, ?, 'member_state', ?, ?, ?, ?)`, id, eventID, name, order, now, now)
	return id
}

func (f *fixture) addCategory(t testing.TB, eventID, code, name, colour string) string {
	id, now := httpx.NewID(), f.env.Now()
	f.exec(t, `INSERT INTO categories (id, event_id, code, names, colour, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, eventID, code, `{"en":"`+name+`"}`, colour, now, now)
	return id
}

func (f *fixture) addInvitation(t testing.TB, eventID, delegationID string) string {
	id, now := httpx.NewID(), f.env.Now()
	email := id + "@gov.example"
	f.exec(t, `INSERT INTO invitations (id, event_id, delegation_id, language, quota, rsvp_deadline, status, email, email_key, created_at, updated_at)
		VALUES (?, ?, ?, 'en', 50, ?, 'accepted', ?, ?, ?, ?)`, id, eventID, delegationID, now.Add(240*time.Hour), email, email, now, now)
	return id
}

// person describes a participant to insert.
type person struct {
	name         fixtures.Name
	role         string
	photo        []byte
	delegationID string
	invitationID string
}

// addParticipant inserts an approved participant (and their photo) and
// returns it as the registration hooks receive it.
func (f *fixture) addParticipant(t testing.TB, p person) registration.Participant {
	t.Helper()
	return f.addParticipantTx(t, f.db, p)
}

// addParticipantTx is addParticipant inside tx.
func (f *fixture) addParticipantTx(t testing.TB, tx *gorm.DB, p person) registration.Participant {
	t.Helper()
	saved := f.db
	f.db = tx
	defer func() { f.db = saved }()
	if p.role == "" {
		p.role = registration.Delegate
	}
	if p.delegationID == "" {
		p.delegationID, p.invitationID = f.delegationID, f.invitationID
	}
	now := f.env.Now()
	cat := f.categoryID
	rp := registration.Participant{ID: httpx.NewID(), EventID: f.eventID, InvitationID: p.invitationID,
		DelegationID: p.delegationID, Honorific: p.name.Honorific, GivenNames: p.name.Given,
		FamilyName: p.name.Family, NativeName: p.name.Native, Function: "Minister of Justice", Role: p.role,
		Status: registration.Approved, CategoryID: &cat, CreatedAt: now, UpdatedAt: now}
	f.exec(t, `INSERT INTO participants (id, event_id, invitation_id, delegation_id, honorific, given_names, family_name,
		native_name, function, role, status, category_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rp.ID, rp.EventID, rp.InvitationID, rp.DelegationID,
		rp.Honorific, rp.GivenNames, rp.FamilyName, rp.NativeName, rp.Function, rp.Role, rp.Status, cat, now, now)
	if p.photo != nil {
		f.setPhoto(t, rp.ID, p.photo)
	}
	return rp
}

func (f *fixture) setPhoto(t testing.TB, participantID string, data []byte) {
	t.Helper()
	id := httpx.NewID()
	f.exec(t, `INSERT INTO photos (id, participant_id, content_type, width, height, sha256, data, created_at)
		VALUES (?, ?, 'image/jpeg', 300, 400, '', ?, ?)`, id, participantID, data, f.env.Now())
	f.exec(t, `UPDATE participants SET photo_id = ? WHERE id = ?`, id, participantID)
}

// hook runs a registration hook in its own transaction, as the registration
// service does.
func (f *fixture) hook(t testing.TB, h registration.Hook, p registration.Participant) error {
	t.Helper()
	return f.db.Transaction(func(tx *gorm.DB) error { return h(ctxAs("secretariat"), tx, p) })
}

// approve runs the Approved hook and returns the participant's badge.
func (f *fixture) approve(t testing.TB, p registration.Participant) badges.Detail {
	t.Helper()
	if err := f.hook(t, f.svc.Approved, p); err != nil {
		t.Fatalf("approve: %v", err)
	}
	d, err := f.svc.ForParticipant(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// publicKeys returns the event's public keys as served to scanners.
func (f *fixture) publicKeys(t testing.TB) map[uint16]ed25519.PublicKey {
	t.Helper()
	res := f.env.Do("GET", "/api/v1/events/"+f.eventID+"/signing-keys", "door", nil)
	if res.Status != 200 {
		t.Fatalf("list keys: %d %s", res.Status, res.Body)
	}
	var list struct {
		Items []badges.PublicKey `json:"items"`
	}
	res.JSON(t, &list)
	out := map[uint16]ed25519.PublicKey{}
	for _, k := range list.Items {
		pub, err := badges.DecodePublicKey(k.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		out[uint16(k.KeyID)] = pub
	}
	return out
}

// verify checks code against the served keys and returns its credential.
func (f *fixture) verify(t testing.TB, code string) badges.Credential {
	t.Helper()
	keys := f.publicKeys(t)
	c, err := badges.VerifyCode(code, func(ev uint32, id uint16) (ed25519.PublicKey, bool) {
		k, ok := keys[id]
		return k, ok && ev == uint32(f.eventNumber)
	})
	if err != nil {
		t.Fatalf("verify %q: %v", code, err)
	}
	return c
}
