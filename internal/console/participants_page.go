package console

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
	"accreditation/internal/visa"
)

// historyLimit is how many scans and audit entries a participant's page shows.
const historyLimit = 100

// AuditLine is one entry of a participant's audit trail, as shown.
type AuditLine struct {
	At       time.Time
	Action   string // translated
	Actor    string
	From, To string // the status before and after, translated, when it changed
}

type participantRecord struct {
	P          registration.Participant
	Delegation invitations.Delegation
	Invitation invitations.Invitation
	Category   *event.Category
	Categories []event.Category
	Badge      *badges.Detail
	Scans      []checkin.ScanRecord
	ScanN      int
	Audit      []AuditLine
	AuditN     int
	Loc        *time.Location
	Travel     registration.Travel
	// TravelForm is the Secretariat's form for the travel the event asks
	// (nil when it asks nothing).
	TravelForm *registration.TravelForm
	travelSet  registration.TravelSettings
	// VisaAsked says whether the event asks for passport details, and
	// Passport holds them, for the staff who read the page (visa_page.go).
	VisaAsked bool
	Passport  *visa.Record
}

// participant is one person's record: every detail, the decisions on it,
// their badge, their scans at the doors and the audit trail.
func (c *Console) participant(ctx echo.Context) error {
	p := c.page(ctx, "console.participants.record")
	participantsDone(ctx, p)
	p.Form = NewForm(p.Lang)
	return c.renderRecord(ctx, http.StatusOK, p)
}

