package documents

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/registration"
)

// Routes registers the documents' routes under g (/api/v1).
func (s *Service) Routes(g *echo.Group) {
	staff := auth.Allow(auth.Staff...)
	g.GET("/events/:event_id/documents/participants", s.getList, staff)
	g.POST("/events/:event_id/documents/participants/final", s.issueFinal, staff)
	g.GET("/events/:event_id/documents/participants/corrections", s.listCorrections, staff)
	g.GET("/participants/:participant_id/certificate", s.getCertificate, staff)
	g.GET("/delegations/:delegation_id/certificates", s.getDelegationCertificates, staff)
}

// ListRequestOf reads a list's query parameters; language defaults to the
// event's first, edition to provisional and format to pdf, the checks of
// their values to ParticipantList.
func ListRequestOf(c echo.Context) ListRequest {
	r := ListRequest{Language: c.QueryParam("language"), Edition: c.QueryParam("edition"), Format: c.QueryParam("format")}
	if r.Edition == "" {
		r.Edition = Provisional
	}
	if r.Format == "" {
		r.Format = PDF
	}
	return r
}

// DownloadList answers with the list r asks for as a file. Errors: as
// ParticipantList.
func (s *Service) DownloadList(c echo.Context, eventID string, r ListRequest) error {
	ctx := c.Request().Context()
	if r.Language == "" {
		ev, err := s.event(ctx, eventID)
		if err != nil {
			return err
		}
		if len(ev.Languages) > 0 {
			r.Language = ev.Languages[0]
		}
	}
	l, err := s.ParticipantList(ctx, eventID, r)
	if err != nil {
		return err
	}
	name := "list-of-participants-" + r.Edition + "-" + r.Language + "." + r.Format
	if r.Format == XLSX {
		var buf bytes.Buffer
		if err := l.WriteXLSX(&buf); err != nil {
			return err
		}
		return attach(c, name, httpx.XLSXType, buf.Bytes())
	}
	b, err := l.RenderPDF()
	if err != nil {
		return err
	}
	return attach(c, name, "application/pdf", b)
}

func attach(c echo.Context, name, contentType string, b []byte) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	return c.Blob(http.StatusOK, contentType, b)
}

func (s *Service) getList(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	return s.DownloadList(c, id, ListRequestOf(c))
}

func (s *Service) issueFinal(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	e, err := s.IssueFinal(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, e)
}

func (s *Service) listCorrections(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	out, err := s.Corrections(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if out == nil {
		out = []registration.ListCorrection{}
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": out})
}

func (s *Service) getCertificate(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	b, err := s.Certificate(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return attach(c, "certificate-of-attendance.pdf", "application/pdf", b)
}

func (s *Service) getDelegationCertificates(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	if format == "" {
		format = PDF
	}
	if format != PDF && format != "zip" {
		return apperr.Fields(apperr.Field("format", "must be pdf or zip"))
	}
	var buf bytes.Buffer
	if err := s.DelegationCertificates(c.Request().Context(), id, format, &buf); err != nil {
		return err
	}
	if format == PDF {
		return attach(c, "certificates-of-attendance.pdf", "application/pdf", buf.Bytes())
	}
	return attach(c, "certificates-of-attendance.zip", "application/zip", buf.Bytes())
}
