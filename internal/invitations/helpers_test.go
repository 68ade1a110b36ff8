package invitations_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"accreditation/internal/app/apptest"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/testkit"
)

var eventNumber atomic.Int64

// newEvent stores a conference with five languages and two signatories.
func newEvent(t *testing.T, env *apptest.Env) event.Event {
	t.Helper()
	return newEventOmitting(t, env)
}

// newEventOmitting is newEvent leaving out the columns omit, for a
// database migrated only as far as before they existed.
func newEventOmitting(t *testing.T, env *apptest.Env, omit ...string) event.Event {
	t.Helper()
	now := env.Now()
	ev := event.Event{ID: httpx.NewID(), Number: int(eventNumber.Add(1)), Name: "Ministerial Conference",
		Names: event.Texts{"en": "Ministerial Conference", "fr": "Conférence ministérielle", "ar": "المؤتمر الوزاري"},
		Venue: "Baku Congress Centre", City: "Baku", Country: "AZ", Timezone: "Asia/Baku",
		StartsOn: "2030-03-18", EndsOn: "2030-03-19", Languages: event.Strings{"ar", "fr", "en", "ru", "az"},
		ReferenceFormat: "UNODC-ISESCO/BAKU/2013/{seq:03}", NextReference: 1, NextBadge: 1,
		DefaultQuotas: event.Quotas{"member_state": 5, "ngo": 2}, RSVPGraceDays: 7, ReminderDays: 7,
		CreatedAt: now, UpdatedAt: now}
	// "signatories.x" omits the column x of signatories alone (events have
	// a column of that name too).
	var evOmit, sigOmit []string
	for _, c := range omit {
		if col, ok := strings.CutPrefix(c, "signatories."); ok {
			sigOmit = append(sigOmit, col)
		} else {
			evOmit, sigOmit = append(evOmit, c), append(sigOmit, c)
		}
	}
	if err := env.DB.Omit(evOmit...).Create(&ev).Error; err != nil {
		t.Fatal(err)
	}
	for i, s := range []event.Signatory{
		{Name: "Yury Fedotov", Title: "Executive Director", Organisation: "United Nations Office on Drugs and Crime", OrganisationShort: "UNODC",
			SignatureType: "image/png", SignatureImage: []byte("\x89PNG fake signature one")},
		{Name: "Abdulaziz Othman Altwaijri", Title: "Director-General", Organisation: "Islamic Educational, Scientific and Cultural Organization", OrganisationShort: "ISESCO"},
	} {
		s.ID, s.EventID, s.Position, s.CreatedAt, s.UpdatedAt = httpx.NewID(), ev.ID, i+1, now, now
		if err := env.DB.Omit(sigOmit...).Create(&s).Error; err != nil {
			t.Fatal(err)
		}
	}
	return ev
}

func delegationBody(kind, nameEN string) map[string]any {
	return map[string]any{"kind": kind, "country": "AZ", "name": map[string]string{"en": nameEN},
		"focal_point": map[string]string{"name": "Focal Point", "email": "focal@example.org", "phone": "+994 12 000 00 00"}}
}

func mustCreate(t *testing.T, env *apptest.Env, path string, body any) map[string]any {
	t.Helper()
	res := env.Do(http.MethodPost, path, "secretariat", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("POST %s: got %d %s", path, res.Status, res.Body)
	}
	return res.Map(t)
}

func newDelegation(t *testing.T, env *apptest.Env, eventID, kind, nameEN string) string {
	t.Helper()
	return mustCreate(t, env, "/api/v1/events/"+eventID+"/delegations", delegationBody(kind, nameEN))["id"].(string)
}

func deadline() string { return testkit.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339) }

func invitationBody(delegationID, email string) map[string]any {
	return map[string]any{"delegation_id": delegationID, "language": "en", "rsvp_deadline": deadline(),
		"invitee": map[string]string{"honorific": "H.E. Mr", "given_names": "Given", "family_name": "Family",
			"office": "Minister of Justice", "email": email}}
}

func newInvitation(t *testing.T, env *apptest.Env, eventID, delegationID, email string) map[string]any {
	t.Helper()
	return mustCreate(t, env, "/api/v1/events/"+eventID+"/invitations", invitationBody(delegationID, email))
}

// count returns the number of rows in table.
func count(t *testing.T, env *apptest.Env, table string) int64 {
	t.Helper()
	var n int64
	if err := env.DB.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// snapshot counts the rows a bad request must not change.
func snapshot(t *testing.T, env *apptest.Env) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range []string{"delegations", "invitations", "invitation_letters", "audit_log"} {
		fmt.Fprintf(&b, "%s=%d ", tbl, count(t, env, tbl))
	}
	return b.String()
}
