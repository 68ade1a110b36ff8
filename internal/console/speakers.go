package console

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/speakers"
)

// speakersRoutes is the screen of a plenary's list of speakers (inscribe,
// move, mark), its documents and the chair's full-screen view.
func (c *Console) speakersRoutes(g *echo.Group) {
	const base = "/events/:event_id/sessions/:session_id/speakers"
	g.GET(base, c.speakersPage)
	g.POST(base, c.speakersInscribe)
	g.POST(base+"/turn", c.speakersTurn)
	g.POST(base+"/:speaker_id/mark", c.speakersMark)
	g.POST(base+"/:speaker_id/move", c.speakersMove)
	g.POST(base+"/:speaker_id/statement", c.speakersStatement)
	g.POST(base+"/settings", c.speakersSettings)
	g.POST(base+"/level", c.speakersLevel)
	g.POST(base+"/roles", c.speakersAddRole)
	g.POST(base+"/roles/:role_id/remove", c.speakersRemoveRole)
	g.GET(base+"/chair", c.speakersChair)
	g.GET(base+"/pdf", c.speakersPDF)
	g.GET(base+"/statements.zip", c.speakersZIP)
}

// speakersView is the screen's data.
type speakersView struct {
	List       speakers.List
	Roles      []speakers.Role
	Kinds      []string
	Candidates []speakers.Candidate
	Levels     []speakers.Level
	History    []speakerChange
	Base       string
	Refused    string // the speaker whose form was refused
}

// speakerChange is a line of the list's history, newest first on the
// screen: when (in the event's timezone), what, to whom, from and to which
// place, why and by whom.
type speakerChange struct {
	At, Action, Reason, Actor string
	Person                    speakers.Person
	From, To                  *int
}

// history is the list's changes, newest first, each with its speaker.
func history(l speakers.List, changes []speakers.Change, loc *time.Location) []speakerChange {
	people := map[string]speakers.Person{}
	for _, sp := range append(append([]speakers.Speaker{}, l.Waiting...), l.Done...) {
		people[sp.ID] = sp.Person
	}
	out := make([]speakerChange, 0, len(changes))
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		out = append(out, speakerChange{At: c.At.In(loc).Format("2006-01-02 15:04:05"), Action: c.Action, Reason: c.Reason,
			Actor: c.Actor, Person: people[c.SpeakerID], From: c.FromPosition, To: c.ToPosition})
	}
	return out
}

// LevelName is the name in lang of the level of the table of precedence
// with code, or "" for a speaker whose level is not set.
func (v speakersView) LevelName(code, lang string) string {
	for _, l := range v.Levels {
		if l.Code == code {
			return textIn(l.Names, lang)
		}
	}
	return ""
}

func (c *Console) speakersList(ctx echo.Context, p *Page) (speakers.List, error) {
	if err := c.loadEvent(ctx, p); err != nil {
		return speakers.List{}, err
	}
	l, err := c.Speakers.List(ctx.Request().Context(), ctx.Param("session_id"), p.Lang)
	if err == nil && l.Session.EventID != p.Event.ID {
		err = apperr.NotFoundf("no such session in this event")
	}
	return l, err
}

func (c *Console) speakersPage(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if ctx.QueryParam("done") == "speakers" {
		p.Done = p.T("speakers.done_msg")
	}
	return c.renderSpeakers(ctx, p, http.StatusOK, "", nil)
}

func (c *Console) renderSpeakers(ctx echo.Context, p *Page, status int, refused string, err error) error {
	p.Nav = "setup"
	l, lerr := c.speakersList(ctx, p)
	if lerr != nil {
		return c.renderError(ctx, lerr)
	}
	cands, cerr := c.Speakers.Store().Candidates(ctx.Request().Context(), p.Event.ID, 2000)
	if cerr != nil {
		return c.renderError(ctx, cerr)
	}
	roles, rerr := c.Speakers.Roles(ctx.Request().Context(), l.Session.ID, p.Lang)
	if rerr != nil {
		return c.renderError(ctx, rerr)
	}
	levels, err2 := c.Speakers.Precedence(ctx.Request().Context(), p.Event.ID)
	if err2 != nil {
		return c.renderError(ctx, err2)
	}
	changes, herr := c.Speakers.Changes(ctx.Request().Context(), l.Session.ID)
	if herr != nil {
		return c.renderError(ctx, herr)
	}
	if p.Form == nil {
		p.Form = NewForm(p.Lang)
	}
	if err != nil {
		if p.Problem = p.Form.Refuse(err); p.Problem == "" {
			return err
		}
	}
	speakingValues(p.Form, l.Settings, p.Event.Location())
	p.Data = speakersView{List: l, Roles: roles, Kinds: speakers.RoleKinds, Candidates: cands, Levels: levels, Refused: refused,
		History: history(l, changes, p.Event.Location()),
		Base:    Prefix + "/events/" + p.Event.ID + "/sessions/" + l.Session.ID + "/speakers"}
	return c.render(ctx, status, "speakers", p)
}

