package console

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// The console's cookies. The session cookie holds a staff session token of
// the same kind as the API's (stored only as a hash, expiring with it,
// revoked on sign-out); the language cookie remembers the chosen language.
const (
	sessionCookie = "console_session"
	langCookie    = "console_lang"
	csrfField     = "_csrf"
)

type ctxKey int

const tokenKey ctxKey = 0

// origins refuses a state-changing request that a browser says comes from
// another site (Sec-Fetch-Site, else Origin against Host).
var origins = http.NewCrossOriginProtection()

func crossOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := origins.Check(c.Request()); err != nil {
			return apperr.Forbiddenf("this form may only be sent from the console itself")
		}
		return next(c)
	}
}

// csrfToken is the form token of a session: only a page of that session,
// which can read the session's HttpOnly cookie through the server, knows it.
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("console-csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// csrf checks the form token of every state-changing request of a session,
// for browsers that send neither Sec-Fetch-Site nor Origin.
func (c *Console) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ctx echo.Context) error {
		r := ctx.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			return next(ctx)
		}
		session, _ := r.Context().Value(tokenKey).(string)
		got := ctx.FormValue(csrfField)
		if got == "" {
			got = r.Header.Get("X-CSRF-Token")
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(csrfToken(session))) != 1 {
			return apperr.Forbiddenf("the form's security token is missing or stale; reload the page and send it again")
		}
		return next(ctx)
	}
}

// session lets a request through with its staff actor in the context. A
// request without a live session goes to the sign-in page: a page asked
// for is remembered and reopened after sign-in; a form sent after the
// session expired is answered with the sign-in page saying so.
func (c *Console) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ctx echo.Context) error {
		r := ctx.Request()
		a, token, err := c.authenticate(ctx)
		if err != nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				return ctx.Redirect(http.StatusSeeOther, Prefix+"/signin?next="+url.QueryEscape(r.URL.RequestURI()))
			}
			return c.renderSignin(ctx, http.StatusUnauthorized, signinState{expired: true, next: refererPath(r)})
		}
		if !slices.Contains(auth.Staff, a.Role) {
			return c.renderError(ctx, apperr.Forbiddenf("door accounts cannot use the console"))
		}
		rctx := actor.With(r.Context(), a)
		ctx.SetRequest(r.WithContext(rctxWithToken(rctx, token)))
		noStore(ctx)
		// A file downloaded from the console says what its columns are in
		// the language its user reads the console in.
		httpx.SetExportLanguage(ctx, language(ctx))
		return next(ctx)
	}
}

func (c *Console) authenticate(ctx echo.Context) (actor.Actor, string, error) {
	ck, err := ctx.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return actor.Actor{}, "", apperr.Unauthorizedf("no session")
	}
	a, err := c.Auth.Authenticate(ctx.Request().Context(), ck.Value)
	if err != nil {
		return actor.Actor{}, "", err
	}
	if a.Kind != actor.User {
		return actor.Actor{}, "", apperr.Unauthorizedf("not a staff session")
	}
	return a, ck.Value, nil
}

// refererPath is the path of the console page a form was sent from, to go
// back to after signing in again; only a path on this console is kept.
func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || !strings.EqualFold(u.Host, r.Host) {
		return ""
	}
	return safeNext(u.RequestURI())
}

// safeNext keeps a return address only when it is a console page, so that a
// crafted sign-in link cannot send a user elsewhere.
func safeNext(next string) string {
	if !IsPage(strings.SplitN(next, "?", 2)[0]) || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	if strings.HasPrefix(next, Prefix+"/signin") {
		return ""
	}
	return next
}

func noStore(c echo.Context) { c.Response().Header().Set("Cache-Control", "no-store") }

// home is "/": the sign-in page for a visitor, the console for a signed-in
// member of staff.
func (c *Console) home(ctx echo.Context) error {
	if a, _, err := c.authenticate(ctx); err == nil && slices.Contains(auth.Staff, a.Role) {
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/")
	}
	return c.renderSignin(ctx, http.StatusOK, signinState{next: safeNext(ctx.QueryParam("next"))})
}

