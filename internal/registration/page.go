package registration

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/names"
)

//go:embed templates/*.html
var templates embed.FS

var page = template.Must(template.ParseFS(templates, "templates/rsvp.html", "templates/members.html", "templates/rsvp_protocol.html", "templates/travel.html", "templates/rsvp_lop.html"))

// PageRoutes registers the delegation's RSVP page on the site's root. The
// forms work without JavaScript: each POST redirects back to the page (303)
// on success and shows the page again with the errors next to the fields on
// failure. The token in the path authorises them; cross-site posts are
// refused as well (Origin / Sec-Fetch-Site), so another site cannot make a
// visitor's browser submit a form to a link it happens to know.
func (s *Service) PageRoutes(g *echo.Group) {
	g.GET("/rsvp/:token", s.showPage)
	g.POST("/rsvp/:token/response", s.pageAnswer, sameOrigin)
	g.POST("/rsvp/:token/participants", s.pageNominate, sameOrigin)
	g.POST("/rsvp/:token/participants/:participant_id", s.pageCorrect, sameOrigin)
	g.POST("/rsvp/:token/participants/:participant_id/photo", s.pagePhoto, sameOrigin)
	g.POST("/rsvp/:token/participants/:participant_id/withdraw", s.pageWithdraw, sameOrigin)
	g.POST("/rsvp/:token/credentials", s.pageCredentials, sameOrigin)
	g.GET("/rsvp/:token/letter.pdf", s.pageLetter)
	s.protocolPageRoutes(g)
	s.listPageRoutes(g) // page_lop.go
	g.POST("/rsvp/:token/participants/:participant_id/travel", s.pageTravel, sameOrigin)
}

func sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		origin := r.Header.Get("Origin")
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" ||
			(origin != "" && origin != "null" && !sameHost(origin, r.Host)) {
			return apperr.Forbiddenf("forms on this page may only be sent from the page itself")
		}
		return next(c)
	}
}

func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, host)
}

// pageState is what one rendering of the page needs beyond the stored data.
type pageState struct {
	lang    string
	done    string
	problem string
	fields  map[string]string // form field → message
	values  map[string]string // what was typed, shown again after an error
	photoOf string            // participant whose photo failed
	letter  bool              // the credentials letter failed
	edit    *memberEdit       // a member's correction form shown again
	travel  string            // participant whose travel form failed
	section *SectionFailed    // a member section's form that failed
	base    string            // the page's path
	// secretariat is the address to write to
	secretariat string
}

func pageLang(c echo.Context, fallback string) string {
	if l := c.QueryParam("lang"); event.IsLanguage(l) {
		return l
	}
	if event.IsLanguage(fallback) {
		return fallback
	}
	return "en"
}

// pageLink resolves the token for the page; failures are answered with a
// short page in the visitor's language.
func (s *Service) pageLink(c echo.Context) (context.Context, Link, bool, error) {
	// A link that is not text is no guess at a token: it is not counted as one.
	ctx, l := c.Request().Context(), Link{}
	var err error = apperr.NotFoundf("no such link")
	if token := c.Param("token"); names.CheckLines(token) == nil && len(token) <= httpx.MaxParam {
		ctx, l, err = s.Resolve(ctx, token, c.RealIP())
	}
	if err == nil {
		return ctx, l, true, nil
	}
	lang := pageLang(c, "en")
	key, status := "link_invalid", http.StatusNotFound
	var ae *apperr.Error
	switch apperr.KindOf(err) {
	case apperr.Gone:
		key, status = "link_expired", http.StatusGone
		if errors.As(err, &ae) && ae.Type == "invitation-withdrawn" {
			key = "link_withdrawn"
			invLang, _ := ae.Extra["language"].(string)
			lang = pageLang(c, invLang)
		}
	case apperr.TooMany:
		key, status = "link_throttled", http.StatusTooManyRequests
		httpx.SetRetryAfter(c, err)
	case apperr.NotFound:
	default:
		return ctx, l, false, err
	}
	t := pageTexts(lang)
	dir := "ltr"
	if lang == "ar" {
		dir = "rtl"
	}
	body := fmt.Sprintf(`<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8">`+
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title></head>`+
		`<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">`+
		`<h1>%s</h1><p role="alert">%s</p>%s</body></html>`, lang, dir,
		template.HTMLEscapeString(t["title"]), template.HTMLEscapeString(t["title"]), template.HTMLEscapeString(t[key]),
		s.writeTo(t))
	noStore(c)
	return ctx, l, false, c.HTMLBlob(status, []byte(body))
}

