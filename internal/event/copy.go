package event

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// CopyHook runs inside the transaction that copies an event, after the
// event's own setup is copied; an error rolls the whole copy back. Packages
// above this one register hooks at wiring time (invitations copies the letter
// templates).
type CopyHook func(ctx context.Context, tx *gorm.DB, from, to Event) error

// OnCopy adds h to what a copy of an event does.
func (s *Service) OnCopy(h CopyHook) { s.copyHooks = append(s.copyHooks, h) }

// CopyEvent makes a new event with the setup of the event sourceID: its
// languages, time zone, venue, reference format, quotas, zones, categories
// with their zones, checkpoints, signatories with their signature images, and
// the programme moved to the new dates; no delegations, invitations or people.
// in must give name and starts_on; ends_on defaults to the source's length,
// and any other field given replaces the source's. The translated names are
// not copied, since they name the old conference: the copy has in's, or its
// name alone until they are given. Everything is written in one transaction. Errors: NotFound
// (source), Invalid (fields, or a session that would fall outside the new
// days), Internal.
func (s *Service) CopyEvent(ctx context.Context, sourceID string, in EventInput) (Event, error) {
	src, err := s.store.FindEventByID(ctx, sourceID)
	if err != nil {
		return Event{}, err
	}
	var v apperr.Validator
	v.Check(in.Name != nil, "name", "is required")
	v.Check(in.StartsOn != nil, "starts_on", "is required")
	if err := v.Err(); err != nil {
		return Event{}, err
	}
	var out Event
	for range 5 { // event numbers: see CreateEvent
		err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var err error
			out, err = s.copyIn(ctx, tx, src, in)
			return err
		})
		if !apperr.Is(err, apperr.Conflict) {
			break
		}
	}
	return out, err
}

// copyIn does CopyEvent's work inside tx.
func (s *Service) copyIn(ctx context.Context, tx *gorm.DB, src Event, in EventInput) (Event, error) {
	st := s.store.In(tx)
	src, err := st.LockEvent(ctx, src.ID) // the setup read below is the one copied
	if err != nil {
		return Event{}, err
	}
	ev := copiedEvent(src, in)
	if err := ev.Validate(); err != nil {
		return Event{}, err
	}
	if err := s.insertEvent(ctx, tx, &ev); err != nil {
		return Event{}, err
	}
	zones, err := st.copyZones(ctx, src.ID, ev.ID)
	if err != nil {
		return Event{}, err
	}
	if err := st.copyCategories(ctx, src.ID, ev.ID, zones); err != nil {
		return Event{}, err
	}
	if err := st.copySignatories(ctx, src.ID, ev.ID); err != nil {
		return Event{}, err
	}
	if err := st.copySessions(ctx, src, ev, zones); err != nil {
		return Event{}, err
	}
	if err := st.copyCheckpoints(ctx, src.ID, ev.ID, zones); err != nil {
		return Event{}, err
	}
	for _, h := range s.copyHooks {
		if err := h(ctx, tx, src, ev); err != nil {
			return Event{}, err
		}
	}
	err = audit.NewStore(tx).Record(ctx, audit.Change{Action: "copy", Entity: "event", EntityID: ev.ID, EventID: ev.ID,
		Before: map[string]string{"source_event_id": src.ID}, After: ev})
	return ev, err
}

// copiedEvent is the new event a copy of src makes, before numbering: the
// source's settings with in's fields over them, and ends_on keeping the
// source's length unless in gives it.
func copiedEvent(src Event, in EventInput) Event {
	ev := newEvent()
	ev.Venue, ev.City, ev.Country, ev.Timezone = src.Venue, src.City, src.Country, src.Timezone
	ev.VenueNames, ev.CityNames, ev.CountryNames = clone(src.VenueNames), clone(src.CityNames), clone(src.CountryNames)
	ev.Languages = append(Strings{}, src.Languages...)
	ev.BadgeLanguages = append(Strings{}, src.BadgeLanguages...)
	ev.ReferenceFormat, ev.RSVPGraceDays, ev.ReminderDays = src.ReferenceFormat, src.RSVPGraceDays, src.ReminderDays
	for k, n := range src.DefaultQuotas {
		ev.DefaultQuotas[k] = n
	}
	if in.EndsOn == nil && in.StartsOn != nil {
		if days, ok := daysBetween(src.StartsOn, src.EndsOn); ok {
			if start, err := time.Parse(time.DateOnly, *in.StartsOn); err == nil {
				ends := start.AddDate(0, 0, days).Format(time.DateOnly)
				in.EndsOn = &ends
			}
		}
	}
	in.apply(&ev)
	// A copy in fewer languages keeps the texts of those it works in.
	for _, t := range []Texts{ev.VenueNames, ev.CityNames, ev.CountryNames} {
		for lang := range t {
			if !ev.UsesLanguage(lang) {
				delete(t, lang)
			}
		}
	}
	ev.BadgeLanguages = slices.DeleteFunc(ev.BadgeLanguages, func(l string) bool { return !ev.UsesLanguage(l) })
	return ev
}

// clone is a copy of t that shares no map with it.
func clone(t Texts) Texts {
	out := Texts{}
	for k, v := range t {
		out[k] = v
	}
	return out
}

// daysBetween is the number of days from the date a to the date b.
func daysBetween(a, b string) (int, bool) {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int(tb.Sub(ta).Hours() / 24), true
}

// shifted is t moved by days, keeping its time of day on the wall clock of
// loc (a session at 09:00 stays at 09:00 across a change of daylight saving).
func shifted(t *time.Time, days int, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	moved := t.In(loc).AddDate(0, 0, days).UTC()
	return &moved
}

// movedSession is ss of src moved into ev by the difference between their
// first days, with its zone mapped through zones when zones is not nil.
func movedSession(ss Session, src, ev Event, zones map[string]string) Session {
	days, _ := daysBetween(src.StartsOn, ev.StartsOn)
	loc := src.Location()
	ss.StartsAt, ss.EndsAt = shifted(ss.StartsAt, days, loc), shifted(ss.EndsAt, days, loc)
	if zones != nil {
		ss.ID, ss.EventID = httpx.NewID(), ev.ID
		if ss.ZoneID != nil {
			z := zones[*ss.ZoneID]
			ss.ZoneID = &z
		}
		cats := Strings{}
		for _, c := range ss.InviteCategoryIDs {
			cats = append(cats, zones[c])
		}
		ss.InviteCategoryIDs = cats
	}
	return ss
}

// sessionOutside is the error for a session that would fall outside an
// event's days after a change of dates.
func sessionOutside(ss Session) error {
	return apperr.Fields(apperr.Field("ends_on",
		"the session %q would fall outside the event's days", ss.Titles.In("en")))
}
