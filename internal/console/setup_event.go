package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/event"
	"accreditation/internal/i18n"
)

// eventFields are the single-valued fields of the event's details form.
var eventFields = []string{"name", "venue", "city", "country", "timezone", "starts_on", "ends_on",
	"reference_format", "rsvp_grace_days", "reminder_days"}

// eventExtra is what the details page offers beside the form.
type eventExtra struct {
	Kinds []string // delegation kinds, one default quota each
}

// setupEvent shows the event's details as a form.
func (c *Console) setupEvent(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "")
	if err != nil {
		return c.renderError(ctx, err)
	}
	eventValues(p.Form, *p.Event)
	return c.renderSetupEvent(ctx, p, v, http.StatusOK)
}

func (c *Console) renderSetupEvent(ctx echo.Context, p *Page, v *setupView, status int) error {
	v.Extra = eventExtra{Kinds: event.DelegationKinds}
	return c.render(ctx, status, "setup", p)
}

// eventValues fills the form with the event as stored.
func eventValues(f *Form, ev event.Event) {
	for name, value := range map[string]string{"name": ev.Name, "venue": ev.Venue, "city": ev.City,
		"country": ev.Country, "timezone": ev.Timezone, "starts_on": ev.StartsOn, "ends_on": ev.EndsOn,
		"reference_format": ev.ReferenceFormat, "rsvp_grace_days": strconv.Itoa(ev.RSVPGraceDays),
		"reminder_days": strconv.Itoa(ev.ReminderDays)} {
		f.Values[name] = value
	}
	showTexts(f, "names", ev.Names)
	showTexts(f, "venue_names", ev.VenueNames)
	showTexts(f, "city_names", ev.CityNames)
	showTexts(f, "country_names", ev.CountryNames)
	for i, l := range ev.BadgeLanguages {
		f.Values["badge_language_"+strconv.Itoa(i+1)] = l
	}
	f.Values["languages"] = strings.Join(ev.Languages, "\x00")
	for _, k := range event.DelegationKinds {
		if n, ok := ev.DefaultQuotas[k]; ok {
			f.Values["quota_"+k] = strconv.Itoa(n)
		}
	}
}

// saveEvent changes the event's details through the service the API
// calls; a refusal shows the form again with each message beside its field.
func (c *Console) saveEvent(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "")
	if err != nil {
		return c.renderError(ctx, err)
	}
	f := p.Form
	in := readEvent(ctx, f)
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderSetupEvent(ctx, p, v, http.StatusBadRequest)
	}
	if _, err := c.Event.UpdateEvent(ctx.Request().Context(), p.Event.ID, in); err != nil {
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderSetupEvent(ctx, p, v, status)
	}
	return setupDone(ctx, p, "", "saved")
}

// readEvent reads the details form into the service's input; numbers that
// are not numbers are marked on the form.
func readEvent(ctx echo.Context, f *Form) event.EventInput {
	f.Read(ctx, eventFields...)
	str := func(name string) *string { s := strings.TrimSpace(f.Values[name]); return &s }
	names := readTexts(ctx, f, "names")
	venues, cities, countries := readTexts(ctx, f, "venue_names"), readTexts(ctx, f, "city_names"), readTexts(ctx, f, "country_names")
	langs := readAll(ctx, f, "languages")
	f.Read(ctx, "badge_language_1", "badge_language_2")
	badge := []string{}
	for _, l := range []string{f.Values["badge_language_1"], f.Values["badge_language_2"]} {
		if l = strings.TrimSpace(l); l != "" {
			badge = append(badge, l)
		}
	}
	in := event.EventInput{Name: str("name"), Names: &names, Venue: str("venue"), VenueNames: &venues,
		City: str("city"), CityNames: &cities, Country: str("country"), CountryNames: &countries,
		Timezone: str("timezone"), StartsOn: str("starts_on"), EndsOn: str("ends_on"),
		Languages: &langs, BadgeLanguages: &badge, ReferenceFormat: str("reference_format"),
		RSVPGraceDays: number(f, "rsvp_grace_days"), ReminderDays: number(f, "reminder_days")}
	quotas := event.Quotas{}
	for _, k := range event.DelegationKinds {
		name := "quota_" + k
		f.Read(ctx, name)
		if strings.TrimSpace(f.Values[name]) == "" {
			continue
		}
		if n := number(f, name); n != nil {
			quotas[k] = *n
		} else if f.Errors["default_quotas"] == "" {
			f.Errors["default_quotas"] = f.Errors[name]
		}
	}
	in.DefaultQuotas = &quotas
	return in
}

// number reads a whole number from a field already read; anything else is
// marked on the field and gives nil.
func number(f *Form, name string) *int {
	n, err := strconv.Atoi(strings.TrimSpace(f.Values[name]))
	if err != nil {
		if f.Errors[name] == "" {
			f.Errors[name] = i18n.T(f.lang, "console.setup.err.number")
		}
		return nil
	}
	return &n
}
