package console

import (
	"net/http"
	"net/url"
	"sort"

	"github.com/labstack/echo/v4"
)

// confirmation is the page that asks before a destructive action: what will
// happen, and the same form sent again with confirmed=1.
type confirmation struct {
	Message string
	Action  string
	Back    string
	Fields  []hiddenField
}

type hiddenField struct{ Name, Value string }

// confirmed reports whether a destructive form was confirmed; when it was
// not, it answers with the confirmation page (which works without
// JavaScript) and the caller returns. message is translated already.
func (c *Console) confirmed(ctx echo.Context, p *Page, message string) (bool, error) {
	if ctx.FormValue("confirmed") == "1" {
		return true, nil
	}
	form, err := ctx.FormParams()
	if err != nil {
		form = url.Values{}
	}
	conf := confirmation{Message: message, Action: ctx.Request().URL.RequestURI(), Back: refererPath(ctx.Request())}
	names := make([]string, 0, len(form))
	for name := range form {
		if name != csrfField && name != "confirmed" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range form[name] {
			conf.Fields = append(conf.Fields, hiddenField{Name: name, Value: v})
		}
	}
	p.Title = "console.confirm.title"
	p.Data = conf
	return false, c.render(ctx, http.StatusOK, "confirm", p)
}
