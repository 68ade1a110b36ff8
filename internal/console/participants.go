package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/names"
	"accreditation/internal/registration"
)

// participantsRoutes are the review queue and a participant's record: the
// list, its decisions on a selection, and one person's page with its own.
func (c *Console) participantsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/participants", c.participants)
	g.POST("/events/:event_id/participants/approve", c.approveParticipants)
	g.POST("/events/:event_id/participants/reject", c.rejectParticipants)
	g.GET("/participants/:participant_id", c.participant)
	g.GET("/participants/:participant_id/photo", c.participantPhoto)
	g.POST("/participants/:participant_id/approve", c.approveParticipant)
	g.POST("/participants/:participant_id/travel", c.participantTravel)
	g.POST("/participants/:participant_id/reject", c.rejectParticipant)
	g.POST("/participants/:participant_id/visa-letter", c.participantVisaLetter)
}

// statusAll is the status filter's value for every status; without a
// status the queue shows who awaits a decision.
const statusAll = "all"

var participantStatuses = []string{registration.Nominated, registration.Approved, registration.Rejected, registration.Withdrawn}

// ParticipantRow is one line of the review queue.
type ParticipantRow struct {
	registration.Participant
	Delegation event.Texts
	Category   *event.Category
	HasPhoto   bool
}

// Refusal is one item of a selection the service refused, with why.
type Refusal struct {
	ID, Name, Reason string
}

type participantList struct {
	Rows        []ParticipantRow
	Pager       Pager
	Sorter      Sorter
	Status      string // the status filter as chosen ("all" for any)
	Delegations []invitations.Delegation
	Categories  []event.Category
	Roles       []string
	Statuses    []string
	Filter      *Form // the filter form: what was asked, and a bad q marked
	Back        string
	Refused     []Refusal
}

// participants is the review queue: who awaits a decision first, filtered,
// searched, sorted and paged by keyset.
func (c *Console) participants(ctx echo.Context) error {
	p := c.page(ctx, "console.participants.title")
	p.Nav = "participants"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	participantsDone(ctx, p)
	p.Form = NewForm(p.Lang)
	return c.renderQueue(ctx, http.StatusOK, p, ctx)
}

// participantsDone shows the confirmation that ?done= names, from this
// screen's part of the catalogue.
func participantsDone(ctx echo.Context, p *Page) {
	d := ctx.QueryParam("done")
	key := "console.participants.done." + d
	if d == "" || !i18n.Has(key) {
		return
	}
	if strings.Contains(i18n.T(i18n.Fallback, key), "%d") {
		if n, err := strconv.Atoi(ctx.QueryParam("n")); err == nil && n >= 0 {
			p.Done = p.T(key, n)
		}
		return
	}
	p.Done = p.T(key)
}

// renderQueue renders the queue as asked by view's URL (the request itself,
// or for a form sent from the queue, the queue's address it came from).
func (c *Console) renderQueue(ctx echo.Context, status int, p *Page, view echo.Context) error {
	d, err := c.queueData(view, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Data = d
	return c.render(ctx, status, "participants", p)
}

func (c *Console) queueData(view echo.Context, p *Page) (*participantList, error) {
	rctx := view.Request().Context()
	d := &participantList{Roles: registration.Roles, Statuses: participantStatuses, Filter: NewForm(p.Lang),
		Sorter: NewSorter(view, registration.SortNominated, registration.ParticipantSorts...), Back: view.Request().URL.RequestURI()}
	f, err := queueFilter(view, p.Event.ID, d)
	if err != nil {
		return nil, err
	}
	f.Sort = d.Sorter.Param()
	if f.Page, err = httpx.ParseKeysetPage(view, 2); err != nil {
		return nil, err
	}
	if d.Delegations, _, err = c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID}); err != nil {
		return nil, err
	}
	if d.Categories, err = c.Event.Store().FindCategories(rctx, p.Event.ID); err != nil {
		return nil, err
	}
	ps, total, more, err := c.Registration.Store().FindParticipants(rctx, f)
	if err != nil {
		return nil, err
	}
	d.Rows = rowsOf(ps, d.Delegations, d.Categories)
	next := httpx.NewKeysetList(ps, total, more, f.Key).Next
	d.Pager = NewPager(view, f.Page, len(ps), total, next)
	return d, nil
}

