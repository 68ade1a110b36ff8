package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	textrule "accreditation/internal/names"
	"accreditation/internal/registration"
)

// badgeEvent is an event with two delegations, a category and approved
// participants, each with an active badge.
type badgeEvent struct {
	ID, Delegation, Other, Category, Empty string
	Badges                                 []badges.Badge // in the order of the people
	People                                 []fixtures.Name
}

func (s *site) badgeEvent(n int) badgeEvent {
	s.t.Helper()
	ev := badgeEvent{ID: s.event()}
	db := s.env.DB.DB
	now := s.env.Now()
	exec := func(q string, args ...any) {
		s.t.Helper()
		if err := db.Exec(q, args...).Error; err != nil {
			s.t.Fatalf("%.40s: %v", q, err)
		}
	}
	invitation := map[string]string{}
	for i, name := range []string{"Republic of Azerbaijan", "Kingdom of Morocco"} {
		id := httpx.NewID()
		exec(`INSERT INTO delegations (id, event_id, kind, name_en, names, protocol_order, created_at, updated_at)
			VALUES (?, ?, 'member_state', ?, ?, ?, ?, ?)`, id, ev.ID, name, `{"en":"`+name+`"}`, i+1, now, now)
		inv := httpx.NewID()
		exec(`INSERT INTO invitations (id, event_id, delegation_id, language, quota, rsvp_deadline, status, email, email_key, created_at, updated_at)
			VALUES (?, ?, ?, 'en', 50, ?, 'accepted', ?, ?, ?, ?)`, inv, ev.ID, id, now.Add(240*time.Hour), inv+"@gov.example", inv+"@gov.example", now, now)
		invitation[id] = inv
		if i == 0 {
			ev.Delegation = id
		} else {
			ev.Other = id
		}
	}
	ev.Category, ev.Empty = httpx.NewID(), httpx.NewID()
	for i, id := range []string{ev.Category, ev.Empty} {
		exec(`INSERT INTO categories (id, event_id, code, names, colour, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, '#8B1A1A', ?, ?, ?)`, id, ev.ID, []string{"HOD", "MED"}[i],
			[]string{`{"en":"Head of Delegation","ar":"رئيس الوفد"}`, `{"en":"Media"}`}[i], i, now, now)
	}
	ctx := actor.With(context.Background(), actor.Actor{Kind: actor.User, ID: s.env.IDs["secretariat"], Name: "secretariat"})
	names := fixtures.Names()
	for i := range n {
		name := names[i%len(names)]
		del := ev.Delegation
		if i == n-1 {
			del = ev.Other
		}
		p := registration.Participant{ID: httpx.NewID(), EventID: ev.ID, InvitationID: invitation[del], DelegationID: del,
			Honorific: name.Honorific, GivenNames: name.Given, FamilyName: name.Family, NativeName: name.Native,
			Function: "Minister", Role: registration.Delegate, Status: registration.Approved, CategoryID: &ev.Category}
		exec(`INSERT INTO participants (id, event_id, invitation_id, delegation_id, honorific, given_names, family_name,
			native_name, function, role, status, category_id, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.EventID, p.InvitationID, p.DelegationID,
			p.Honorific, p.GivenNames, p.FamilyName, p.NativeName, p.Function, p.Role, p.Status, ev.Category,
			textrule.Fold(name.Full()+" "+name.Native), now, now)
		err := db.Transaction(func(tx *gorm.DB) error { return s.env.App.Services.Badges.Approved(ctx, tx, p) })
		if err != nil {
			s.t.Fatal(err)
		}
		d, err := s.env.App.Services.Badges.ForParticipant(ctx, p.ID)
		if err != nil {
			s.t.Fatal(err)
		}
		ev.Badges = append(ev.Badges, d.Badge)
		ev.People = append(ev.People, name)
	}
	return ev
}

// badge reads a badge as stored.
func (s *site) badge(id string) badges.Badge {
	s.t.Helper()
	d, err := s.env.App.Services.Badges.Badge(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	return d.Badge
}

// language chooses the console's language for the rest of the session.
func (s *site) language(lang, from string) {
	s.t.Helper()
	p := s.post("/console/language", url.Values{"_csrf": {s.csrf(from)}, "lang": {lang}, "next": {from}})
	if p.Status != http.StatusSeeOther {
		s.t.Fatalf("choose %s: %d", lang, p.Status)
	}
}

func TestBadgePagesRender(t *testing.T) {
	s := newSite(t)
	ev := s.badgeEvent(3)
	b := ev.Badges[0]
	s.env.DB.Exec(`UPDATE badges SET printed_at = ? WHERE id = ?`, s.env.Now(), b.ID)
	list := "/console/events/" + ev.ID + "/badges"
	for _, role := range []string{"admin", "secretariat"} {
		for _, lang := range []string{"en", "ar"} {
			s.client = newClient()
			s.signIn(role)
			s.language(lang, list)
			for path, want := range map[string]string{
				list:                                                ev.People[1].Native,
				list + "?printed=yes":                               ev.People[0].Family,
				list + "?collected=no&printed=no":                   ev.People[1].Family,
				list + "?delegation_id=" + ev.Other:                 ev.People[2].Family,
				list + "?category_id=" + ev.Category:                ev.People[0].Family,
				list + "?arrived=today":                             "<h1>",
				list + "?status=all&sort=-name":                     ev.People[0].Family,
				list + "?q=" + url.QueryEscape(ev.People[1].Native): ev.People[1].Family,
				"/console/badges/" + b.ID:                           `id="badge-pdf"`,
				"/console/badges/" + b.ID + "?layout=cr80":          `badge.pdf?layout=cr80`,
				"/console/events/" + ev.ID + "/prints":              `id="print-form"`,
			} {
				p := s.get(path)
				if p.Status != http.StatusOK || !strings.Contains(p.Body, want) {
					t.Errorf("%s %s GET %s: %d, want 200 with %q", role, lang, path, p.Status, want)
				}
				if lang == "ar" && !strings.Contains(p.Body, `dir="rtl"`) {
					t.Errorf("%s in Arabic is not right to left", path)
				}
			}
		}
	}
	if p := s.get(list + "?q=" + url.QueryEscape(ev.People[0].Family)); strings.Contains(p.Body, ev.People[1].Family) {
		t.Error("the search by name kept another holder")
	}
	for path, want := range map[string]int{
		list + "?printed=maybe":                        400,
		list + "?status=lost":                          400,
		list + "?delegation_id=x":                      400,
		list + "?cursor=%ff":                           400,
		"/console/badges/not-a-uuid":                   400,
		"/console/badges/" + httpx.NewID():             404,
		"/console/events/" + httpx.NewID() + "/badges": 404,
		"/console/prints/" + httpx.NewID():             404,
	} {
		if p := s.get(path); p.Status != want || !strings.Contains(p.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d, want %d as a page", path, p.Status, want)
		}
	}
	// The badge's image is framed by its page, and only by the console.
	pdf := s.get("/console/badges/" + b.ID + "/badge.pdf")
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF") ||
		pdf.Header.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(pdf.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Errorf("badge PDF: %d %s %q %q", pdf.Status, pdf.Header.Get("Content-Type"), pdf.Header.Get("X-Frame-Options"),
			pdf.Header.Get("Content-Security-Policy"))
	}
	if page := s.get("/console/badges/" + b.ID); page.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("the badge's page itself may be framed: %q", page.Header.Get("X-Frame-Options"))
	}
}
