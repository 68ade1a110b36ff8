package console

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// auditRoutes are the audit log of one event (every member of staff) and
// the whole log (admins), with entries of no event such as accounts.
func (c *Console) auditRoutes(g *echo.Group) {
	g.GET("/events/:event_id/audit", c.eventAudit)
	g.GET("/audit", c.allAudit)
}

// auditEntities are the kinds of record the log names, offered as choices
// of the filter (any other kind may still be typed).
var auditEntities = []string{"badge", "category", "checkpoint", "credentials_letter", "delegation", "device", "event",
	"invitation", "letter_template", "outbox", "participant", "print_job", "scanner", "session", "signatory",
	"signing_key", "user", "zone"}

// auditWord is what an action or an entity kind is made of.
var auditWord = regexp.MustCompile(`^[a-z0-9_-]{1,60}$`)

type auditView struct {
	Entries  []LogLine
	Pager    Pager
	Entities []string
	Base     string // the page's address without its query
	Zone     string // the timezone the times are in
	Global   bool
}

// LogLine is one entry as the log shows it: its time where the page
// reads times, a link to the record it changed, and what changed.
type LogLine struct {
	audit.Entry
	When    string
	Link    string // the record's console page, or ""
	Same    string // the log filtered to this record
	Changes []FieldChange
}

func (c *Console) eventAudit(ctx echo.Context) error {
	p := c.page(ctx, "console.audit.title")
	p.Nav = "audit"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	return c.renderAudit(ctx, p, p.Event.Location(), p.Event.Timezone)
}

func (c *Console) allAudit(ctx echo.Context) error {
	p := c.page(ctx, "console.audit.all_title")
	p.Nav = "audit-all"
	if p.User.Role != actor.Admin {
		return c.renderError(ctx, apperr.Forbiddenf("only an admin may read the whole audit log"))
	}
	return c.renderAudit(ctx, p, time.UTC, "UTC")
}

// renderAudit lists the entries the filters of the query select, newest
// first, a page at a time; a filter it cannot read is shown again with its
// message, and nothing is listed.
func (c *Console) renderAudit(ctx echo.Context, p *Page, loc *time.Location, zone string) error {
	v := auditView{Entities: auditEntities, Zone: zone, Global: p.Event == nil, Base: Prefix + "/audit"}
	if p.Event != nil {
		v.Base = Prefix + "/events/" + p.Event.ID + "/audit"
	}
	p.Data = v
	f, ok := c.auditFilter(ctx, p, loc)
	if !ok {
		p.Problem = p.T("console.err.fix")
		return c.render(ctx, http.StatusBadRequest, "audit", p)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	f.Page = pg
	entries, total, err := audit.NewStore(c.DB).Find(ctx.Request().Context(), f)
	if err != nil {
		return err
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, LogLine{Entry: e, When: e.At.In(loc).Format("2006-01-02 15:04:05"),
			Link: entityLink(e, p.User.Role == actor.Admin), Same: v.Base + queryOf("entity", e.Entity, "entity_id", e.EntityID),
			Changes: diffFields(e.Before, e.After)})
	}
	v.Pager = NewPager(ctx, pg, len(entries), total, httpx.NewList(entries, total, pg).Next)
	p.Data = v
	return c.render(ctx, http.StatusOK, "audit", p)
}

// auditFilter reads the filters of the query into the page's form and the
// log's filter; times are read in loc. It reports false when a field is
// marked.
func (c *Console) auditFilter(ctx echo.Context, p *Page, loc *time.Location) (audit.Filter, bool) {
	p.Form = NewForm(p.Lang)
	for _, name := range []string{"who", "action", "entity", "entity_id", "from", "to"} {
		v := ctx.QueryParam(name)
		if !validText(v) {
			p.Form.Errors[name] = p.T("console.err.utf8")
			v = strings.ToValidUTF8(v, "")
		}
		p.Form.Values[name] = strings.TrimSpace(v)
	}
	fv := p.Form.Values
	f := audit.Filter{Who: fv["who"], Action: fv["action"], Entity: fv["entity"], EntityID: fv["entity_id"]}
	if p.Event != nil {
		f.EventID = p.Event.ID
	}
	for _, w := range []string{"action", "entity"} {
		if fv[w] != "" && !auditWord.MatchString(fv[w]) {
			p.Form.Errors[w] = p.T("console.audit.bad_word")
		}
	}
	for _, l := range []string{"who", "entity_id"} {
		if len(fv[l]) > 200 {
			p.Form.Errors[l] = p.T("console.audit.too_long")
		}
	}
	var err error
	if f.Since, err = parseWhen(fv["from"], loc, false); err != nil {
		p.Form.Errors["from"] = p.T("console.audit.bad_time")
	}
	if f.Until, err = parseWhen(fv["to"], loc, true); err != nil {
		p.Form.Errors["to"] = p.T("console.audit.bad_time")
	}
	if f.Since != nil && f.Until != nil && !f.Until.After(*f.Since) && p.Form.Errors["to"] == "" {
		p.Form.Errors["to"] = p.T("console.audit.to_before_from")
	}
	return f, p.Form.OK()
}

func validText(s string) bool {
	return strings.ToValidUTF8(s, "\uFFFD") == s && !strings.ContainsRune(s, 0)
}

// parseWhen reads a time typed in loc: a date and time to the minute (as
// a datetime-local field sends it), or a date alone. As the end of a span
// (end) it includes that minute, or that whole day.
func parseWhen(s string, loc *time.Location, end bool) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	s = strings.Replace(s, " ", "T", 1)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		if end && layout == "2006-01-02" {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
		} else if end {
			t = t.Add(time.Minute).Truncate(time.Minute)
		}
		u := t.UTC()
		return &u, nil
	}
	return nil, apperr.Fields(apperr.Field("time", "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM"))
}

// entityLink is the console page of the record an entry changed, where the
// console has one (accounts only for an admin).
func entityLink(e audit.Entry, admin bool) string {
	id := e.EntityID
	if !httpx.IsUUID(id) {
		return ""
	}
	switch e.Entity {
	case "invitation":
		return Prefix + "/invitations/" + id
	case "participant":
		return Prefix + "/participants/" + id
	case "badge":
		return Prefix + "/badges/" + id
	case "print_job":
		return Prefix + "/prints/" + id
	case "delegation":
		return Prefix + "/delegations/" + id
	case "event":
		return Prefix + "/events/" + id
	case "device", "scanner":
		if e.EventID != nil {
			return Prefix + "/events/" + *e.EventID + "/devices"
		}
	case "user":
		if admin {
			return Prefix + "/users#u-" + id
		}
	}
	return ""
}
