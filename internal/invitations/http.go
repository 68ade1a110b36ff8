package invitations

import (
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Routes registers the delegation and invitation routes under g (/api/v1).
func (s *Service) Routes(g *echo.Group) {
	staff := auth.Allow(auth.Staff...)
	g.GET("/events/:event_id/delegations", s.handleListDelegations, staff)
	g.POST("/events/:event_id/delegations", s.handleCreateDelegation, staff)
	g.POST("/events/:event_id/delegations/order", s.handleOrderDelegations, staff)
	g.GET("/delegations/:delegation_id", s.handleGetDelegation, staff)
	g.PATCH("/delegations/:delegation_id", s.handleUpdateDelegation, staff)
	g.DELETE("/delegations/:delegation_id", s.handleDeleteDelegation, staff)

	g.GET("/events/:event_id/invitations", s.handleListInvitations, staff)
	g.POST("/events/:event_id/invitations", s.handleCreateInvitation, staff)
	g.GET("/events/:event_id/invitations/summary", s.handleSummary, staff)
	g.POST("/events/:event_id/invitations/import", s.handleImportInvitations, staff)
	g.GET("/events/:event_id/invitations/export", s.handleExportInvitations, staff)
	g.GET("/invitations/:invitation_id", s.handleGetInvitation, staff)
	g.PATCH("/invitations/:invitation_id", s.handleUpdateInvitation, staff)
	g.DELETE("/invitations/:invitation_id", s.handleDeleteInvitation, staff)
	g.POST("/invitations/:invitation_id/issue", s.handleIssueInvitation, staff)
	g.POST("/invitations/:invitation_id/withdraw", s.handleWithdrawInvitation, staff)
	g.GET("/invitations/:invitation_id/letters", s.handleListLetters, staff)
	g.POST("/invitations/:invitation_id/rsvp-link", s.handleRsvpLink, staff)
}

func (s *Service) handleListDelegations(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	f := DelegationFilter{EventID: id, Kind: c.QueryParam("kind"), Q: strings.TrimSpace(c.QueryParam("q")), Page: p}
	if f.Kind != "" && !isKind(f.Kind) {
		return apperr.Fields(apperr.Field("kind", "must be one of %s", strings.Join(Kinds, ", ")))
	}
	items, total, err := s.Delegations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, total, p))
}

func (s *Service) handleCreateDelegation(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in DelegationInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	d, err := s.CreateDelegation(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, d)
}

func (s *Service) handleOrderDelegations(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in struct {
		DelegationIDs []string `json:"delegation_ids"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	items, err := s.SetProtocolOrder(c.Request().Context(), id, in.DelegationIDs)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, int64(len(items)), httpx.Page{Limit: len(items)}))
}

func (s *Service) handleGetDelegation(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	d, err := s.Delegation(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) handleUpdateDelegation(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	var in DelegationInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	d, err := s.UpdateDelegation(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) handleDeleteDelegation(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	if err := s.DeleteDelegation(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) handleListInvitations(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	f := InvitationFilter{EventID: id, Status: c.QueryParam("status"), DelegationID: c.QueryParam("delegation_id"),
		Language: c.QueryParam("language"), Q: strings.TrimSpace(c.QueryParam("q")), Page: p}
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(Statuses, f.Status), "status", "must be one of %s", strings.Join(Statuses, ", "))
	v.Check(f.DelegationID == "" || httpx.IsUUID(f.DelegationID), "delegation_id", "must be a UUID")
	v.Check(f.Language == "" || event.IsLanguage(f.Language), "language", "must be one of %s", strings.Join(event.Languages, ", "))
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Invitations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, total, p))
}

func (s *Service) handleCreateInvitation(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in InvitationInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	inv, err := s.CreateInvitation(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, inv)
}

func (s *Service) handleSummary(c echo.Context) error {
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

// invitationAction runs an action on the invitation named in the path and
// answers 200 with the invitation.
func (s *Service) invitationAction(c echo.Context, act func(id string) (Invitation, error)) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	inv, err := act(id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, inv)
}

func (s *Service) handleGetInvitation(c echo.Context) error {
	return s.invitationAction(c, func(id string) (Invitation, error) { return s.Invitation(c.Request().Context(), id) })
}

func (s *Service) handleUpdateInvitation(c echo.Context) error {
	return s.invitationAction(c, func(id string) (Invitation, error) {
		var in InvitationInput
		if err := httpx.Bind(c, &in); err != nil {
			return Invitation{}, err
		}
		return s.UpdateInvitation(c.Request().Context(), id, in)
	})
}

func (s *Service) handleIssueInvitation(c echo.Context) error {
	return s.invitationAction(c, func(id string) (Invitation, error) { return s.Issue(c.Request().Context(), id) })
}

func (s *Service) handleWithdrawInvitation(c echo.Context) error {
	return s.invitationAction(c, func(id string) (Invitation, error) { return s.Withdraw(c.Request().Context(), id) })
}

func (s *Service) handleDeleteInvitation(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	if err := s.DeleteInvitation(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Service) handleListLetters(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	ls, err := s.Letters(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(ls, int64(len(ls)), httpx.Page{Limit: len(ls)}))
}

func (s *Service) handleRsvpLink(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	url, expires, err := s.RSVPLink(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return httpx.JSON(c, http.StatusCreated, map[string]any{"url": url, "expires_at": expires.UTC().Format(time.RFC3339)})
}

// MaxImportBody is the largest import file accepted.
const MaxImportBody = 10 << 20

func (s *Service) handleImportInvitations(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	dry := c.QueryParam("dry_run")
	if dry != "" && dry != "true" && dry != "false" {
		return apperr.Fields(apperr.Field("dry_run", "must be true or false"))
	}
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != CSVType && mt != XLSXType {
		return &apperr.Error{Kind: apperr.Unsupported, Detail: "send the file as text/csv or " + XLSXType}
	}
	body, err := httpx.ReadLimited(c.Request().Body, MaxImportBody, "file")
	if err != nil {
		return err
	}
	var rows []Row
	if mt == XLSXType {
		rows, err = ParseXLSX(body)
	} else {
		rows, err = ParseCSV(body)
	}
	if err != nil {
		return err
	}
	res, err := s.Import(c.Request().Context(), id, rows, dry == "true")
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, res)
}

func (s *Service) handleExportInvitations(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	format, err := httpx.ExportFormat(c, "csv")
	if err != nil {
		return err
	}
	ev, err := s.store.findEvent(c.Request().Context(), id, false)
	if err != nil {
		return err
	}
	lang, err := httpx.ExportLanguage(c, ev.Languages...)
	if err != nil {
		return err
	}
	return httpx.Download(c, "invitations."+format, format, func(w io.Writer) error {
		return s.Export(c.Request().Context(), id, format, lang, w)
	})
}
