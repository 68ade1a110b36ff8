package console

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/visa"
)

// passportOf reads what a participant's page shows of visa support: whether
// the event asks for passport details, and the details for the staff who
// read the page (nil when none were given). Errors: Internal.
func (c *Console) passportOf(ctx context.Context, eventID, participantID string) (bool, *visa.Record, error) {
	if c.Visa == nil {
		return false, nil, nil
	}
	set, err := c.Visa.SettingsOf(ctx, eventID)
	if err != nil {
		return false, nil, err
	}
	r, err := c.Visa.PassportOf(ctx, participantID)
	if apperr.Is(err, apperr.NotFound) {
		return set.AskPassport, nil, nil
	}
	if err != nil {
		return false, nil, err
	}
	return set.AskPassport, &r, nil
}

// participantVisaLetter answers the participant's visa support letter; a
// refusal (not approved, no passport details, no signatory) shows their
// page again with the reason.
func (c *Console) participantVisaLetter(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	pdf, name, err := c.Visa.Letter(ctx.Request().Context(), id)
	if err != nil {
		p := c.page(ctx, "console.participants.record")
		p.Form = NewForm(p.Lang)
		if p.Problem = visaRefusal(p.Lang, err); p.Problem == "" {
			return c.renderError(ctx, err)
		}
		return c.renderRecord(ctx, httpx.StatusOf(err), p)
	}
	ctx.Response().Header().Set("Cache-Control", "no-store")
	ctx.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return ctx.Blob(http.StatusOK, "application/pdf", pdf)
}

// visaRefusal says in lang why no visa letter was drawn; "" for an error
// the page cannot explain.
func visaRefusal(lang string, err error) string {
	ae, ok := asAppErr(err)
	if !ok || ae.Kind != apperr.Conflict {
		return ""
	}
	key := map[string]string{"not-approved": "err_not_approved", "no-passport": "err_no_passport",
		"no-signatory": "err_no_signatory"}[ae.Type]
	if key == "" {
		return refusalText(lang, err)
	}
	return i18n.T(lang, "visa.console."+key)
}