// writeTo is the paragraph naming the Secretariat's address, when known.
func (s *Service) writeTo(t map[string]string) string {
	if s.Secretariat == "" {
		return ""
	}
	a := template.HTMLEscapeString(s.Secretariat)
	return `<p id="write-to">` + template.HTMLEscapeString(t["write_to"]) + ` <a href="mailto:` + a + `">` + a + `</a></p>`
}

func noStore(c echo.Context) { c.Response().Header().Set("Cache-Control", "no-store") }

func (s *Service) showPage(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	st := pageState{lang: pageLang(c, l.Invitation.Language)}
	if d := c.QueryParam("done"); d != "" {
		st.done = pageTexts(st.lang)["done_"+d]
		if st.done == "" {
			st.done = s.sectionDone(st.lang, d)
		}
	}
	return s.render(ctx, c, l, http.StatusOK, st)
}

// back redirects to the page after a successful POST (Post/Redirect/Get).
func back(c echo.Context, lang, done string) error {
	return c.Redirect(http.StatusSeeOther, "/rsvp/"+url.PathEscape(c.Param("token"))+"?lang="+lang+"&done="+done)
}

func (s *Service) pageAnswer(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	lang := pageLang(c, l.Invitation.Language)
	if _, err := s.Answer(ctx, l, c.FormValue("answer"), c.FormValue("note")); err != nil {
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	return back(c, lang, "answer")
}

var formFields = []string{"honorific", "given_names", "family_name", "native_name", "gender", "function", "role",
	"email", "phone", "nationality", "interpretation_language", "dietary", "accessibility"}

func (s *Service) pageNominate(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	lang := pageLang(c, l.Invitation.Language)
	values := map[string]string{}
	for _, f := range formFields {
		values[f] = c.FormValue(f)
	}
	v := func(k string) *string { s := values[k]; return &s }
	in := ParticipantInput{Honorific: v("honorific"), GivenNames: v("given_names"), FamilyName: v("family_name"),
		NativeName: v("native_name"), Gender: v("gender"), Function: v("function"), Role: v("role"), Email: v("email"),
		Phone: v("phone"), Nationality: v("nationality"), InterpretationLanguage: v("interpretation_language"),
		Dietary: v("dietary"), Accessibility: v("accessibility")}
	if _, err := s.Nominate(ctx, l, in); err != nil {
		return s.renderError(ctx, c, lang, err, pageState{values: values})
	}
	return back(c, lang, "nominated")
}

// memberLink is pageLink for a page's action on one member of the link's
// delegation: the link, the page's language and the member's id; ok is
// false when the answer (or err) is already given.
func (s *Service) memberLink(c echo.Context) (ctx context.Context, l Link, lang, id string, ok bool, err error) {
	ctx, l, ok, err = s.pageLink(c)
	if !ok {
		return ctx, l, "", "", false, err
	}
	lang = pageLang(c, l.Invitation.Language)
	if id, err = httpx.ID(c, "participant_id"); err != nil {
		return ctx, l, lang, "", false, err
	}
	return ctx, l, lang, id, true, nil
}

func (s *Service) pagePhoto(c echo.Context) error {
	ctx, l, lang, id, ok, err := s.memberLink(c)
	if !ok {
		return err
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, MaxPhotoBytes+1<<16)
	data, err := readFormFile(c, "photo")
	var p Corrected
	if err == nil {
		p, err = s.photoFromForm(ctx, c, l, id, data)
	}
	if err != nil {
		return s.photoRefused(ctx, c, lang, id, err)
	}
	if p.BackToReview {
		return back(c, lang, "review")
	}
	return back(c, lang, "photo")
}

func readFormFile(c echo.Context, name string) ([]byte, error) {
	fh, err := c.FormFile(name)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, httpx.TooLarge("photo", MaxPhotoBytes)
		}
		return nil, apperr.Fields(apperr.Field(name, "choose a file"))
	}
	f, err := fh.Open()
	if err != nil {
		return nil, apperr.Invalidf("the file could not be read")
	}
	defer f.Close()
	return httpx.ReadLimited(f, MaxPhotoBytes, "photo")
}

