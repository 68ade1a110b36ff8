package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// setupZones lists the event's zones with the form to add one, or, with
// :zone_id, the form to change that one.
func (c *Console) setupZones(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "zones")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.Param("zone_id") != "" {
		z, err := c.zone(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing, p.Form.Values["code"] = z.ID, z.Code
		showTexts(p.Form, "names", z.Names)
	}
	return c.renderZones(ctx, p, v, http.StatusOK)
}

func (c *Console) renderZones(ctx echo.Context, p *Page, v *setupView, status int) error {
	zones, err := c.Event.Store().FindZones(ctx.Request().Context(), p.Event.ID)
	if err != nil {
		return err
	}
	v.Zones, v.Rows = zones, zones
	return c.render(ctx, status, "setup", p)
}

func (c *Console) zone(ctx echo.Context, p *Page) (event.Zone, error) {
	id, err := httpx.ID(ctx, "zone_id")
	if err != nil {
		return event.Zone{}, err
	}
	return c.Event.Store().FindZoneByID(ctx.Request().Context(), p.Event.ID, id)
}

// saveZone adds a zone, or changes the one of :zone_id.
func (c *Console) saveZone(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "zones")
	if err != nil {
		return c.renderError(ctx, err)
	}
	editing := ctx.Param("zone_id") != ""
	if editing {
		z, err := c.zone(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = z.ID
	}
	f := p.Form
	f.Read(ctx, "code")
	code, names := strings.TrimSpace(f.Values["code"]), readTexts(ctx, f, "names")
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderZones(ctx, p, v, http.StatusBadRequest)
	}
	in, rctx := event.ZoneInput{Code: &code, Names: &names}, ctx.Request().Context()
	if editing {
		_, err = c.Event.UpdateZone(rctx, p.Event.ID, v.Editing, in)
	} else {
		_, err = c.Event.CreateZone(rctx, p.Event.ID, in)
	}
	if err != nil {
		codeTaken(p, err)
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderZones(ctx, p, v, status)
	}
	return setupDone(ctx, p, "zones", map[bool]string{true: "saved", false: "created"}[editing])
}

// deleteZone removes a zone after a confirmation; a zone with checkpoints
// stays, and the page says why.
func (c *Console) deleteZone(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "zones")
	if err != nil {
		return c.renderError(ctx, err)
	}
	z, err := c.zone(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.deleteConfirmed(ctx, p, textIn(z.Names, p.Lang)); !ok {
		return err
	}
	if err := c.Event.DeleteZone(ctx.Request().Context(), p.Event.ID, z.ID); err != nil {
		p.Data = v
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderZones(ctx, p, v, status)
	}
	return setupDone(ctx, p, "zones", "deleted")
}

// setupCheckpoints lists the event's doors with the form to add one, or,
// with :checkpoint_id, the form to change that one.
func (c *Console) setupCheckpoints(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "checkpoints")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.Param("checkpoint_id") != "" {
		cp, err := c.checkpoint(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing, p.Form.Values["name"], p.Form.Values["zone_id"] = cp.ID, cp.Name, cp.ZoneID
		if cp.SessionID != nil {
			p.Form.Values["session_id"] = *cp.SessionID
		}
	}
	return c.renderCheckpoints(ctx, p, v, http.StatusOK)
}

func (c *Console) renderCheckpoints(ctx echo.Context, p *Page, v *setupView, status int) error {
	rctx := ctx.Request().Context()
	rows, err := c.Event.Store().FindCheckpoints(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	if v.Zones, err = c.Event.Store().FindZones(rctx, p.Event.ID); err != nil {
		return err
	}
	sessions, err := c.Event.Store().FindSessions(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	// Only a protocol event or cultural programme can be guarded.
	v.Rows, v.Extra = rows, slices.DeleteFunc(sessions, func(ss event.Session) bool { return !ss.Registrable() })
	return c.render(ctx, status, "setup", p)
}

func (c *Console) checkpoint(ctx echo.Context, p *Page) (event.Checkpoint, error) {
	id, err := httpx.ID(ctx, "checkpoint_id")
	if err != nil {
		return event.Checkpoint{}, err
	}
	return c.Event.Store().FindCheckpointByID(ctx.Request().Context(), p.Event.ID, id)
}

// saveCheckpoint adds a checkpoint, or changes the one of :checkpoint_id.
func (c *Console) saveCheckpoint(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "checkpoints")
	if err != nil {
		return c.renderError(ctx, err)
	}
	editing := ctx.Param("checkpoint_id") != ""
	if editing {
		cp, err := c.checkpoint(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = cp.ID
	}
	f := p.Form
	f.Read(ctx, "name", "zone_id", "session_id")
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderCheckpoints(ctx, p, v, http.StatusBadRequest)
	}
	name, zone := f.Values["name"], f.Values["zone_id"]
	in, rctx := event.CheckpointInput{Name: &name, ZoneID: &zone}, ctx.Request().Context()
	in.SessionID.Set = true
	if ss := f.Values["session_id"]; ss != "" {
		in.SessionID.Value = &ss
	}
	if editing {
		_, err = c.Event.UpdateCheckpoint(rctx, p.Event.ID, v.Editing, in)
	} else {
		_, err = c.Event.CreateCheckpoint(rctx, p.Event.ID, in)
	}
	if err != nil {
		refusePlaces(f, err)
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderCheckpoints(ctx, p, v, status)
	}
	return setupDone(ctx, p, "checkpoints", map[bool]string{true: "saved", false: "created"}[editing])
}

// deleteCheckpoint removes a checkpoint after a confirmation; one whose
// scans are on record stays, and the page says why.
func (c *Console) deleteCheckpoint(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "checkpoints")
	if err != nil {
		return c.renderError(ctx, err)
	}
	cp, err := c.checkpoint(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.deleteConfirmed(ctx, p, cp.Name); !ok {
		return err
	}
	if err := c.Event.DeleteCheckpoint(ctx.Request().Context(), p.Event.ID, cp.ID); err != nil {
		p.Data = v
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderCheckpoints(ctx, p, v, status)
	}
	return setupDone(ctx, p, "checkpoints", "deleted")
}

// GuardedTitle is the title in lang of the protocol event a checkpoint
// guards (the checkpoints screen's Extra), "" when it guards none.
func (v setupView) GuardedTitle(id *string, lang string) string {
	sessions, _ := v.Extra.([]event.Session)
	for _, ss := range sessions {
		if id != nil && ss.ID == *id {
			return textIn(ss.Titles, lang)
		}
	}
	return ""
}