func (c *Console) renderRecord(ctx echo.Context, status int, p *Page) error {
	p.Nav = "participants"
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	d, err := c.record(ctx.Request().Context(), p, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Data = d
	return c.render(ctx, status, "participant", p)
}

// record reads everything a participant's page shows. Errors: NotFound.
func (c *Console) record(rctx context.Context, p *Page, id string) (*participantRecord, error) {
	pt, err := c.Registration.Store().FindParticipantByID(rctx, id, false)
	if err != nil {
		return nil, err
	}
	ev, err := c.Event.Store().FindEventByID(rctx, pt.EventID)
	if err != nil {
		return nil, err
	}
	named(&ev)
	p.Event = &ev
	d := &participantRecord{P: pt, Loc: ev.Location()}
	var (
		entries []audit.Entry
		auditN  int64
	)
	g, gctx := errgroup.WithContext(rctx)
	g.Go(func() (err error) { d.Delegation, err = c.Invitations.Delegation(gctx, pt.DelegationID); return err })
	g.Go(func() (err error) { d.Invitation, err = c.Invitations.Invitation(gctx, pt.InvitationID); return err })
	g.Go(func() (err error) { d.Categories, err = c.Event.Store().FindCategories(gctx, pt.EventID); return err })
	g.Go(func() error {
		b, err := c.Badges.ForParticipant(gctx, id)
		if apperr.Is(err, apperr.NotFound) {
			return nil
		}
		d.Badge = &b
		return err
	})
	g.Go(func() (err error) { d.Scans, d.ScanN, err = c.Checkin.ScansOf(gctx, id, historyLimit); return err })
	g.Go(func() (err error) { d.Travel, err = c.Registration.Store().FindTravel(gctx, pt); return err })
	g.Go(func() (err error) {
		d.travelSet, err = c.Registration.Store().FindTravelSettings(gctx, pt.EventID)
		return err
	})
	g.Go(func() (err error) { d.VisaAsked, d.Passport, err = c.passportOf(gctx, pt.EventID, id); return err })
	g.Go(func() (err error) {
		entries, auditN, err = audit.NewStore(c.DB).Find(gctx, audit.Filter{Entity: "participant", EntityID: id,
			Page: httpx.Page{Limit: historyLimit}})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if d.Travel.ParticipantID == "" {
		d.Travel.ParticipantID = pt.ID
	}
	d.TravelForm = registration.NewTravelForm(p.Lang, ev, d.travelSet, d.Travel, nil, nil)
	for i, cat := range d.Categories {
		if pt.CategoryID != nil && cat.ID == *pt.CategoryID {
			d.Category = &d.Categories[i]
		}
	}
	d.Audit, d.AuditN = auditLines(p.Lang, entries), int(auditN)
	return d, nil
}

// auditLines translates audit entries of a participant, with the change of
// status each made.
func auditLines(lang string, entries []audit.Entry) []AuditLine {
	out := make([]AuditLine, len(entries))
	for i, e := range entries {
		l := AuditLine{At: e.At, Actor: e.ActorName, Action: e.Action}
		if key := "console.participants.action." + e.Action; i18n.Has(key) {
			l.Action = i18n.T(lang, key)
		}
		if l.Actor == "" {
			l.Actor = e.ActorKind
		}
		from, to := statusIn(e.Before), statusIn(e.After)
		if from != to {
			l.From, l.To = statusText(lang, from), statusText(lang, to)
		}
		out[i] = l
	}
	return out
}

func statusIn(snapshot *string) string {
	if snapshot == nil {
		return ""
	}
	var v struct {
		Status string `json:"status"`
	}
	_ = json.Unmarshal([]byte(*snapshot), &v)
	return v.Status
}

func statusText(lang, status string) string {
	if status == "" {
		return ""
	}
	return i18n.T(lang, "console.participants.status."+status)
}

// participantPhoto serves a participant's photo to the console, whose pages
// have no bearer token for the API's route; the same store reads it.
func (c *Console) participantPhoto(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return err
	}
	rctx := ctx.Request().Context()
	pt, err := c.Registration.Store().FindParticipantByID(rctx, id, false)
	if err != nil {
		return err
	}
	ph, err := c.Registration.Store().FindPhoto(rctx, pt)
	if err != nil {
		return err
	}
	etag := `"` + ph.SHA256 + `"`
	ctx.Response().Header().Set("Cache-Control", "private, max-age=300")
	ctx.Response().Header().Set("ETag", etag)
	if ctx.Request().Header.Get("If-None-Match") == etag {
		return ctx.NoContent(http.StatusNotModified)
	}
	return ctx.Blob(http.StatusOK, ph.ContentType, ph.Data)
}

// approveParticipant accredits one participant from their page.
func (c *Console) approveParticipant(ctx echo.Context) error {
	return c.decideOne(ctx, "approve", func(f *Form) decision {
		f.Read(ctx, "category_id")
		return c.approval(f)
	})
}

// rejectParticipant refuses one participant from their page, after asking.
func (c *Console) rejectParticipant(ctx echo.Context) error {
	return c.decideOne(ctx, "reject", func(f *Form) decision {
		f.Read(ctx, "reason")
		return c.rejection(f)
	})
}

// decideOne runs a decision on the participant of the page; a refusal shows
// the page again with what was typed and the message beside its field.
func (c *Console) decideOne(ctx echo.Context, action string, read func(*Form) decision) error {
	p := c.page(ctx, "console.participants.record")
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	p.Form = f
	d := read(f)
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderRecord(ctx, http.StatusBadRequest, p)
	}
	if action == "reject" {
		if _, err := c.record(ctx.Request().Context(), p, id); err != nil {
			return c.renderError(ctx, err)
		}
		if ok, err := c.confirmed(ctx, p, p.T("console.participants.confirm_reject", 1)); !ok {
			return err
		}
	}
	if _, err := d.take(ctx.Request().Context(), id); err != nil {
		if p.Problem = f.Refuse(err); p.Problem == "" {
			return err
		}
		if !onField(err, d.field) {
			p.Problem = refusalText(p.Lang, err)
		}
		return c.renderRecord(ctx, httpx.StatusOf(err), p)
	}
	key := map[string]string{"approve": "approved_one", "reject": "rejected_one"}[action]
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/participants/"+id+"?done="+key)
}

// participantTravel saves the Secretariat's changes to a participant's
// travel (any participant, at any time); a refusal shows the page again
// with the messages beside the fields and nothing stored.
func (c *Console) participantTravel(ctx echo.Context) error {
	p := c.page(ctx, "console.participants.record")
	p.Form = NewForm(p.Lang)
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if err := ctx.Request().ParseForm(); err != nil {
		return c.renderError(ctx, apperr.Invalidf("the form could not be read"))
	}
	in, values, err := registration.ReadTravelForm(ctx.Request().PostForm)
	if err == nil {
		_, err = c.Registration.UpdateTravelByStaff(ctx.Request().Context(), id, in)
	}
	if err == nil {
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/participants/"+id+"?done=travel")
	}
	errs := registration.TravelErrors(p.Lang, err)
	if errs == nil {
		return c.renderError(ctx, err)
	}
	p.Nav = "participants"
	d, err := c.record(ctx.Request().Context(), p, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if d.TravelForm != nil {
		d.TravelForm = registration.NewTravelForm(p.Lang, *p.Event, d.travelSet, d.Travel, values, errs)
	}
	p.Problem = p.T("console.err.fix")
	p.Data = d
	return c.render(ctx, http.StatusBadRequest, "participant", p)
}
