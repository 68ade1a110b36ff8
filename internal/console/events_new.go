package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/event"
	"accreditation/internal/i18n"
)

// The fields of the new event's form and of the copy's.
var (
	newEventFields  = []string{"name", "venue", "city", "country", "timezone", "starts_on", "ends_on", "reference_format"}
	copyEventFields = []string{"name", "starts_on", "ends_on", "reference_format"}
)

// eventsRoutes are the pages that make an event: a new one, or a copy of
// one with its setup.
func (c *Console) eventsRoutes(g *echo.Group) {
	g.GET("/events/new", c.newEventPage)
	g.POST("/events/new", c.createEvent)
	g.GET("/events/:event_id/copy", c.copyEventPage)
	g.POST("/events/:event_id/copy", c.copyEvent)
}

// newEventForm is what the new event's page shows beside the Form.
type newEventForm struct {
	Languages []string
}

func (c *Console) newEventPage(ctx echo.Context) error {
	p := c.page(ctx, "console.newevent.title")
	p.Form = NewForm(p.Lang)
	p.Form.Values["timezone"] = "UTC"
	p.Form.Values["reference_format"] = "{seq:03}"
	p.Form.Values["languages"] = strings.Join(event.Languages, "\x00")
	p.Data = newEventForm{Languages: event.Languages}
	return c.render(ctx, http.StatusOK, "event_new", p)
}

func (c *Console) createEvent(ctx echo.Context) error {
	p := c.page(ctx, "console.newevent.title")
	p.Form = NewForm(p.Lang)
	p.Form.Read(ctx, newEventFields...)
	langs := formLanguages(ctx, p.Form)
	in := event.EventInput{Languages: &langs}
	for _, f := range []struct {
		name string
		dst  **string
	}{{"name", &in.Name}, {"venue", &in.Venue}, {"city", &in.City}, {"country", &in.Country},
		{"timezone", &in.Timezone}, {"starts_on", &in.StartsOn}, {"ends_on", &in.EndsOn},
		{"reference_format", &in.ReferenceFormat}} {
		v := strings.TrimSpace(p.Form.Values[f.name])
		*f.dst = &v
	}
	country := strings.ToUpper(*in.Country)
	in.Country = &country
	if p.Form.OK() {
		ev, err := c.Event.CreateEvent(ctx.Request().Context(), in)
		if err == nil {
			return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+ev.ID+"/setup?done=event_created")
		}
		if p.Problem = p.Form.Refuse(err); p.Problem == "" {
			return c.renderError(ctx, err)
		}
	} else {
		p.Problem = p.T("console.err.fix")
	}
	p.Data = newEventForm{Languages: event.Languages}
	return c.render(ctx, http.StatusUnprocessableEntity, "event_new", p)
}

// formLanguages reads the checked languages of the form, in the service's
// order, keeping what was checked on the form for showing it again.
func formLanguages(ctx echo.Context, f *Form) []string {
	form, _ := ctx.FormParams()
	var langs []string
	for _, l := range form["languages"] {
		if !event.IsLanguage(l) {
			f.Errors["languages"] = i18n.T(f.lang, "console.newevent.err.languages")
			continue
		}
		langs = append(langs, l)
	}
	f.Values["languages"] = strings.Join(langs, "\x00")
	return langs
}

// copyForm is what the copy's page shows: the source and what its setup
// holds.
type copyForm struct {
	Source     event.Event
	Start, End string // the source's days, isolated for right-to-left text
	Counts     []copyCount
}

// copyCount is how many of one kind of setup row a copy takes.
type copyCount struct {
	Key string // catalogue key of the kind
	N   int
}

func (c *Console) copyEventPage(ctx echo.Context) error {
	p := c.page(ctx, "console.newevent.copy_title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	// The references go on letters: the copy's should say its own year or place.
	p.Form.Values["reference_format"] = p.Event.ReferenceFormat
	return c.renderCopy(ctx, p, http.StatusOK)
}

func (c *Console) renderCopy(ctx echo.Context, p *Page, status int) error {
	counts, err := c.setupCounts(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return err
	}
	p.Data = copyForm{Source: *p.Event, Start: isolated(p.Event.StartsOn), End: isolated(p.Event.EndsOn), Counts: counts}
	return c.render(ctx, status, "event_copy", p)
}

// setupCounts counts what a copy of the event takes with it.
func (c *Console) setupCounts(ctx context.Context, eventID string) ([]copyCount, error) {
	st := c.Event.Store()
	zones, err := st.FindZones(ctx, eventID)
	if err != nil {
		return nil, err
	}
	cats, err := st.FindCategories(ctx, eventID)
	if err != nil {
		return nil, err
	}
	cps, err := st.FindCheckpoints(ctx, eventID)
	if err != nil {
		return nil, err
	}
	sigs, err := st.FindSignatories(ctx, eventID)
	if err != nil {
		return nil, err
	}
	sessions, err := st.FindSessions(ctx, eventID)
	if err != nil {
		return nil, err
	}
	return []copyCount{{"console.newevent.zones", len(zones)}, {"console.newevent.categories", len(cats)},
		{"console.newevent.checkpoints", len(cps)}, {"console.newevent.signatories", len(sigs)},
		{"console.newevent.sessions", len(sessions)}}, nil
}

func (c *Console) copyEvent(ctx echo.Context) error {
	p := c.page(ctx, "console.newevent.copy_title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	p.Form.Read(ctx, copyEventFields...)
	var in event.EventInput
	name, starts := strings.TrimSpace(p.Form.Values["name"]), strings.TrimSpace(p.Form.Values["starts_on"])
	if name != "" {
		in.Name = &name
	}
	if starts != "" {
		in.StartsOn = &starts
	}
	if ends := strings.TrimSpace(p.Form.Values["ends_on"]); ends != "" {
		in.EndsOn = &ends
	}
	if ref := strings.TrimSpace(p.Form.Values["reference_format"]); ref != "" {
		in.ReferenceFormat = &ref
	}
	if p.Form.OK() {
		ev, err := c.Event.CopyEvent(ctx.Request().Context(), p.Event.ID, in)
		if err == nil {
			return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+ev.ID+"/setup?done=event_copied")
		}
		if p.Problem = p.Form.Refuse(err); p.Problem == "" {
			return c.renderError(ctx, err)
		}
	} else {
		p.Problem = p.T("console.err.fix")
	}
	return c.renderCopy(ctx, p, http.StatusUnprocessableEntity)
}

// isolated wraps s in Unicode's first-strong isolate, so that a date inside
// a sentence in Arabic keeps its own order.
func isolated(s string) string { return "\u2068" + s + "\u2069" }
