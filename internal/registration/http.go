package registration

import (
	"context"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Routes registers the RSVP API (authorised by the token in the path) and the
// Secretariat's routes under g (/api/v1).
func (s *Service) Routes(g *echo.Group) {
	g.GET("/rsvp/:token", s.getRSVP)
	g.POST("/rsvp/:token/response", s.postResponse)
	g.POST("/rsvp/:token/participants", s.postParticipant)
	g.PATCH("/rsvp/:token/participants/:participant_id", s.patchParticipant)
	g.DELETE("/rsvp/:token/participants/:participant_id", s.deleteParticipant)
	g.PUT("/rsvp/:token/participants/:participant_id/photo", s.putPhoto)
	g.PUT("/rsvp/:token/credentials", s.putCredentials)
	g.GET("/rsvp/:token/letter.pdf", s.getLetter)
	s.credentialsRoutes(g)
	s.protocolRoutes(g)
	s.travelRoutes(g)
	s.listRoutes(g) // lop_http.go

	g.GET("/events/:event_id/participants", s.listParticipants, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/participants/export", s.exportParticipants, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/rsvp/summary", s.getSummary, auth.Allow(auth.Staff...))
	g.GET("/delegations/:delegation_id/rsvp", s.getDelegationRSVP, auth.Allow(auth.Staff...))
	g.POST("/invitations/:invitation_id/reopen", s.postReopen, auth.Allow(auth.Staff...))
	g.GET("/participants/:participant_id", s.getParticipant, auth.Allow(auth.Staff...))
	g.GET("/participants/:participant_id/photo", s.getPhoto, auth.Allow(auth.Anyone...))
	g.POST("/participants/:participant_id/approve", s.postApprove, auth.Allow(auth.Staff...))
	g.POST("/participants/:participant_id/reject", s.postReject, auth.Allow(auth.Staff...))
}

// link resolves the request's RSVP token. Every answer on a link holds the
// delegation's personal data (or says whether the link is valid): no cache,
// the browser's included, may keep it.
func (s *Service) link(c echo.Context) (context.Context, Link, error) {
	noStore(c)
	return s.Resolve(c.Request().Context(), c.Param("token"), c.RealIP())
}

func (s *Service) getRSVP(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	o, err := s.Overview(ctx, l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, o)
}

func (s *Service) postResponse(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
		Note   string `json:"note"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	if l.Invitation, err = s.Answer(ctx, l, in.Answer, in.Note); err != nil {
		return err
	}
	o, err := s.Overview(ctx, l)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, o)
}

func (s *Service) postParticipant(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	var in ParticipantInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	p, err := s.Nominate(ctx, l, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, ParticipantView{Participant: p})
}

func (s *Service) patchParticipant(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in ParticipantInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	p, err := s.UpdateParticipant(ctx, l, id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ParticipantView{Participant: p, HasPhoto: p.PhotoID != nil})
}

func (s *Service) deleteParticipant(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	if err := s.WithdrawParticipant(ctx, l, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) putPhoto(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	data, err := httpx.ReadLimited(c.Request().Body, MaxPhotoBytes, "photo")
	if err != nil {
		return err
	}
	p, err := s.SetPhoto(ctx, l, id, data)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ParticipantView{Participant: p, HasPhoto: true})
}

func (s *Service) putCredentials(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	data, err := httpx.ReadLimited(c.Request().Body, MaxCredentialsBytes, "credentials letter")
	if err != nil {
		return err
	}
	letter, err := s.SetCredentials(ctx, l, data)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, letter)
}

// filter reads the list filters shared by the list and the export.
func filter(c echo.Context) (ParticipantFilter, error) {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return ParticipantFilter{}, err
	}
	f := ParticipantFilter{EventID: eventID, DelegationID: c.QueryParam("delegation_id"), Status: c.QueryParam("status"),
		CategoryID: c.QueryParam("category_id"), Role: c.QueryParam("role")}
	var v apperr.Validator
	v.Check(f.DelegationID == "" || httpx.IsUUID(f.DelegationID), "delegation_id", "must be a UUID")
	v.Check(f.CategoryID == "" || httpx.IsUUID(f.CategoryID), "category_id", "must be a UUID")
	v.Check(f.Status == "" || slices.Contains([]string{Nominated, Approved, Rejected, Withdrawn}, f.Status),
		"status", "must be nominated, approved, rejected or withdrawn")
	v.Check(f.Role == "" || slices.Contains(Roles, f.Role), "role", "must be one of head, delegate, alternate, adviser, security, support")
	f.Query = c.QueryParam("q")
	cleanNote(&v, "q", &f.Query, 0)
	return f, v.Err()
}

func (s *Service) listParticipants(c echo.Context) error {
	f, err := filter(c)
	if err != nil {
		return err
	}
	if f.Page, err = httpx.ParseKeysetPage(c, 2); err != nil {
		return err
	}
	ps, total, more, err := s.store.FindParticipants(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewKeysetList(viewParticipants(ps), total, more, participantKey))
}

func (s *Service) exportParticipants(c echo.Context) error {
	f, err := filter(c)
	if err != nil {
		return err
	}
	format, err := httpx.ExportFormat(c, "csv")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ev, err := s.events.FindEventByID(ctx, f.EventID)
	if err != nil {
		return err
	}
	lang, err := httpx.ExportLanguage(c, ev.Languages...)
	if err != nil {
		return err
	}
	name := "participants-" + s.Now().UTC().Format("20060102") + "." + format
	return httpx.Download(c, name, format, func(w io.Writer) error {
		if format == "csv" {
			return s.WriteCSV(ctx, w, f, lang)
		}
		return s.WriteXLSX(ctx, w, f, lang)
	})
}

func (s *Service) getSummary(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	sum, err := s.Summary(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, sum)
}

func (s *Service) getDelegationRSVP(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	d, err := s.DelegationRSVP(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) postReopen(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	var in struct {
		Until time.Time `json:"until"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	inv, err := s.Reopen(c.Request().Context(), id, in.Until)
	if err != nil {
		return err
	}
	active, _, err := s.store.CountActive(c.Request().Context(), inv.ID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, viewInvitation(inv, active, s.Now()))
}

func (s *Service) getParticipant(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	p, err := s.store.FindParticipantByID(c.Request().Context(), id, false)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ParticipantView{Participant: p, HasPhoto: p.PhotoID != nil})
}

func (s *Service) getPhoto(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	p, err := s.store.FindParticipantByID(c.Request().Context(), id, false)
	if err != nil {
		return err
	}
	// The doors see the photo of an approved participant only, and a
	// device only of the events it scans for.
	if a := actor.From(c.Request().Context()); !a.Reaches(p.EventID) {
		return auth.DeviceOutside(a, "participant")
	} else if a.Role == actor.Door && p.Status != Approved {
		return apperr.NotFoundf("no such participant")
	}
	ph, err := s.store.FindPhoto(c.Request().Context(), p)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	c.Response().Header().Set("ETag", `"`+ph.SHA256+`"`)
	return c.Blob(http.StatusOK, ph.ContentType, ph.Data)
}

func (s *Service) postApprove(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in struct {
		CategoryID string `json:"category_id"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	if !httpx.IsUUID(in.CategoryID) {
		return apperr.Fields(apperr.Field("category_id", "must be a UUID"))
	}
	p, err := s.Approve(c.Request().Context(), id, in.CategoryID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ParticipantView{Participant: p, HasPhoto: p.PhotoID != nil})
}

func (s *Service) postReject(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	p, err := s.Reject(c.Request().Context(), id, in.Reason)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ParticipantView{Participant: p, HasPhoto: p.PhotoID != nil})
}
