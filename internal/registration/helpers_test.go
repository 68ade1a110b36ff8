package registration_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// fixture is a running server with one event, one category and helpers to
// add delegations with invitations whose RSVP tokens are known.
type fixture struct {
	*apptest.Env
	t          *testing.T
	EventID    string
	CategoryID string
	hooks      struct{ approved, back, removed atomic.Int32 }
}

var eventNumber atomic.Int32

func newFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	return newFixtureWith(t, db, nil)
}

// newFixtureWith is newFixture with configuration variables (apptest.NewWith).
func newFixtureWith(t *testing.T, db *database.DB, vars map[string]string) *fixture {
	t.Helper()
	env := apptest.NewWith(t, db, vars)
	f := &fixture{Env: env, t: t, EventID: httpx.NewID(), CategoryID: httpx.NewID()}
	now := env.Now()
	ev := event.Event{ID: f.EventID, Number: int(eventNumber.Add(1)), Name: "Ministerial Conference",
		Names: event.Texts{"en": "Ministerial Conference", "ar": "المؤتمر الوزاري", "fr": "Conférence ministérielle",
			"ru": "Министерская конференция", "az": "Nazirlər konfransı"},
		Timezone: "Asia/Baku", StartsOn: "2040-03-18", EndsOn: "2040-03-19", Languages: event.Strings(event.Languages),
		CreatedAt: now, UpdatedAt: now}
	must(t, env.DB.Create(&ev).Error)
	cat := event.Category{ID: f.CategoryID, EventID: f.EventID, Code: "DEL", Names: event.Texts{"en": "Delegate", "fr": "Délégué"},
		Colour: "#0055aa", CreatedAt: now, UpdatedAt: now}
	must(t, env.DB.Create(&cat).Error)
	h := &env.App.Services.Registration.Hooks
	h.Approved = append(h.Approved, func(context.Context, *gorm.DB, registration.Participant) error { f.hooks.approved.Add(1); return nil })
	h.BackToReview = append(h.BackToReview, func(context.Context, *gorm.DB, registration.Participant) error { f.hooks.back.Add(1); return nil })
	h.Removed = append(h.Removed, func(context.Context, *gorm.DB, registration.Participant) error { f.hooks.removed.Add(1); return nil })
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// invite options.
type invite struct {
	Quota    int
	Status   string
	Language string
	Deadline time.Time
	Expires  *time.Time
}

// link is one delegation with its invitation and token.
type link struct {
	Token, InvitationID, DelegationID string
}

func (f *fixture) invite(o invite) link {
	f.t.Helper()
	if o.Quota == 0 {
		o.Quota = 5
	}
	if o.Status == "" {
		o.Status = invitations.Sent
	}
	if o.Language == "" {
		o.Language = "en"
	}
	if o.Deadline.IsZero() {
		o.Deadline = f.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)
	}
	now := f.Now()
	d := invitations.Delegation{ID: httpx.NewID(), EventID: f.EventID, Kind: invitations.MemberState, Country: "FR",
		Names: event.Texts{"en": "France", "fr": "France", "ar": "فرنسا", "ru": "Франция", "az": "Fransa"}, NameEN: "France",
		FocalName: "Claire Focal", FocalEmail: "focal@example.org", CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&d).Error)
	token := auth.NewToken()
	hash := auth.HashToken(token)
	inv := invitations.Invitation{ID: httpx.NewID(), EventID: f.EventID, DelegationID: d.ID, Language: o.Language,
		Quota: o.Quota, RSVPDeadline: o.Deadline, Status: o.Status, GivenNames: "Jean", FamilyName: "Ministre",
		Office: "Minister of Justice", Email: d.ID + "@example.org", EmailKey: d.ID, RSVPTokenHash: &hash,
		RSVPExpiresAt: o.Expires, CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&inv).Error)
	return link{Token: token, InvitationID: inv.ID, DelegationID: d.ID}
}

func (f *fixture) accept(l link) {
	f.t.Helper()
	if r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/response", "", map[string]string{"answer": "accept"}); r.Status != 200 {
		f.t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
}

func (f *fixture) nominate(l link, body map[string]string) (*apptest.Response, map[string]any) {
	f.t.Helper()
	r := f.Do("POST", "/api/v1/rsvp/"+l.Token+"/participants", "", body)
	if r.Status == 201 {
		return r, r.Map(f.t)
	}
	return r, nil
}

// put sends a raw body with a content type.
func (f *fixture) put(path, contentType string, body []byte) *apptest.Response {
	f.t.Helper()
	req := httptest.NewRequest("PUT", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	return f.Send(req)
}

func person(given, family, role string) map[string]string {
	return map[string]string{"given_names": given, "family_name": family, "role": role}
}

// rows counts the rows of the tables bad input must leave alone, and the
// invitations' last change.
func (f *fixture) rows() map[string]string {
	f.t.Helper()
	out := map[string]string{}
	for _, tbl := range []string{"participants", "photos", "credentials_letters", "audit_log", "outbox"} {
		var n int64
		must(f.t, f.DB.Table(tbl).Count(&n).Error)
		out[tbl] = strconv.FormatInt(n, 10)
	}
	var stamps []string
	f.DB.Raw(`SELECT status || ':' || COALESCE(CAST(photo_id AS TEXT), '') || ':' || given_names || ':' || family_name FROM participants ORDER BY id`).Scan(&stamps)
	var invs []time.Time
	f.DB.Raw(`SELECT updated_at FROM invitations ORDER BY id`).Scan(&invs)
	for i, s := range stamps {
		out["p"+strconv.Itoa(i)] = s
	}
	for i, ts := range invs {
		out["i"+strconv.Itoa(i)] = ts.String()
	}
	return out
}

// photoJPEG makes a w×h JPEG with a gradient.
func photoJPEG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	must(t, jpeg.Encode(&b, gradient(w, h), &jpeg.Options{Quality: 85}))
	return b.Bytes()
}

func photoPNG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	must(t, png.Encode(&b, gradient(w, h)))
	return b.Bytes()
}

func gradient(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

// bothDatabases runs fn on SQLite and, when TEST_DATABASE_URL is set (always in
// CI), on PostgreSQL.
func bothDatabases(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, database.OpenTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, database.OpenTestPostgres(t)) })
}
