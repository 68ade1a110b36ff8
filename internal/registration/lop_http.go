package registration

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/httpx"
)

// listRoutes registers a delegation's corrections of the List of
// Participants through its RSVP token.
func (s *Service) listRoutes(g *echo.Group) {
	g.GET("/rsvp/:token/list-corrections", s.getRSVPListCorrections)
	g.POST("/rsvp/:token/list-corrections", s.postRSVPListCorrection)
}

type listCorrectionBody struct {
	Body string `json:"body"`
}

func (s *Service) getRSVPListCorrections(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	items, err := s.ListCorrections(ctx, l.Invitation.EventID, l.Delegation.ID)
	if err != nil {
		return err
	}
	if items == nil {
		items = []ListCorrection{}
	}
	issued, err := s.FinalListIssued(ctx, l.Invitation.EventID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": items, "open": issued == nil})
}

func (s *Service) postRSVPListCorrection(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	var in listCorrectionBody
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	out, err := s.SendListCorrection(ctx, l, in.Body)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, out)
}
