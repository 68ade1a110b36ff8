package console

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
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
	Base       string
	Refused    string // the speaker whose form was refused
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
	p.Form = NewForm(p.Lang)
	if err != nil {
		if p.Problem = p.Form.Refuse(err); p.Problem == "" {
			return err
		}
	}
	p.Data = speakersView{List: l, Roles: roles, Kinds: speakers.RoleKinds, Candidates: cands, Refused: refused,
		Base: Prefix + "/events/" + p.Event.ID + "/sessions/" + l.Session.ID + "/speakers"}
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
