package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// usersRoutes are the staff accounts (admins only): the list, a new
// account, and each account's role, state and password.
func (c *Console) usersRoutes(g *echo.Group) {
	g.GET("/users", c.users)
	g.POST("/users", c.createUser)
	g.POST("/users/:user_id/role", c.setUserRole)
	g.POST("/users/:user_id/active", c.setUserActive)
	g.POST("/users/:user_id/password", c.resetPassword)
}

// UserLine is one account of the list.
type UserLine struct {
	auth.User
	Self bool
}

// Secret is a password made up by the console, shown once.
type Secret struct {
	Email, Password string
}

type usersView struct {
	Users  []UserLine
	Pager  Pager
	Roles  []actor.Role
	Secret *Secret
}

// usersPage starts a page of the accounts, or answers 403 for anyone but an
// admin (the caller returns the error as it is).
func (c *Console) usersPage(ctx echo.Context) (*Page, error) {
	p := c.page(ctx, "console.users.title")
	p.Nav = "users"
	if p.User.Role != actor.Admin {
		return nil, c.renderError(ctx, apperr.Forbiddenf("only an admin may manage accounts"))
	}
	if d := ctx.QueryParam("done"); d != "" && auditWord.MatchString(d) && i18n.Has("console.users.done_"+d) {
		p.Done = p.T("console.users.done_" + d)
	}
	return p, nil
}

func (c *Console) users(ctx echo.Context) error {
	p, err := c.usersPage(ctx)
	if p == nil {
		return err
	}
	return c.renderUsers(ctx, p, http.StatusOK)
}

// renderUsers lists the accounts by e-mail, with the new account's form.
func (c *Console) renderUsers(ctx echo.Context, p *Page, status int) error {
	pg, err := httpx.ParsePage(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	list, total, err := c.Auth.Store().FindUsers(ctx.Request().Context(), pg.Limit, pg.Offset)
	if err != nil {
		return err
	}
	v := usersView{Roles: actor.Roles, Pager: NewPager(ctx, pg, len(list), total, httpx.NewList(list, total, pg).Next)}
	if s, ok := p.Data.(*Secret); ok {
		v.Secret = s
	}
	for _, u := range list {
		v.Users = append(v.Users, UserLine{User: u, Self: u.ID == p.User.ID})
	}
	if p.Form == nil {
		p.Form = NewForm(p.Lang)
		p.Form.Values["role"] = string(actor.Secretariat)
	}
	p.Data = v
	return c.render(ctx, status, "users", p)
}

// createUser makes an account; with no password typed it makes one up and
// shows it once.
func (c *Console) createUser(ctx echo.Context) error {
	p, err := c.usersPage(ctx)
	if p == nil {
		return err
	}
	p.Form = NewForm(p.Lang)
	p.Form.Read(ctx, "email", "name", "role", "password")
	if !p.Form.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderUsers(ctx, p, http.StatusBadRequest)
	}
	f := p.Form.Values
	password, generated := f["password"], f["password"] == ""
	if generated {
		password = auth.NewPassword()
	}
	email, name, role := f["email"], f["name"], actor.Role(f["role"])
	u, err := c.Auth.CreateUser(ctx.Request().Context(), auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &password})
	if err != nil {
		if p.Problem = p.Form.Refuse(err); p.Problem == "" {
			return err
		}
		if apperr.KindOf(err) == apperr.Conflict {
			p.Form.Errors["email"] = p.T("console.users.email_taken")
			p.Problem = p.T("console.err.fix")
		}
		p.Form.Values["password"] = ""
		return c.renderUsers(ctx, p, httpStatus(err))
	}
	if !generated {
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/users?done=created#u-"+u.ID)
	}
	p.Done = p.T("console.users.done_created")
	p.Form = nil
	p.Data = &Secret{Email: u.Email, Password: password}
	return c.renderUsers(ctx, p, http.StatusCreated)
}

// userTarget reads the account a form names; NotFound and Invalid are
// shown as pages.
func (c *Console) userTarget(ctx echo.Context) (auth.User, error) {
	id, err := httpx.ID(ctx, "user_id")
	if err != nil {
		return auth.User{}, err
	}
	return c.Auth.Store().FindUserByID(ctx.Request().Context(), id)
}

// updateUser applies a change to an account and goes back to the list; a
// refusal of the account rules (oneself, the last admin) is shown on it.
func (c *Console) updateUser(ctx echo.Context, p *Page, u auth.User, in auth.UserInput, done string) error {
	if _, err := c.Auth.UpdateUser(ctx.Request().Context(), u.ID, in); err != nil {
		switch apperr.KindOf(err) {
		case apperr.Conflict:
			p.Problem = p.T("console.users.refused_admin")
		case apperr.Invalid:
			p.Form = NewForm(p.Lang)
			p.Problem = p.T("console.users.bad_password", auth.MinPasswordLength)
		default:
			return err
		}
		return c.renderUsers(ctx, p, httpStatus(err))
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/users?done="+done+"#u-"+u.ID)
}

func (c *Console) setUserRole(ctx echo.Context) error {
	p, err := c.usersPage(ctx)
	if p == nil {
		return err
	}
	u, err := c.userTarget(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	role := actor.Role(ctx.FormValue("role"))
	if !role.Valid() {
		return c.renderError(ctx, apperr.Fields(apperr.Field("role", "must be admin, secretariat or door")))
	}
	return c.updateUser(ctx, p, u, auth.UserInput{Role: &role}, "role")
}

func (c *Console) setUserActive(ctx echo.Context) error {
	p, err := c.usersPage(ctx)
	if p == nil {
		return err
	}
	u, err := c.userTarget(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	active := ctx.FormValue("active")
	if active != "0" && active != "1" {
		return c.renderError(ctx, apperr.Fields(apperr.Field("active", "must be 0 or 1")))
	}
	disabled := active == "0"
	if disabled {
		if ok, err := c.confirmed(ctx, p, p.T("console.users.confirm_deactivate", u.Email)); !ok {
			return err
		}
		return c.updateUser(ctx, p, u, auth.UserInput{Disabled: &disabled}, "deactivated")
	}
	return c.updateUser(ctx, p, u, auth.UserInput{Disabled: &disabled}, "reactivated")
}

// resetPassword gives an account a new password: the one typed, or one
// made up and shown once. Its sessions end.
func (c *Console) resetPassword(ctx echo.Context) error {
	p, err := c.usersPage(ctx)
	if p == nil {
		return err
	}
	u, err := c.userTarget(ctx)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.confirmed(ctx, p, p.T("console.users.confirm_reset", u.Email)); !ok {
		return err
	}
	password := ctx.FormValue("password")
	if password == "" {
		password = auth.NewPassword()
		if _, err := c.Auth.UpdateUser(ctx.Request().Context(), u.ID, auth.UserInput{Password: &password}); err != nil {
			return err
		}
		p.Done = p.T("console.users.done_password")
		p.Data = &Secret{Email: u.Email, Password: password}
		return c.renderUsers(ctx, p, http.StatusOK)
	}
	return c.updateUser(ctx, p, u, auth.UserInput{Password: &password}, "password")
}
