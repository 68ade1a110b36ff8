package badges

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
)

// cards turns stored rows into the plain data Render draws: the event's
// name, the delegation and the category in the event's badge languages.
func cards(rows []cardRow) []Card {
	out := make([]Card, len(rows))
	for i, r := range rows {
		colour := ""
		if r.CategoryColour != nil {
			colour = *r.CategoryColour
		}
		langs := event.Event{Languages: r.Languages, BadgeLanguages: r.BadgeLanguages}.BadgeLangs()
		main, alt := langs[0], ""
		if len(langs) > 1 {
			alt = langs[1]
		}
		ev := event.Event{Name: r.EventName, Names: r.EventNames}
		c := Card{EventName: ev.NameIn(main), EventDates: invitations.FormatDates(main, r.StartsOn, r.EndsOn),
			Category: r.CategoryNames.In(main), CategoryColour: colour, Photo: r.PhotoData,
			Honorific: r.Honorific, Name: strings.TrimSpace(r.GivenNames + " " + r.FamilyName),
			NativeName: r.NativeName, Function: r.Function, Delegation: textIn(r.DelegationNames, main, r.DelegationName),
			Code: r.Code, Number: r.Number, Version: r.Version}
		if alt != "" {
			c.EventNameAlt = other(c.EventName, ev.NameIn(alt))
			c.CategoryAlt = other(c.Category, r.CategoryNames.In(alt))
			c.DelegationAlt = other(c.Delegation, textIn(r.DelegationNames, alt, r.DelegationName))
		}
		for _, z := range r.Zones {
			c.Zones = append(c.Zones, strings.ToUpper(z))
		}
		out[i] = c
	}
	return out
}

// textIn is t in lang, else in English, else fallback.
func textIn(t event.Texts, lang, fallback string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	return fallback
}

// other is s unless it says the same as main ("Expert" in English and
// French), which a badge prints once.
func other(main, s string) string {
	if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(main)) {
		return ""
	}
	return s
}

// FormatDates writes an event's first and last days (YYYY-MM-DD) as printed
// on a badge: "18–19 March 2013", "30 March – 2 April 2013". A date that does
// not parse is printed as given.
func FormatDates(startsOn, endsOn string) string {
	s, err1 := time.Parse(time.DateOnly, startsOn)
	e, err2 := time.Parse(time.DateOnly, endsOn)
	switch {
	case err1 != nil || err2 != nil:
		return strings.TrimSpace(startsOn + " – " + endsOn)
	case s.Equal(e):
		return s.Format("2 January 2006")
	case s.Year() != e.Year():
		return s.Format("2 January 2006") + " – " + e.Format("2 January 2006")
	case s.Month() != e.Month():
		return s.Format("2 January") + " – " + e.Format("2 January 2006")
	}
	return fmt.Sprintf("%d–%s", s.Day(), e.Format("2 January 2006"))
}

// renderBadges renders the badges ids (in that order) into one PDF. A photo
// that cannot be read is a Conflict naming the badge; nothing is written.
func renderBadges(ctx context.Context, st *Store, ids []string, layout Layout, opts RenderOptions) ([]byte, error) {
	rows, err := st.findCardRows(ctx, ids)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = Render(&buf, layout, cards(rows), opts)
	var pe *PhotoError
	if errors.As(err, &pe) {
		return nil, photoConflict(rows[pe.Index], pe.Err)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// photoConflict is the Conflict for the unreadable photo of the badge of r.
func photoConflict(r cardRow, err error) error {
	return apperr.Conflictf("the stored photo of %s (badge %d) cannot be read: %v; upload the photo again",
		strings.TrimSpace(r.GivenNames+" "+r.FamilyName), r.Number, err).Typed("photo-unreadable").
		With("badge_id", r.BadgeID)
}

// PDF renders one badge in layout. It returns NotFound, Invalid for an
// unknown layout, and Conflict for a badge that is not active (with its
// status) or whose stored photo cannot be read.
func (s *Service) PDF(ctx context.Context, id string, layout string) ([]byte, Badge, error) {
	l, err := ParseLayout(layout)
	if err != nil {
		return nil, Badge{}, apperr.Fields(apperr.Field("layout", "%v", err))
	}
	b, err := s.store.findBadge(ctx, id)
	if err != nil {
		return nil, b, err
	}
	if b.Status != Active {
		return nil, b, apperr.Conflictf("only an active badge can be printed; this one is %s", b.Status).With("current_status", b.Status)
	}
	pdf, err := renderBadges(ctx, s.store, []string{id}, l, RenderOptions{Title: NumberText(b.Number, b.Version), CreationDate: clock.Of(s.DB)()})
	return pdf, b, err
}
