package console

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/badges"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
)

// printsRoutes are the pages of an event's print jobs: the list with the
// form that starts one, a job with its progress, and its file.
func (c *Console) printsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/prints", c.printList)
	g.POST("/events/:event_id/prints", c.createPrint)
	g.GET("/prints/:print_id", c.printPage)
	g.GET("/prints/:print_id/file", c.printFile)
}

// printProgressRoute is the JSON a job's page polls for its progress bar,
// registered on the console's open group g: it answers a console session
// or an API token itself, with 401 and 403 as problems rather than the
// sign-in page, as the contract describes.
func (c *Console) printProgressRoute(g *echo.Group) {
	g.GET("/prints/:print_id/progress", c.printProgress, c.staffJSON)
}

// staffJSON lets a JSON request through with the staff actor of its console
// session or of its bearer token.
func (c *Console) staffJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ctx echo.Context) error {
		a, _, err := c.authenticate(ctx)
		if err != nil {
			if tok, ok := bearer(ctx.Request()); ok {
				a, err = c.Auth.Authenticate(ctx.Request().Context(), tok)
			}
		}
		if err != nil {
			return apperr.Unauthorizedf("sign in to the console first")
		}
		if !slices.Contains(auth.Staff, a.Role) {
			return apperr.Forbiddenf("only the Secretariat may follow print jobs")
		}
		noStore(ctx)
		ctx.SetRequest(ctx.Request().WithContext(actor.With(ctx.Request().Context(), a)))
		return next(ctx)
	}
}

func bearer(r *http.Request) (string, bool) {
	const scheme = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(scheme) || h[:len(scheme)] != scheme {
		return "", false
	}
	return h[len(scheme):], true
}

// printRow is one job of the list, with who started it.
type printRow struct {
	badges.PrintJob
	By string
}

type printList struct {
	Jobs        []printRow
	Pager       Pager
	Delegations []invitations.Delegation
	Categories  []event.Category
	Layouts     []badges.Layout
	Loc         *time.Location
}

// printList lists an event's print jobs, newest first, under the form that
// starts one.
func (c *Console) printList(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.prints.title", "prints")
	p.Form = NewForm(p.Lang)
	p.Form.Values["layout"] = string(badges.A6)
	p.Form.Values["only_unprinted"] = "1"
	return c.renderPrints(ctx, p, http.StatusOK)
}

func (c *Console) renderPrints(ctx echo.Context, p *Page, status int) error {
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	jobs, total, err := c.Badges.Prints.Jobs(rctx, badges.PrintJobFilter{EventID: p.Event.ID, Page: pg})
	if err != nil {
		return c.renderError(ctx, err)
	}
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: p.Event.ID})
	if err != nil {
		return err
	}
	cats, err := c.Event.Store().FindCategories(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	d := printList{Pager: NewPager(ctx, pg, len(jobs), total, httpx.NewList(jobs, total, pg).Next),
		Delegations: dels, Categories: cats, Layouts: badges.Layouts, Loc: p.Event.Location()}
	for _, j := range jobs {
		d.Jobs = append(d.Jobs, printRow{PrintJob: j, By: c.userName(rctx, j.CreatedBy)})
	}
	p.Data = d
	return c.render(ctx, status, "prints", p)
}

// userName is the name of the account id, or the id when it is not one.
func (c *Console) userName(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	u, err := c.Auth.Store().FindUserByID(ctx, id)
	if err != nil {
		return id
	}
	return u.Name
}

// createPrint starts a print job for the badges chosen by the form (all of
// the event's active badges, or a delegation's or a category's, only those
// not printed yet if asked) and goes to its page.
func (c *Console) createPrint(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.prints.title", "prints")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	f.Read(ctx, "delegation_id", "category_id", "only_unprinted", "layout")
	p.Form = f
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderPrints(ctx, p, http.StatusBadRequest)
	}
	in := badges.PrintInput{Layout: f.Value("layout"), OnlyUnprinted: f.Value("only_unprinted") != ""}
	if v := f.Value("delegation_id"); v != "" {
		in.DelegationID = &v
	}
	if v := f.Value("category_id"); v != "" {
		in.CategoryID = &v
	}
	j, err := c.Badges.Prints.Create(ctx.Request().Context(), p.Event.ID, in)
	if err != nil {
		if p.Problem = f.Refuse(err); p.Problem == "" {
			return err
		}
		if apperr.Is(err, apperr.Conflict) {
			p.Problem = p.T("console.badges.prints.nothing")
		}
		return c.renderPrints(ctx, p, httpStatus(err))
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/prints/"+j.ID+"?done=print_started")
}

type printView struct {
	Job      printRow
	Delegate string // the delegation's name, if the job is one delegation's
	Category string // the category's name, if the job is one category's
	Running  bool
	FileKB   int64
	Loc      *time.Location
}

// printPage shows a job: what it prints, a progress bar that follows it
// (the page refreshes itself without JavaScript), and its file once done.
func (c *Console) printPage(ctx echo.Context) error {
	p := c.badgesPage(ctx, "console.badges.prints.one_title", "prints")
	id, err := httpx.ID(ctx, "print_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	j, err := c.Badges.Prints.Job(rctx, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	ev, err := c.Event.Store().FindEventByID(rctx, j.EventID)
	if err != nil {
		return err
	}
	named(&ev)
	p.Event = &ev
	if j.Status != badges.JobQueued && ctx.QueryParam("done") == "print_started" {
		p.Done = "" // the page reloaded by its progress bar: the job has moved on
	}
	v := printView{Job: printRow{PrintJob: j, By: c.userName(rctx, j.CreatedBy)},
		Running: j.Status == badges.JobQueued || j.Status == badges.JobRunning, FileKB: (j.FileSize + 1023) / 1024,
		Loc: ev.Location()}
	if id := j.Selection.DelegationID; id != nil {
		if d, err := c.Invitations.Delegation(rctx, *id); err == nil {
			v.Delegate = p.In(d.Names)
			if v.Delegate == "" {
				v.Delegate = d.NameEN
			}
		}
	}
	if id := j.Selection.CategoryID; id != nil {
		if cat, err := c.Event.Store().FindCategoryByID(rctx, ev.ID, *id); err == nil {
			v.Category = p.In(cat.Names)
		}
	}
	p.Data = v
	return c.render(ctx, http.StatusOK, "print", p)
}

// printProgress is a job's progress as its page's bar reads it.
func (c *Console) printProgress(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "print_id")
	if err != nil {
		return err
	}
	j, err := c.Badges.Prints.Job(ctx.Request().Context(), id)
	if err != nil {
		return err
	}
	out := struct {
		Done    int     `json:"done"`
		Total   int     `json:"total"`
		State   string  `json:"state"`
		Error   string  `json:"error"`
		FileURL *string `json:"file_url"`
	}{Done: j.Done, Total: j.Total, State: j.Status, Error: j.Error}
	if j.Status == badges.JobDone {
		u := Prefix + "/prints/" + j.ID + "/file"
		out.FileURL = &u
	}
	return httpx.JSON(ctx, http.StatusOK, out)
}

// printFile sends a finished job's file, a PDF or a ZIP of PDFs.
func (c *Console) printFile(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "print_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	f, err := c.Badges.Prints.File(ctx.Request().Context(), id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	return f.Send(ctx)
}
