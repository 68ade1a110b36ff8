package badges_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"accreditation/internal/badges"
	"accreditation/internal/fixtures"
	"accreditation/internal/httpx"
	textrule "accreditation/internal/names"
)

func TestListBadges(t *testing.T) {
	f := newFixture(t)
	ctx := ctxAs("secretariat")
	names := fixtures.Names()
	other := f.addDelegation(t, f.eventID, "Kingdom of Morocco", 2)
	otherInv := f.addInvitation(t, f.eventID, other)
	var b []badges.Detail
	for i, who := range []person{{name: names[0]}, {name: names[1]}, {name: names[5]}, {name: names[8], delegationID: other, invitationID: otherInv}} {
		p := f.addParticipant(t, who)
		f.exec(t, `UPDATE participants SET search_text = ? WHERE id = ?`,
			textrule.Fold(who.name.Full()+" "+who.name.Native), p.ID)
		b = append(b, f.approve(t, p))
		if i == 2 {
			f.exec(t, `UPDATE participants SET category_id = NULL WHERE id = ?`, p.ID)
		}
	}
	now := f.env.Now()
	f.exec(t, `UPDATE badges SET printed_at = ? WHERE id IN (?, ?)`, now, b[0].ID, b[1].ID)
	if _, err := f.svc.Collected(ctx, b[0].ID); err != nil {
		t.Fatal(err)
	}
	reprinted, err := f.svc.Reprint(ctx, b[1].ID, "lost")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Revoke(ctx, b[2].ID, "left"); err != nil {
		t.Fatal(err)
	}
	// Let in on 18 March in Baku (UTC+4), at 01:30 local time: 17 March in UTC.
	in := time.Date(2013, 3, 17, 21, 30, 0, 0, time.UTC)
	f.exec(t, `INSERT INTO scans (scan_id, event_id, checkpoint_id, zone_id, direction, code_hash, badge_id, participant_id,
		verdict, scanned_at, received_at, fingerprint) VALUES (?, ?, ?, ?, 'in', 'x', ?, ?, 'ok', ?, ?, 'x')`,
		httpx.NewID(), f.eventID, httpx.NewID(), httpx.NewID(), b[3].ID, b[3].ParticipantID, in, in)

	yes, no := true, false
	for _, c := range []struct {
		name string
		f    badges.BadgeFilter
		want []string
	}{
		{"all, by number then newest version", badges.BadgeFilter{}, []string{b[0].ID, reprinted.ID, b[1].ID, b[2].ID, b[3].ID}},
		{"current", badges.BadgeFilter{Status: badges.Current}, []string{b[0].ID, reprinted.ID, b[3].ID}},
		{"revoked", badges.BadgeFilter{Status: badges.Revoked}, []string{b[2].ID}},
		{"printed", badges.BadgeFilter{Printed: &yes}, []string{b[0].ID, b[1].ID}},
		{"current not printed", badges.BadgeFilter{Status: badges.Current, Printed: &no}, []string{reprinted.ID, b[3].ID}},
		{"collected", badges.BadgeFilter{Collected: &yes}, []string{b[0].ID}},
		{"delegation", badges.BadgeFilter{DelegationID: other}, []string{b[3].ID}},
		{"category", badges.BadgeFilter{CategoryID: f.categoryID, Status: badges.Current}, []string{b[0].ID, reprinted.ID, b[3].ID}},
		{"arrived on the 18th in Baku", badges.BadgeFilter{ArrivedOn: "2013-03-18"}, []string{b[3].ID}},
		{"arrived on the 17th", badges.BadgeFilter{ArrivedOn: "2013-03-17"}, nil},
		{"native name", badges.BadgeFilter{Query: "فاطمة"}, []string{reprinted.ID, b[1].ID}},
		{"Latin name, any case and accent", badges.BadgeFilter{Query: "agayeva"}, []string{b[3].ID}},
		{"number", badges.BadgeFilter{Query: "#" + strconv.Itoa(b[2].Number)}, []string{b[2].ID}},
		{"by name descending", badges.BadgeFilter{Sort: "-name", Status: badges.Current, DelegationID: f.delegationID},
			[]string{reprinted.ID, b[0].ID}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.f.EventID = f.eventID
			lines, total, err := f.svc.Badges(context.Background(), c.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range lines {
				got = append(got, l.ID)
			}
			if !slices.Equal(got, c.want) || int(total) != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, total, c.want)
			}
		})
	}
	lines, _, err := f.svc.Badges(context.Background(), badges.BadgeFilter{EventID: f.eventID, Query: names[8].Family})
	if err != nil || len(lines) != 1 {
		t.Fatalf("%v %v", lines, err)
	}
	l := lines[0]
	if l.Number != b[3].Number || l.Version != 1 || l.Status != badges.Active || l.NativeName != names[8].Native ||
		l.DelegationID != other || l.DelegationName["en"] != "Kingdom of Morocco" || l.CategoryCode == nil || *l.CategoryCode != "HOD" {
		t.Errorf("line %+v", l)
	}
}

func TestListBadgesRefuses(t *testing.T) {
	f := newFixture(t)
	for _, bad := range []badges.BadgeFilter{
		{EventID: f.eventID, Status: "lost"},
		{EventID: f.eventID, Sort: "code"},
		{EventID: f.eventID, DelegationID: "x"},
		{EventID: f.eventID, CategoryID: "1; DROP"},
		{EventID: f.eventID, ArrivedOn: "today"},
	} {
		if _, _, err := f.svc.Badges(context.Background(), bad); httpx.StatusOf(err) != 400 {
			t.Errorf("%+v: %v, want Invalid", bad, err)
		}
	}
	if _, _, err := f.svc.Badges(context.Background(), badges.BadgeFilter{EventID: httpx.NewID()}); httpx.StatusOf(err) != 404 {
		t.Errorf("unknown event: %v", err)
	}
	for in, ok := range map[string]bool{"lost at the desk": true, "": false, " ": false, "a\u202Eb": false,
		"\xff": false, string(make([]rune, 501)): false} {
		if _, err := badges.CheckReason(in); (err == nil) != ok {
			t.Errorf("CheckReason(%q): %v", in, err)
		}
	}
}