// speakersAct runs act on the screen's session and goes back to the
// screen, or shows it again with the refusal.
func (c *Console) speakersAct(ctx echo.Context, refused string, act func(sessionID string) error) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	if err := act(ctx.Param("session_id")); err != nil {
		return c.renderSpeakers(ctx, c.page(ctx, "speakers.list_title"), httpStatus(err), refused, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/sessions/"+ctx.Param("session_id")+"/speakers?done=speakers")
}

func (c *Console) speakersInscribe(ctx echo.Context) error {
	return c.speakersAct(ctx, "", func(sessionID string) error {
		pid := ctx.FormValue("participant_id")
		del := ""
		if p, err := c.Speakers.Store().FindParticipant(ctx.Request().Context(), pid); err == nil {
			del = p.DelegationID
		}
		_, err := c.Speakers.Inscribe(ctx.Request().Context(), sessionID, speakers.InscribeInput{DelegationID: del, ParticipantID: pid}, nil)
		return err
	})
}

func (c *Console) speakersMark(ctx echo.Context) error {
	return c.speakersAct(ctx, ctx.Param("speaker_id"), func(sessionID string) error {
		_, err := c.Speakers.Mark(ctx.Request().Context(), sessionID, ctx.Param("speaker_id"),
			speakers.MarkInput{Status: ctx.FormValue("status")})
		return err
	})
}

func (c *Console) speakersMove(ctx echo.Context) error {
	return c.speakersAct(ctx, ctx.Param("speaker_id"), func(sessionID string) error {
		pos, err := strconv.Atoi(ctx.FormValue("position"))
		if err != nil {
			return apperr.Fields(apperr.Field("position", "must be a number"))
		}
		_, err = c.Speakers.Move(ctx.Request().Context(), sessionID, ctx.Param("speaker_id"),
			speakers.MoveInput{Position: pos, Reason: ctx.FormValue("reason")})
		return err
	})
}

func (c *Console) speakersTurn(ctx echo.Context) error {
	return c.speakersAct(ctx, "", func(sessionID string) error {
		_, err := c.Speakers.StartTurn(ctx.Request().Context(), sessionID)
		return err
	})
}

// speakersChair is the chair's full-screen view, in the console's language.
func (c *Console) speakersChair(ctx echo.Context) error {
	p := c.page(ctx, "speakers.chair_link")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	b, err := c.Speakers.HallPage(ctx.Request().Context(), ctx.Param("session_id"), p.Lang)
	if err != nil {
		return c.renderError(ctx, err)
	}
	noStore(ctx)
	return ctx.HTMLBlob(http.StatusOK, b)
}

func (c *Console) speakersPDF(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	lang := ctx.QueryParam("language")
	if !i18n.IsLanguage(lang) {
		lang = p.Lang
	}
	b, err := c.Speakers.PDF(ctx.Request().Context(), ctx.Param("session_id"), lang)
	if err != nil {
		return c.renderError(ctx, err)
	}
	ctx.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="list-of-speakers-`+lang+`.pdf"`)
	return ctx.Blob(http.StatusOK, "application/pdf", b)
}

func (c *Console) speakersZIP(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	r := ctx.Response()
	r.Header().Set(echo.HeaderContentType, "application/zip")
	r.Header().Set(echo.HeaderContentDisposition, `attachment; filename="statements.zip"`)
	r.WriteHeader(http.StatusOK)
	return c.Speakers.StatementsZIP(ctx.Request().Context(), ctx.Param("session_id"), r)
}

func (c *Console) speakersAddRole(ctx echo.Context) error {
	return c.speakersAct(ctx, "", func(sessionID string) error {
		in := speakers.RoleInput{Role: ctx.FormValue("role"), Subtopic: ctx.FormValue("subtopic"),
			GuestName: ctx.FormValue("guest_name"), GuestAffiliation: ctx.FormValue("guest_affiliation")}
		if pid := ctx.FormValue("participant_id"); pid != "" {
			in.ParticipantID = &pid
		}
		_, err := c.Speakers.AddRole(ctx.Request().Context(), sessionID, in)
		return err
	})
}

func (c *Console) speakersRemoveRole(ctx echo.Context) error {
	return c.speakersAct(ctx, "", func(sessionID string) error {
		return c.Speakers.RemoveRole(ctx.Request().Context(), sessionID, ctx.Param("role_id"))
	})
}

// speakingFields are the fields of the form of a session's speaking settings.
var speakingFields = []string{"opens_at", "closes_at", "speaking_seconds", "per_delegation"}

// speakingValues fills the settings form with the session's settings as
// stored, its times in loc, unless the form was sent (and is shown again).
func speakingValues(f *Form, set speakers.Settings, loc *time.Location) {
	if _, sent := f.Values["speaking_seconds"]; sent {
		return
	}
	for name, t := range map[string]*time.Time{"opens_at": set.OpensAt, "closes_at": set.ClosesAt} {
		if t != nil {
			f.Values[name] = t.In(loc).Format(deadlineLayout)
		}
	}
	f.Values["speaking_seconds"] = strconv.Itoa(set.SpeakingSeconds)
	f.Values["per_delegation"] = strconv.Itoa(set.PerDelegation)
}

// readSpeaking reads the settings form, its times in loc (an empty time
// leaves inscription open on that side), and marks what cannot be read.
func readSpeaking(f *Form, loc *time.Location) speakers.SettingsInput {
	var in speakers.SettingsInput
	for _, t := range []struct {
		name string
		dst  *event.Nullable[time.Time]
	}{{"opens_at", &in.OpensAt}, {"closes_at", &in.ClosesAt}} {
		t.dst.Set = true
		v := f.Values[t.name]
		if v == "" {
			continue
		}
		at, err := time.ParseInLocation(deadlineLayout, v, loc)
		if err != nil {
			at, err = time.ParseInLocation(deadlineLayout+":05", v, loc)
		}
		if err != nil {
			f.Errors[t.name] = i18n.T(f.lang, "speakers.err_time")
			continue
		}
		t.dst.Value = &at
	}
	for _, n := range []struct {
		name string
		dst  **int
	}{{"speaking_seconds", &in.SpeakingSeconds}, {"per_delegation", &in.PerDelegation}} {
		v, err := strconv.Atoi(f.Values[n.name])
		if err != nil {
			f.Errors[n.name] = i18n.T(f.lang, "speakers.err_number")
			continue
		}
		*n.dst = &v
	}
	return in
}

// speakersSettings changes when inscription opens and closes, the speaking
// time and how many entries a delegation may have.
func (c *Console) speakersSettings(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	p.Form.Read(ctx, speakingFields...)
	in := readSpeaking(p.Form, p.Event.Location())
	if !p.Form.OK() {
		p.Problem = p.T("console.err.fix")
		return c.renderSpeakers(ctx, p, http.StatusBadRequest, "", nil)
	}
	if _, err := c.Speakers.UpdateSettings(ctx.Request().Context(), ctx.Param("session_id"), in); err != nil {
		return c.renderSpeakers(ctx, p, httpStatus(err), "", err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/sessions/"+ctx.Param("session_id")+"/speakers?done=speakers")
}

// speakersLevel sets a participant's level of precedence.
func (c *Console) speakersLevel(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	p.Form.Read(ctx, "level_participant", "level_id")
	_, err := c.Speakers.SetParticipantLevel(ctx.Request().Context(), p.Event.ID, p.Form.Values["level_participant"], p.Form.Values["level_id"])
	var ae *apperr.Error
	switch {
	case err == nil:
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/sessions/"+ctx.Param("session_id")+"/speakers?done=speakers")
	case errors.As(err, &ae) && ae.Kind == apperr.NotFound:
		p.Form.Errors["level_participant"] = p.T("speakers.err_level_participant")
		p.Problem = p.T("console.err.fix")
		return c.renderSpeakers(ctx, p, http.StatusBadRequest, "", nil)
	case errors.As(err, &ae) && len(ae.Fields) > 0:
		p.Form.Errors["level_id"] = p.T("speakers.err_level")
		p.Problem = p.T("console.err.fix")
		return c.renderSpeakers(ctx, p, httpStatus(err), "", nil)
	}
	return c.renderSpeakers(ctx, p, httpStatus(err), "", err)
}

// speakersStatement takes the text of an entry's statement, a PDF or a
// Word document, for the interpreters; a refused file is named beside the
// field of that entry.
func (c *Console) speakersStatement(ctx echo.Context) error {
	p := c.page(ctx, "speakers.list_title")
	if _, err := c.speakersList(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	id := ctx.Param("speaker_id")
	up, err := statementFile(ctx)
	if err == nil {
		err = c.Speakers.SetStatement(ctx.Request().Context(), ctx.Param("session_id"), id, up)
	}
	var ae *apperr.Error
	switch {
	case err == nil:
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/sessions/"+ctx.Param("session_id")+"/speakers?done=speakers")
	case !errors.As(err, &ae) || ae.Kind == apperr.Internal:
		return err
	case ae.Kind == apperr.NotFound:
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	key := map[apperr.Kind]string{apperr.TooLarge: "speakers.err_statement_size", apperr.Unsupported: "speakers.err_statement_type"}[ae.Kind]
	if key == "" {
		key = "speakers.err_statement_missing"
	}
	p.Form.Errors["statement"] = p.T(key)
	p.Problem = p.T("console.err.fix")
	return c.renderSpeakers(ctx, p, httpStatus(err), id, nil)
}

// statementFile reads the file of the form's "statement" field.
// Errors: Invalid (no file), TooLarge.
func statementFile(ctx echo.Context) (speakers.Upload, error) {
	fh, err := ctx.FormFile("statement")
	if err != nil {
		return speakers.Upload{}, apperr.Fields(apperr.Field("statement", "choose a PDF or Word file"))
	}
	f, err := fh.Open()
	if err != nil {
		return speakers.Upload{}, apperr.Fields(apperr.Field("statement", "the file could not be read"))
	}
	defer f.Close()
	body, err := httpx.ReadLimited(f, speakers.MaxStatement, "statement")
	return speakers.Upload{Name: fh.Filename, Data: body}, err
}
