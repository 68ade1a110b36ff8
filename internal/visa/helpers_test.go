package visa_test

import (
	"io"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/auth"
	"accreditation/internal/database"
	"accreditation/internal/event"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

// fixture is a running server with one event that asks for passport
// details, signed on behalf of two signatories, and one accepted delegation
// with a member named from names.tsv.
type fixture struct {
	*apptest.Env
	t          *testing.T
	EventID    string
	CategoryID string
	Token      string // the delegation's RSVP token
	MemberID   string
	Name       fixtures.Name
}

var eventNumber atomic.Int32

// passport is a valid passport of the fixture's member.
var passport = map[string]any{"number": "AZ1234567", "issuing_country": "az", "expires_on": "2045-06-30",
	"birth_date": "1961-04-12", "birth_place": "Ganja", "consulate": "Consulate General of the Republic of Azerbaijan in Istanbul",
	"letter_language": "ar"}

func newFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	return newFixtureLogged(t, db, io.Discard, "2040-03-18", "2040-03-19")
}

// newFixtureLogged is newFixture with the server's log written to w, for
// an event on the days given.
func newFixtureLogged(t *testing.T, db *database.DB, w io.Writer, startsOn, endsOn string) *fixture {
	t.Helper()
	env := apptest.NewLogged(t, db, nil, w)
	f := &fixture{Env: env, t: t, EventID: httpx.NewID(), CategoryID: httpx.NewID()}
	now := env.Now()
	ev := event.Event{ID: f.EventID, Number: int(eventNumber.Add(1)), Name: "Ministerial Conference",
		Names: event.Texts{"en": "Ministerial Conference", "ar": "المؤتمر الوزاري", "fr": "Conférence ministérielle",
			"ru": "Министерская конференция", "az": "Nazirlər konfransı"},
		Venue: "Baku Congress Centre", City: "Baku", Country: "AZ",
		Timezone: "Asia/Baku", StartsOn: startsOn, EndsOn: endsOn, Languages: event.Strings(event.Languages),
		CreatedAt: now, UpdatedAt: now}
	must(t, env.DB.Create(&ev).Error)
	cat := event.Category{ID: f.CategoryID, EventID: f.EventID, Code: "DEL", Names: event.Texts{"en": "Delegate"},
		Colour: "#0055aa", CreatedAt: now, UpdatedAt: now}
	must(t, env.DB.Create(&cat).Error)
	for i, s := range []event.Signatory{
		{Name: "Yury Fedotov", Title: "Executive Director", Organisation: "United Nations Office on Drugs and Crime", OrganisationShort: "UNODC"},
		{Name: "Abdulaziz Othman Altwaijri", Title: "Director-General", Organisation: "Islamic Educational, Scientific and Cultural Organization", OrganisationShort: "ISESCO"},
	} {
		s.ID, s.EventID, s.Position, s.CreatedAt, s.UpdatedAt = httpx.NewID(), f.EventID, i+1, now, now
		must(t, env.DB.Create(&s).Error)
	}
	f.Token = f.invite()
	f.mustDo("POST", "/api/v1/rsvp/"+f.Token+"/response", "", map[string]string{"answer": "accept"}, 200)
	f.Name, _ = fixtures.Find("ar-1")
	m := f.mustDo("POST", "/api/v1/rsvp/"+f.Token+"/participants", "", map[string]any{"honorific": f.Name.Honorific,
		"given_names": f.Name.Given, "family_name": f.Name.Family, "native_name": "عبد العزيز بن عثمان التويجري",
		"function": "Minister of Justice", "role": "head", "nationality": "AZ", "email": "minister.private@example.az",
		"phone": "+994 12 555 44 33"}, 201)
	f.MemberID = m["id"].(string)
	f.mustDo("PUT", "/api/v1/events/"+f.EventID+"/visa-settings", "secretariat", map[string]any{"ask_passport": true}, 200)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// invite adds a delegation with a sent invitation and returns its token.
func (f *fixture) invite() string {
	f.t.Helper()
	now := f.Now()
	d := invitations.Delegation{ID: httpx.NewID(), EventID: f.EventID, Kind: invitations.MemberState, Country: "AZ",
		Names: event.Texts{"en": "Republic of Azerbaijan", "ar": "جمهورية أذربيجان", "fr": "République d'Azerbaïdjan",
			"ru": "Азербайджанская Республика", "az": "Azərbaycan Respublikası"}, NameEN: "Republic of Azerbaijan",
		FocalName: "Leyla Focal", FocalEmail: "focal@example.az", CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&d).Error)
	token := auth.NewToken()
	hash := auth.HashToken(token)
	inv := invitations.Invitation{ID: httpx.NewID(), EventID: f.EventID, DelegationID: d.ID, Language: "en",
		Quota: 5, RSVPDeadline: now.Add(30 * 24 * time.Hour).Truncate(time.Second), Status: invitations.Sent,
		GivenNames: "Elmar", FamilyName: "Minister", Office: "Minister of Justice", Email: d.ID + "@example.org",
		EmailKey: d.ID, RSVPTokenHash: &hash, CreatedAt: now, UpdatedAt: now}
	must(f.t, f.DB.Create(&inv).Error)
	return token
}

// mustDo sends a request and fails unless it answers want; it returns the
// JSON object answered, if any.
func (f *fixture) mustDo(method, path, role string, body any, want int) map[string]any {
	f.t.Helper()
	r := f.Do(method, path, role, body)
	if r.Status != want {
		f.t.Fatalf("%s %s as %q: %d %s, want %d", method, path, role, r.Status, r.Body, want)
	}
	if len(r.Body) > 0 && r.Body[0] == '{' {
		return r.Map(f.t)
	}
	return nil
}

// count counts the rows of a table.
func (f *fixture) count(table string) int64 {
	f.t.Helper()
	var n int64
	must(f.t, f.DB.Table(table).Count(&n).Error)
	return n
}

// with returns passport with the fields of change replaced.
func with(change map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range passport {
		out[k] = v
	}
	for k, v := range change {
		out[k] = v
	}
	return out
}

// bothDatabases runs fn on SQLite and, when TEST_DATABASE_URL is set (always
// in CI), on PostgreSQL.
func bothDatabases(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, database.OpenTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, database.OpenTestPostgres(t)) })
}

var _ = strconv.Itoa
