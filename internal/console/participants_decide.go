package console

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/registration"
)

// decision is one accreditation decision to take on each selected
// participant: field is the form's field the service may refuse (the
// category or the reason), the same for every item.
type decision struct {
	field string
	take  func(ctx context.Context, id string) (registration.Participant, error)
}

// outcome is what a decision on a selection did.
type outcome struct {
	done    int
	refused []Refusal
	// formErr is a refusal of the form's field itself (no category, no
	// reason): shown beside the field, and nothing was decided.
	formErr error
}

// decide takes d on each id in turn: a refusal of one never stops the
// others, except a refusal of the form's own field, which would refuse all.
func (c *Console) decide(ctx context.Context, lang string, ids []string, d decision) outcome {
	var o outcome
	for _, id := range ids {
		if !httpx.IsUUID(id) {
			o.refused = append(o.refused, Refusal{ID: id, Reason: i18n.T(lang, "console.participants.err.no_such")})
			continue
		}
		_, err := d.take(ctx, id)
		if err == nil {
			o.done++
			continue
		}
		if onField(err, d.field) {
			o.formErr = err
			return o
		}
		r := Refusal{ID: id, Reason: refusalText(lang, err)}
		if p, ferr := c.Registration.Store().FindParticipantByID(ctx, id, false); ferr == nil {
			r.Name = strings.Join(strings.Fields(p.GivenNames+" "+p.FamilyName), " ")
		}
		o.refused = append(o.refused, r)
	}
	return o
}

func asAppErr(err error) (*apperr.Error, bool) {
	var ae *apperr.Error
	ok := errors.As(err, &ae)
	return ae, ok
}

// badFilter is the refusal of a queue's filter that none of its selects
// offers (a hand-made address).
func badFilter() error { return apperr.Invalidf("a filter of this list has a value it does not offer") }

// onField reports whether err is an Invalid refusal of the field.
func onField(err error, field string) bool {
	ae, ok := asAppErr(err)
	if !ok || ae.Kind != apperr.Invalid {
		return false
	}
	for _, f := range ae.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// refusalText says in lang why the service refused one participant.
func refusalText(lang string, err error) string {
	ae, ok := asAppErr(err)
	if !ok || ae.Kind == apperr.Internal {
		return i18n.T(lang, "console.error.other")
	}
	switch {
	case ae.Kind == apperr.NotFound:
		return i18n.T(lang, "console.participants.err.no_such")
	case ae.Type == "photo-required":
		return i18n.T(lang, "console.participants.err.photo")
	case ae.Kind == apperr.Conflict && ae.Extra["current_status"] != nil:
		status, _ := ae.Extra["current_status"].(string)
		return i18n.T(lang, "console.participants.err.status", i18n.T(lang, "console.participants.status."+status))
	}
	if lang == i18n.Fallback && ae.Detail != "" {
		return ae.Detail
	}
	return i18n.T(lang, "console.error."+strings.ReplaceAll(strings.ToLower(http.StatusText(httpx.StatusOf(err))), " ", "_"))
}

// approveParticipants accredits the selected participants in one category.
func (c *Console) approveParticipants(ctx echo.Context) error {
	return c.decideSelection(ctx, "approve", func(f *Form) (decision, bool) {
		f.Read(ctx, "category_id")
		return c.approval(f), f.OK()
	})
}

// rejectParticipants refuses the selected participants with one reason,
// after asking.
func (c *Console) rejectParticipants(ctx echo.Context) error {
	return c.decideSelection(ctx, "reject", func(f *Form) (decision, bool) {
		f.Read(ctx, "reason")
		return c.rejection(f), f.OK()
	})
}

// approval is the approval in the form's category; a missing category is
// marked on the form (the service names a wrong one).
func (c *Console) approval(f *Form) decision {
	cat := f.Value("category_id")
	if !httpx.IsUUID(cat) && f.Error("category_id") == "" {
		f.Errors["category_id"] = i18n.T(f.lang, "console.participants.err.category")
	}
	return decision{field: "category_id", take: func(ctx context.Context, id string) (registration.Participant, error) {
		return c.Registration.Approve(ctx, id, cat)
	}}
}

// rejection is the rejection with the form's reason; a reason left empty is
// marked before asking for confirmation (the service checks the rest).
func (c *Console) rejection(f *Form) decision {
	if strings.TrimSpace(f.Value("reason")) == "" && f.Error("reason") == "" {
		f.Errors["reason"] = i18n.T(f.lang, "console.participants.err.reason")
	}
	reason := f.Value("reason")
	return decision{field: "reason", take: func(ctx context.Context, id string) (registration.Participant, error) {
		return c.Registration.Reject(ctx, id, reason)
	}}
}

// decideSelection runs a decision on the queue's selection: it reads the
// form (read), asks first for a rejection, then reports how many were
// decided and which were refused and why. A form at fault is shown again
// over the same list with the message beside its field.
func (c *Console) decideSelection(ctx echo.Context, action string, read func(*Form) (decision, bool)) error {
	p := c.page(ctx, "console.participants.title")
	p.Nav = "participants"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	view := queueView(ctx, p.Event.ID)
	f := NewForm(p.Lang)
	p.Form = f
	ids := selection(ctx, f)
	d, ok := read(f)
	if len(ids) == 0 {
		f.Errors["ids"] = p.T("console.participants.err.none")
		ok = false
	}
	if !ok {
		p.Problem = p.T("console.err.fix")
		return c.renderQueue(ctx, http.StatusBadRequest, p, view)
	}
	if action == "reject" {
		if ok, err := c.confirmed(ctx, p, p.T("console.participants.confirm_reject", len(ids))); !ok {
			return err
		}
	}
	o := c.decide(ctx.Request().Context(), p.Lang, ids, d)
	if o.formErr != nil {
		if p.Problem = f.Refuse(o.formErr); p.Problem == "" {
			return o.formErr
		}
		return c.renderQueue(ctx, httpx.StatusOf(o.formErr), p, view)
	}
	key := map[string]string{"approve": "approved", "reject": "rejected"}[action]
	if len(o.refused) == 0 {
		back := view.Request().URL
		q := back.Query()
		q.Set("done", key)
		q.Set("n", strconv.Itoa(o.done))
		return ctx.Redirect(http.StatusSeeOther, back.Path+"?"+q.Encode())
	}
	p.Done = p.T("console.participants.done."+key, o.done)
	p.Problem = p.T("console.participants.refused_n", len(o.refused))
	p.Form = NewForm(p.Lang)
	status := http.StatusOK
	if o.done == 0 {
		status = http.StatusConflict
	}
	return c.renderQueueRefused(ctx, status, p, view, o.refused)
}

func (c *Console) renderQueueRefused(ctx echo.Context, status int, p *Page, view echo.Context, refused []Refusal) error {
	d, err := c.queueData(view, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	d.Refused = refused
	p.Data = d
	return c.render(ctx, status, "participants", p)
}