func (c *Console) signinPage(ctx echo.Context) error {
	return c.home(ctx)
}

type signinState struct {
	email   string
	next    string
	expired bool
	problem string // catalogue key of the message above the form
	fields  map[string]string
}

func (c *Console) signin(ctx echo.Context) error {
	st := signinState{email: ctx.FormValue("email"), next: safeNext(ctx.FormValue("next")), fields: map[string]string{}}
	password := ctx.FormValue("password")
	lang := language(ctx)
	if strings.TrimSpace(st.email) == "" {
		st.fields["email"] = i18n.T(lang, "console.signin.need_email")
	}
	if password == "" {
		st.fields["password"] = i18n.T(lang, "console.signin.need_password")
	}
	if len(st.fields) > 0 {
		return c.renderSignin(ctx, http.StatusBadRequest, st)
	}
	sess, err := c.Auth.Login(ctx.Request().Context(), st.email, password, ctx.RealIP())
	if err != nil {
		var ae *apperr.Error
		switch {
		case errors.As(err, &ae) && ae.Kind == apperr.TooMany:
			if ra, ok := ae.Extra["retry_after"].(int); ok {
				ctx.Response().Header().Set("Retry-After", strconv.Itoa(ra))
			}
			st.problem = "console.signin.too_many"
		case errors.As(err, &ae) && (ae.Kind == apperr.Unauthorized || ae.Kind == apperr.Invalid):
			st.problem = "console.signin.wrong"
		default:
			return err
		}
		return c.renderSignin(ctx, httpStatus(err), st)
	}
	if !slices.Contains(auth.Staff, sess.User.Role) {
		// A door account signs in on a scanner, never here: its session is
		// closed at once.
		a, _ := c.Auth.Authenticate(ctx.Request().Context(), sess.Token)
		_ = c.Auth.Logout(actor.With(ctx.Request().Context(), a))
		st.problem = "console.signin.door"
		return c.renderSignin(ctx, http.StatusForbidden, st)
	}
	ctx.SetCookie(&http.Cookie{Name: sessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode})
	next := st.next
	if next == "" {
		next = Prefix + "/"
	}
	return ctx.Redirect(http.StatusSeeOther, next)
}

func (c *Console) signout(ctx echo.Context) error {
	if err := c.Auth.Logout(ctx.Request().Context()); err != nil {
		return err
	}
	ctx.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
	return ctx.Redirect(http.StatusSeeOther, "/?done=signed_out")
}

// language is the language a request is shown in: the one the user chose
// (remembered in a cookie), else the browser's first working language, else
// English.
func language(ctx echo.Context) string {
	if ck, err := ctx.Cookie(langCookie); err == nil && i18n.IsLanguage(ck.Value) {
		return ck.Value
	}
	for _, part := range strings.Split(ctx.Request().Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if l := strings.SplitN(tag, "-", 2)[0]; i18n.IsLanguage(l) {
			return l
		}
	}
	return i18n.Fallback
}

// setLanguage remembers the language chosen and goes back to the page.
func (c *Console) setLanguage(ctx echo.Context) error {
	lang := ctx.FormValue("lang")
	if !i18n.IsLanguage(lang) {
		return c.renderError(ctx, apperr.Fields(apperr.Field("lang", "must be one of ar, fr, en, ru, az")))
	}
	// Signed in, the form carries the session's token like every other form.
	if _, token, err := c.authenticate(ctx); err == nil {
		if subtle.ConstantTimeCompare([]byte(ctx.FormValue(csrfField)), []byte(csrfToken(token))) != 1 {
			return apperr.Forbiddenf("the form's security token is missing or stale; reload the page and send it again")
		}
	}
	ctx.SetCookie(&http.Cookie{Name: langCookie, Value: lang, Path: "/", Expires: c.Now().AddDate(1, 0, 0),
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode})
	next := safeNext(ctx.FormValue("next"))
	if next == "" {
		next = "/"
	}
	return ctx.Redirect(http.StatusSeeOther, next)
}