// queueFilter reads the queue's filters from view's query. A value that is
// not one the selects offer is an Invalid error; a search text the service
// would not accept is marked beside the search field and not applied.
func queueFilter(view echo.Context, eventID string, d *participantList) (registration.ParticipantFilter, error) {
	fm := d.Filter
	fm.Read(view, "status", "delegation_id", "category_id", "role", "q")
	f := registration.ParticipantFilter{EventID: eventID, Status: fm.Value("status"), DelegationID: fm.Value("delegation_id"),
		CategoryID: fm.Value("category_id"), Role: fm.Value("role")}
	switch f.Status {
	case "":
		f.Status = registration.Nominated
	case statusAll:
		f.Status = ""
	}
	d.Status = f.Status
	if d.Status == "" {
		d.Status = statusAll
	}
	fm.Values["status"] = d.Status
	bad := (f.Status != "" && !slices.Contains(participantStatuses, f.Status)) ||
		(f.DelegationID != "" && !httpx.IsUUID(f.DelegationID)) || (f.CategoryID != "" && !httpx.IsUUID(f.CategoryID)) ||
		(f.Role != "" && !slices.Contains(registration.Roles, f.Role)) || fm.Error("status")+fm.Error("role") != ""
	if bad {
		return f, badFilter()
	}
	if q, err := names.Clean(fm.Value("q")); err != nil || fm.Error("q") != "" {
		fm.Errors["q"] = i18n.T(fm.lang, "console.participants.err.q")
	} else {
		f.Query = q
	}
	return f, nil
}

// rowsOf joins participants with their delegation's and category's names.
func rowsOf(ps []registration.Participant, ds []invitations.Delegation, cs []event.Category) []ParticipantRow {
	dels := make(map[string]event.Texts, len(ds))
	for _, d := range ds {
		dels[d.ID] = d.Names
	}
	out := make([]ParticipantRow, len(ps))
	for i, p := range ps {
		out[i] = ParticipantRow{Participant: p, Delegation: dels[p.DelegationID], HasPhoto: p.PhotoID != nil}
		if p.CategoryID != nil {
			if j := slices.IndexFunc(cs, func(c event.Category) bool { return c.ID == *p.CategoryID }); j >= 0 {
				out[i].Category = &cs[j]
			}
		}
	}
	return out
}

// queueView is a context that reads the queue as it was shown at back (a
// path of this event's queue, sent by the form), so that a refused form is
// shown again over the same list.
func queueView(ctx echo.Context, eventID string) echo.Context {
	base := Prefix + "/events/" + eventID + "/participants"
	u, err := url.Parse(ctx.FormValue("back"))
	if err != nil || u.Path != base || u.Host != "" || u.Scheme != "" {
		u = &url.URL{Path: base}
	}
	q := u.Query()
	q.Del("done")
	q.Del("n")
	u.RawQuery = q.Encode()
	r := ctx.Request().Clone(ctx.Request().Context())
	r.URL, r.Method, r.Body, r.Form, r.PostForm = u, http.MethodGet, http.NoBody, nil, nil
	view := ctx.Echo().NewContext(r, ctx.Response())
	view.SetParamNames("event_id")
	view.SetParamValues(eventID)
	return view
}

// selection reads the ids of the selected participants, each once, in the
// order sent, and keeps them ticked on the form.
func selection(ctx echo.Context, f *Form) []string {
	form, _ := ctx.FormParams()
	var ids []string
	for _, id := range form["ids"] {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	f.Values["ids"] = strings.Join(ids, "\x00")
	return ids
}
