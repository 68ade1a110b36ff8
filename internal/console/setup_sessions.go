package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/speakers"
)

// sessionFields are the single-valued fields of the session form.
var sessionFields = []string{"kind", "subtopics", "moderator", "zone_id", "starts_at", "ends_at", "position", "capacity"}

// sessionExtra is what the session form offers beside the kinds: the
// roles and badge categories a protocol event's invitation list is made of,
// and who has a role in each plenary (moderator, keynote speakers, experts).
type sessionExtra struct {
	Kinds, Roles []string
	Categories   []event.Category
	People       map[string][]speakers.Role // by session id
}

// setupSessions lists the programme in order with the form to add a
// session, or, with :session_id, the form to change that one.
func (c *Console) setupSessions(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "sessions")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.Param("session_id") != "" {
		ss, err := c.programmeSession(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = ss.ID
		sessionValues(p.Form, ss, v.Loc)
	}
	return c.renderSessions(ctx, p, v, http.StatusOK)
}

func (c *Console) renderSessions(ctx echo.Context, p *Page, v *setupView, status int) error {
	rctx := ctx.Request().Context()
	rows, err := c.Event.Store().FindSessions(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	if v.Zones, err = c.Event.Store().FindZones(rctx, p.Event.ID); err != nil {
		return err
	}
	cats, err := c.Event.Store().FindCategories(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	people := map[string][]speakers.Role{}
	for _, ss := range rows {
		if ss.Kind != "opening" && ss.Kind != "plenary" {
			continue
		}
		if people[ss.ID], err = c.Speakers.Roles(rctx, ss.ID, p.Lang); err != nil {
			return err
		}
	}
	v.Rows, v.Extra = rows, sessionExtra{Kinds: event.SessionKinds, Roles: event.DelegationRoles, Categories: cats, People: people}
	return c.render(ctx, status, "setup", p)
}

// programmeSession reads the session of a page from its :session_id.
func (c *Console) programmeSession(ctx echo.Context, p *Page) (event.Session, error) {
	id, err := httpx.ID(ctx, "session_id")
	if err != nil {
		return event.Session{}, err
	}
	return c.Event.Store().FindSessionByID(ctx.Request().Context(), p.Event.ID, id)
}

// sessionValues fills the form with a session as stored, its times in loc.
func sessionValues(f *Form, ss event.Session, loc *time.Location) {
	f.Values["kind"], f.Values["moderator"] = ss.Kind, ss.Moderator
	f.Values["subtopics"] = strings.Join(ss.Subtopics, "\n")
	f.Values["position"] = strconv.Itoa(ss.Position)
	if ss.ZoneID != nil {
		f.Values["zone_id"] = *ss.ZoneID
	}
	for name, t := range map[string]*time.Time{"starts_at": ss.StartsAt, "ends_at": ss.EndsAt} {
		if t != nil {
			f.Values[name] = t.In(loc).Format(deadlineLayout)
		}
	}
	showTexts(f, "titles", ss.Titles)
	if ss.Capacity != nil {
		f.Values["capacity"] = strconv.Itoa(*ss.Capacity)
	}
	f.Values["invite_roles"] = strings.Join(ss.InviteRoles, "\x00")
	f.Values["invite_category_ids"] = strings.Join(ss.InviteCategoryIDs, "\x00")
}

// saveSession adds a session, or changes the one of :session_id.
func (c *Console) saveSession(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "sessions")
	if err != nil {
		return c.renderError(ctx, err)
	}
	editing := ctx.Param("session_id") != ""
	if editing {
		ss, err := c.programmeSession(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = ss.ID
	}
	in := readSession(ctx, p.Form, v.Loc)
	if !p.Form.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderSessions(ctx, p, v, http.StatusBadRequest)
	}
	rctx := ctx.Request().Context()
	if editing {
		_, err = c.Event.UpdateSession(rctx, p.Event.ID, v.Editing, in)
	} else {
		_, err = c.Event.CreateSession(rctx, p.Event.ID, in)
	}
	if err != nil {
		refusePlaces(p.Form, err)
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderSessions(ctx, p, v, status)
	}
	return setupDone(ctx, p, "sessions", map[bool]string{true: "saved", false: "created"}[editing])
}

// readSession reads the session form; times are read in the event's zone.
func readSession(ctx echo.Context, f *Form, loc *time.Location) event.SessionInput {
	f.Read(ctx, sessionFields...)
	titles := readTexts(ctx, f, "titles")
	subtopics := []string{}
	for _, line := range strings.Split(f.Values["subtopics"], "\n") {
		if s := strings.TrimSpace(line); s != "" {
			subtopics = append(subtopics, s)
		}
	}
	kind, moderator := f.Values["kind"], strings.TrimSpace(f.Values["moderator"])
	roles, cats := readAll(ctx, f, "invite_roles"), readAll(ctx, f, "invite_category_ids")
	in := event.SessionInput{Kind: &kind, Titles: &titles, Subtopics: &subtopics, Moderator: &moderator,
		InviteRoles: &roles, InviteCategoryIDs: &cats}
	// An empty capacity is no limit; the service says which sessions may
	// have one at all.
	in.Capacity.Set = true
	if strings.TrimSpace(f.Values["capacity"]) != "" {
		in.Capacity.Value = number(f, "capacity")
	}
	in.ZoneID.Set = true
	if z := f.Values["zone_id"]; z != "" {
		in.ZoneID.Value = &z
	}
	if strings.TrimSpace(f.Values["position"]) != "" {
		in.Position = number(f, "position")
	}
	for name, dst := range map[string]*event.Nullable[time.Time]{"starts_at": &in.StartsAt, "ends_at": &in.EndsAt} {
		dst.Set = true
		s := strings.TrimSpace(f.Values[name])
		if s == "" {
			continue
		}
		t, err := time.ParseInLocation(deadlineLayout, s, loc)
		if err != nil {
			t, err = time.ParseInLocation(deadlineLayout+":05", s, loc)
		}
		if err != nil {
			f.Errors[name] = i18n.T(f.lang, "console.setup.err.time")
			continue
		}
		dst.Value = &t
	}
	return in
}

// deleteSession removes a session of the programme after a confirmation.
func (c *Console) deleteSession(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "sessions")
	if err != nil {
		return c.renderError(ctx, err)
	}
	ss, err := c.programmeSession(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.deleteConfirmed(ctx, p, textIn(ss.Titles, p.Lang)); !ok {
		return err
	}
	if err := c.Event.DeleteSession(ctx.Request().Context(), p.Event.ID, ss.ID); err != nil {
		p.Data = v
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderSessions(ctx, p, v, status)
	}
	return setupDone(ctx, p, "sessions", "deleted")
}

// refusePlaces marks the places and invitation list fields of a refused
// session in the form's language: a capacity below the members registered
// says how many are.
func refusePlaces(f *Form, err error) {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return
	}
	for _, fe := range ae.Fields {
		switch {
		case fe.Field == "capacity" && ae.Extra["registered"] != nil:
			f.Errors["capacity"] = i18n.T(f.lang, "console.setup.places.err_below_registered", ae.Extra["registered"])
		case fe.Field == "capacity" || fe.Field == "session_id" || strings.HasPrefix(fe.Field, "invite_"):
			name := fe.Field
			if i := strings.IndexAny(name, ".["); i > 0 {
				name = name[:i]
			}
			if f.Errors[name] == "" {
				f.Errors[name] = i18n.T(f.lang, "console.setup.places.err_"+name)
			}
		}
	}
}
