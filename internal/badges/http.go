package badges

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Routes adds the badge routes to g (the /api/v1 group).
func (s *Service) Routes(g *echo.Group) {
	g.GET("/events/:event_id/signing-keys", s.listKeys, auth.Allow(auth.Anyone...))
	g.POST("/events/:event_id/signing-keys/rotate", s.rotateKey, auth.Allow(auth.Admins...))
	g.GET("/participants/:participant_id/badge", s.participantBadge, auth.Allow(auth.Staff...))
	g.GET("/badges/:badge_id", s.getBadge, auth.Allow(auth.Staff...))
	g.GET("/badges/:badge_id/pdf", s.badgePDF, auth.Allow(auth.Staff...))
	g.POST("/badges/:badge_id/reprint", s.reprint, auth.Allow(auth.Staff...))
	g.POST("/badges/:badge_id/revoke", s.revoke, auth.Allow(auth.Staff...))
	g.POST("/badges/:badge_id/collected", s.collected, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/badge-prints", s.listPrints, auth.Allow(auth.Staff...))
	g.POST("/events/:event_id/badge-prints", s.createPrint, auth.Allow(auth.Staff...))
	g.GET("/badge-prints/:print_id", s.getPrint, auth.Allow(auth.Staff...))
	g.GET("/badge-prints/:print_id/file", s.printFile, auth.Allow(auth.Staff...))
}

func (s *Service) listKeys(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	keys, total, err := s.Keys.PublicKeys(c.Request().Context(), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(keys, total, p))
}

func (s *Service) rotateKey(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	k, err := s.Keys.Rotate(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, k)
}

func (s *Service) participantBadge(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	d, err := s.ForParticipant(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) getBadge(c echo.Context) error {
	id, err := httpx.ID(c, "badge_id")
	if err != nil {
		return err
	}
	d, err := s.Badge(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) badgePDF(c echo.Context) error {
	id, err := httpx.ID(c, "badge_id")
	if err != nil {
		return err
	}
	pdf, b, err := s.PDF(c.Request().Context(), id, c.QueryParam("layout"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition",
		`inline; filename="badge-`+NumberFileName(b.Number, b.Version)+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// reasonInput is the body of reprint and revoke.
type reasonInput struct {
	Reason string `json:"reason"`
}

func (s *Service) withReason(c echo.Context, fn func(id, reason string) (Detail, error), status int) error {
	id, err := httpx.ID(c, "badge_id")
	if err != nil {
		return err
	}
	var in reasonInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	d, err := fn(id, in.Reason)
	if err != nil {
		return err
	}
	return httpx.JSON(c, status, d)
}

func (s *Service) reprint(c echo.Context) error {
	return s.withReason(c, func(id, reason string) (Detail, error) {
		return s.Reprint(c.Request().Context(), id, reason)
	}, http.StatusCreated)
}

func (s *Service) revoke(c echo.Context) error {
	return s.withReason(c, func(id, reason string) (Detail, error) {
		return s.Revoke(c.Request().Context(), id, reason)
	}, http.StatusOK)
}

func (s *Service) collected(c echo.Context) error {
	id, err := httpx.ID(c, "badge_id")
	if err != nil {
		return err
	}
	d, err := s.Collected(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, d)
}

func (s *Service) listPrints(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	f := PrintJobFilter{EventID: id, Status: c.QueryParam("status"), Page: p}
	jobs, total, err := s.Prints.Jobs(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(jobs, total, p))
}

func (s *Service) createPrint(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in PrintInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	j, err := s.Prints.Create(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/badge-prints/"+j.ID)
	return httpx.JSON(c, http.StatusAccepted, j)
}

func (s *Service) getPrint(c echo.Context) error {
	id, err := httpx.ID(c, "print_id")
	if err != nil {
		return err
	}
	j, err := s.Prints.Job(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, j)
}

func (s *Service) printFile(c echo.Context) error {
	id, err := httpx.ID(c, "print_id")
	if err != nil {
		return err
	}
	f, err := s.Prints.File(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return f.Send(c)
}

// Send sends the file as an attachment, streamed from the database. Once
// the headers are sent an error can only cut the download short; it is
// logged.
func (f PrintFile) Send(c echo.Context) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, f.Type)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+f.Name+`"`)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(f.Size, 10))
	c.Response().WriteHeader(http.StatusOK)
	err := f.Stream(c.Request().Context(), c.Response())
	if err != nil && c.Request().Context().Err() == nil {
		f.log.Error("send print file", "job", f.job, "error", err)
	}
	return err
}
