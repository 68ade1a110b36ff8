package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// devicesRoutes are the pages of an event's scanner devices: the list with
// what each last reported and the form that creates one for a checkpoint;
// one device with its pairing QR code, a new code, and revocation.
func (c *Console) devicesRoutes(g *echo.Group) {
	g.GET("/events/:event_id/devices", c.deviceList)
	g.POST("/events/:event_id/devices", c.createDevice)
	g.GET("/events/:event_id/devices/:device_id", c.devicePage)
	g.POST("/events/:event_id/devices/:device_id/pairing-code", c.newPairingCode)
	g.GET("/events/:event_id/devices/:device_id/pairing.png", c.pairingQR)
	g.POST("/events/:event_id/devices/:device_id/revoke", c.revokeDevice)
}

// devicesPage is c.page for the devices' screen: ?done= names a text of its
// catalogue ("console.devices.done.<key>").
func (c *Console) devicesPage(ctx echo.Context, title string) *Page {
	p := c.page(ctx, title)
	p.Nav = "devices"
	if key := "console.devices.done." + ctx.QueryParam("done"); p.Done == "" && i18n.Has(key) {
		p.Done = p.T(key)
	}
	return p
}

type deviceList struct {
	Devices     []checkin.Scanner
	Pager       Pager
	Checkpoints []event.Checkpoint
	Languages   []LangOption
}

func (c *Console) deviceList(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.title")
	p.Form = NewForm(p.Lang)
	return c.renderDevices(ctx, p, http.StatusOK)
}

func (c *Console) renderDevices(ctx echo.Context, p *Page, status int) error {
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	rctx := ctx.Request().Context()
	devs, total, err := c.Checkin.Devices(rctx, p.Event.ID, pg.Limit, pg.Offset)
	if err != nil {
		return c.renderError(ctx, err)
	}
	cps, err := c.Event.Store().FindCheckpoints(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	p.Data = deviceList{Devices: devs, Checkpoints: cps, Languages: p.Languages(),
		Pager: NewPager(ctx, pg, len(devs), total, httpx.NewList(devs, total, pg).Next)}
	return c.render(ctx, status, "devices", p)
}

// createDevice registers a device for a checkpoint and shows its page with
// the pairing QR code; a refusal shows the list again with the messages
// beside the fields.
func (c *Console) createDevice(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.title")
	f := NewForm(p.Lang)
	f.Read(ctx, "name", "language", "checkpoint_id")
	p.Form = f
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	if !f.OK() {
		p.Problem = i18n.T(p.Lang, "console.err.fix")
		return c.renderDevices(ctx, p, http.StatusBadRequest)
	}
	d, err := c.Checkin.CreateDevice(ctx.Request().Context(), p.Event.ID, checkin.DeviceInput{
		Name: f.Value("name"), Language: f.Value("language"), CheckpointID: f.Value("checkpoint_id")})
	if err != nil {
		if p.Problem = f.Refuse(err); p.Problem == "" {
			return err
		}
		for _, k := range []string{"checkpoint_id", "name", "language"} {
			if f.Errors[k] != "" {
				f.Errors[k] = p.T("console.devices.err." + strings.TrimSuffix(k, "_id"))
			}
		}
		return c.renderDevices(ctx, p, httpStatus(err))
	}
	p.Done = p.T("console.devices.done.created")
	return c.renderDevice(ctx, p, http.StatusCreated, d.ID, &d.Pairing)
}

type devicePage struct {
	Device  checkin.Scanner
	Pairing *auth.PairingCode // a code just issued, shown once
	QR      string            // the address of its QR code image
	Link    string            // what the QR code holds: the door page that pairs with it
}

func (c *Console) devicePage(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.one_title")
	return c.renderDevice(ctx, p, http.StatusOK, ctx.Param("device_id"), nil)
}

// eventDevice loads the page's event and one of its devices: a device of
// another event is NotFound here.
func (c *Console) eventDevice(ctx echo.Context, p *Page, id string) (checkin.Scanner, error) {
	if err := c.loadEvent(ctx, p); err != nil {
		return checkin.Scanner{}, err
	}
	if !httpx.IsUUID(id) {
		return checkin.Scanner{}, apperr.NotFoundf("no such device")
	}
	d, err := c.Checkin.Device(ctx.Request().Context(), id)
	if err == nil && d.EventID != p.Event.ID {
		err = apperr.NotFoundf("no such device in this event")
	}
	return d, err
}

func (c *Console) renderDevice(ctx echo.Context, p *Page, status int, id string, code *auth.PairingCode) error {
	d, err := c.eventDevice(ctx, p, id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	v := devicePage{Device: d, Pairing: code}
	if code != nil {
		v.QR = Prefix + "/events/" + p.Event.ID + "/devices/" + d.ID + "/pairing.png?" + url.Values{"code": {code.Code}}.Encode()
		v.Link = pairingLink(ctx, code.Code)
	}
	p.Data = v
	return c.render(ctx, status, "device", p)
}

// pairingLink is the door page's address with the code in its fragment (a
// fragment never reaches a server or its logs): the door page's camera reads
// the code from it, and a phone's own camera app opens it and pairs.
func pairingLink(ctx echo.Context, code string) string {
	return ctx.Scheme() + "://" + ctx.Request().Host + "/door#pair=" + code
}

// newPairingCode issues a new code for a device (a replaced phone) and shows
// it; the device's current phone keeps working until the new one pairs.
func (c *Console) newPairingCode(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.one_title")
	d, err := c.eventDevice(ctx, p, ctx.Param("device_id"))
	if err != nil {
		return c.renderError(ctx, err)
	}
	code, err := c.Auth.NewPairingCode(ctx.Request().Context(), d.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	p.Done = p.T("console.devices.done.new_code")
	return c.renderDevice(ctx, p, http.StatusCreated, d.ID, &code)
}

// pairingQR draws the QR code of a live pairing code of the device; the
// code comes from the page that shows it, since only its hash is stored.
func (c *Console) pairingQR(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.one_title")
	d, err := c.eventDevice(ctx, p, ctx.Param("device_id"))
	if err != nil {
		return c.renderError(ctx, err)
	}
	code := ctx.QueryParam("code")
	if err := c.Auth.CheckPairingCode(ctx.Request().Context(), d.ID, code); err != nil {
		return c.renderError(ctx, err)
	}
	png, err := qrcode.Encode(pairingLink(ctx, strings.ToUpper(code)), qrcode.Medium, 320)
	if err != nil {
		return apperr.Wrap(err, "draw the pairing QR code")
	}
	noStore(ctx)
	ctx.Response().Header().Set("Content-Length", strconv.Itoa(len(png)))
	return ctx.Blob(http.StatusOK, "image/png", png)
}

// revokeDevice revokes a device, after asking; it takes effect on every
// server at once, since each request's token is read from the database.
func (c *Console) revokeDevice(ctx echo.Context) error {
	p := c.devicesPage(ctx, "console.devices.one_title")
	d, err := c.eventDevice(ctx, p, ctx.Param("device_id"))
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.confirmed(ctx, p, p.T("console.devices.confirm_revoke", d.Name)); !ok {
		return err
	}
	if err := c.Auth.RevokeDevice(ctx.Request().Context(), d.ID); err != nil {
		return c.renderError(ctx, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/devices/"+d.ID+"?done=revoked")
}
