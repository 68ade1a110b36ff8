package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/visa"
)

// visaRoutes are the visa settings' page under the setup path s: whether
// the RSVP page asks for passport details, and how many days after the
// event's last day they are erased.
func (c *Console) visaRoutes(g *echo.Group, s string) {
	g.GET(s+"/visa", c.setupVisa)
	g.POST(s+"/visa", c.saveVisa)
}

// visaExtra is what the visa settings' page shows beside the form.
type visaExtra struct {
	MaxDays int
}

// setupVisa shows the event's visa settings.
func (c *Console) setupVisa(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "visa")
	if err != nil {
		return c.renderError(ctx, err)
	}
	set, err := c.Visa.SettingsOf(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if set.AskPassport {
		p.Form.Values["ask_passport"] = "yes"
	}
	p.Form.Values["erase_after_days"] = strconv.Itoa(set.EraseAfterDays)
	return c.renderVisa(ctx, p, v, http.StatusOK)
}

func (c *Console) renderVisa(ctx echo.Context, p *Page, v *setupView, status int) error {
	v.Extra = visaExtra{MaxDays: visa.MaxEraseAfterDays}
	return c.render(ctx, status, "setup_visa", p)
}

// saveVisa changes the event's visa settings; a number of days that is not
// a whole number from 0 to visa.MaxEraseAfterDays is refused beside its
// field and nothing is stored.
func (c *Console) saveVisa(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "visa")
	if err != nil {
		return c.renderError(ctx, err)
	}
	f := p.Form
	f.Read(ctx, "ask_passport", "erase_after_days")
	ask := f.Values["ask_passport"] == "yes"
	days, err := strconv.Atoi(strings.TrimSpace(f.Values["erase_after_days"]))
	if err != nil || days < 0 || days > visa.MaxEraseAfterDays {
		f.Errors["erase_after_days"] = p.T("visa.setup.err_days", visa.MaxEraseAfterDays)
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderVisa(ctx, p, v, http.StatusBadRequest)
	}
	if _, err := c.Visa.SetSettings(ctx.Request().Context(), p.Event.ID, visa.SettingsInput{AskPassport: &ask, EraseAfterDays: &days}); err != nil {
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderVisa(ctx, p, v, status)
	}
	return setupDone(ctx, p, "visa", "saved")
}
