package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/badges"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// categoryRow is a category with the look of its badge band.
type categoryRow struct {
	event.Category
	Band band
}

// band is a badge band as the preview draws it: the category's colour and
// the ink its name is written in.
type band struct {
	Colour, Ink string
}

// bandOf is the band of a colour "#RRGGBB" in the ink the badge prints
// its name in (badges.InkOn). A colour that is not one shows grey, as the badge prints it.
func bandOf(colour string) band {
	s := strings.TrimPrefix(strings.TrimSpace(colour), "#")
	v, err := strconv.ParseUint(s, 16, 32)
	if len(s) != 6 || err != nil {
		s, v = "808080", 0x808080
	}
	ink := "#FFFFFF"
	if r, _, _ := badges.InkOn(int(v>>16&0xFF), int(v>>8&0xFF), int(v&0xFF)); r == 0 {
		ink = "#000000"
	}
	return band{Colour: "#" + strings.ToUpper(s), Ink: ink}
}

// yesNo is a boolean as a form's radio buttons send it.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// categoryExtra is the band the form previews: the colour typed, or the
// first of the list when adding.
type categoryExtra struct {
	Preview band
}

// setupCategories lists the badge categories, each with a preview of its
// band and the zones it opens, with the form to add one, or, with
// :category_id, the form to change that one.
func (c *Console) setupCategories(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "categories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.Param("category_id") != "" {
		cat, err := c.category(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = cat.ID
		f := p.Form
		f.Values["code"], f.Values["colour"], f.Values["position"] = cat.Code, cat.Colour, strconv.Itoa(cat.Position)
		f.Values["zone_ids"] = strings.Join(cat.ZoneIDs, "\x00")
		f.Values["photo_required"] = yesNo(cat.PhotoRequired)
		showTexts(f, "names", cat.Names)
	} else {
		p.Form.Values["colour"], p.Form.Values["photo_required"] = "#1565C0", yesNo(true)
	}
	return c.renderCategories(ctx, p, v, http.StatusOK)
}

func (c *Console) renderCategories(ctx echo.Context, p *Page, v *setupView, status int) error {
	rctx := ctx.Request().Context()
	cats, err := c.Event.Store().FindCategories(rctx, p.Event.ID)
	if err != nil {
		return err
	}
	if v.Zones, err = c.Event.Store().FindZones(rctx, p.Event.ID); err != nil {
		return err
	}
	rows := make([]categoryRow, 0, len(cats))
	for _, cat := range cats {
		rows = append(rows, categoryRow{Category: cat, Band: bandOf(cat.Colour)})
	}
	v.Rows, v.Extra = rows, categoryExtra{Preview: bandOf(p.Form.Values["colour"])}
	return c.render(ctx, status, "setup", p)
}

func (c *Console) category(ctx echo.Context, p *Page) (event.Category, error) {
	id, err := httpx.ID(ctx, "category_id")
	if err != nil {
		return event.Category{}, err
	}
	return c.Event.Store().FindCategoryByID(ctx.Request().Context(), p.Event.ID, id)
}

// saveCategory adds a category, or changes the one of :category_id; the
// zones it opens are the boxes ticked.
func (c *Console) saveCategory(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "categories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	editing := ctx.Param("category_id") != ""
	if editing {
		cat, err := c.category(ctx, p)
		if err != nil {
			return c.renderError(ctx, err)
		}
		v.Editing = cat.ID
	}
	f := p.Form
	f.Read(ctx, "code", "colour", "position", "photo_required")
	code, colour := strings.TrimSpace(f.Values["code"]), strings.TrimSpace(f.Values["colour"])
	names, zones := readTexts(ctx, f, "names"), readAll(ctx, f, "zone_ids")
	in := event.CategoryInput{Code: &code, Names: &names, Colour: &colour, ZoneIDs: &zones}
	// Not sent (a form of before the choice): a new category needs photos,
	// a changed one keeps what it had.
	switch f.Values["photo_required"] {
	case "yes", "no":
		photo := f.Values["photo_required"] == "yes"
		in.PhotoRequired = &photo
	case "":
	default:
		f.Errors["photo_required"] = p.T("console.setup.categories.photo_choose")
	}
	if strings.TrimSpace(f.Values["position"]) != "" {
		in.Position = number(f, "position")
	}
	if !f.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderCategories(ctx, p, v, http.StatusBadRequest)
	}
	rctx := ctx.Request().Context()
	if editing {
		_, err = c.Event.UpdateCategory(rctx, p.Event.ID, v.Editing, in)
	} else {
		_, err = c.Event.CreateCategory(rctx, p.Event.ID, in)
	}
	if err != nil {
		codeTaken(p, err)
		status, ok := refuse(p, f, err)
		if !ok {
			return err
		}
		return c.renderCategories(ctx, p, v, status)
	}
	return setupDone(ctx, p, "categories", map[bool]string{true: "saved", false: "created"}[editing])
}

// deleteCategory removes a category after a confirmation; one that badges
// or participants carry stays, and the page says why.
func (c *Console) deleteCategory(ctx echo.Context) error {
	p, v, err := c.setupPage(ctx, "categories")
	if err != nil {
		return c.renderError(ctx, err)
	}
	cat, err := c.category(ctx, p)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.deleteConfirmed(ctx, p, textIn(cat.Names, p.Lang)); !ok {
		return err
	}
	if err := c.Event.DeleteCategory(ctx.Request().Context(), p.Event.ID, cat.ID); err != nil {
		p.Data = v
		status, ok := refuse(p, p.Form, err)
		if !ok {
			return err
		}
		return c.renderCategories(ctx, p, v, status)
	}
	return setupDone(ctx, p, "categories", "deleted")
}