func (s *Service) pageWithdraw(c echo.Context) error {
	ctx, l, lang, id, ok, err := s.memberLink(c)
	if !ok {
		return err
	}
	if err := s.WithdrawParticipant(ctx, l, id); err != nil {
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	return back(c, lang, "withdrawn")
}

// renderError shows the page again with err explained: next to the fields
// for invalid input, at the top otherwise. Internal errors go to the error handler.
func (s *Service) renderError(ctx context.Context, c echo.Context, lang string, err error, st pageState) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	t := pageTexts(lang)
	st.lang, st.fields = lang, map[string]string{}
	status := map[apperr.Kind]int{apperr.Invalid: 400, apperr.NotFound: 404, apperr.Conflict: 409,
		apperr.TooLarge: 413, apperr.Unsupported: 415, apperr.Gone: 410, apperr.TooMany: 429}[ae.Kind]
	if status == 0 {
		status = http.StatusBadRequest
	}
	switch {
	case st.photoOf != "":
		st.fields["photo"] = t["err_photo"]
	case st.letter && ae.Type != "deadline-passed":
		st.problem, st.fields["credentials"] = t["err_fix"], credentialsMessage(t, ae)
	case len(ae.Fields) > 0:
		st.problem = t["err_fix"]
		for _, f := range ae.Fields {
			st.fields[f.Field] = fieldMessage(t, f)
		}
	case ae.Type == "quota-reached":
		st.problem = t["err_quota"]
	case ae.Type == "one-head":
		st.problem = t["err_head"]
	case ae.Type == "deadline-passed":
		st.problem = t["err_deadline"]
	case ae.Type == "not-accepted":
		st.problem = t["accept_first"]
	default:
		st.problem = t["err_generic"]
	}
	_, l, err2 := s.Resolve(ctx, c.Param("token"), c.RealIP())
	if err2 != nil {
		return err2
	}
	return s.render(ctx, c, l, status, st)
}

func fieldMessage(t map[string]string, f apperr.FieldError) string {
	if strings.Contains(f.Detail, "required") {
		return t["err_required"]
	}
	if script, ok := strings.CutPrefix(f.Detail, unprintablePrefix); ok {
		return fmt.Sprintf(t["names.err_script"], strings.TrimSuffix(script, unprintableSuffix))
	}
	switch f.Field {
	case "honorific", "given_names", "family_name", "native_name":
		return t["err_name"]
	case "email":
		return t["err_email"]
	}
	return t["err_field"]
}

// formatDeadline shows a time in the event's zone with the zone's name and offset.
func formatDeadline(at time.Time, loc *time.Location) string {
	lt := at.In(loc)
	return lt.Format("2006-01-02 15:04") + " (" + loc.String() + ", UTC" + lt.Format("-07:00") + ")"
}

func (s *Service) render(ctx context.Context, c echo.Context, l Link, status int, st pageState) error {
	o, err := s.Overview(ctx, l)
	if err != nil {
		return err
	}
	ev, err := s.events.FindEventByID(ctx, l.Invitation.EventID)
	if err != nil {
		return err
	}
	st.base, st.secretariat = "/rsvp/"+url.PathEscape(c.Param("token")), s.Secretariat
	data := buildPage(o, ev, l, st)
	if data.Protocol, err = s.protocolSection(ctx, l, o, ev, st); err != nil {
		return err
	}
	if err := s.addTravel(ctx, &data, l, ev, st); err != nil {
		return err
	}
	if data.List, err = s.listSection(ctx, c, l, o, ev, st); err != nil {
		return err
	}
	if err := s.addSections(ctx, &data, l, st); err != nil {
		return err
	}
	if err := s.addPageSections(ctx, c, &data, l, st); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, data); err != nil {
		return apperr.Wrap(err, "render RSVP page")
	}
	noStore(c)
	return c.HTMLBlob(status, buf.Bytes())
}
