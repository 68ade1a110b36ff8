package invitations

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/httpx"
)

func (l *Letters) listTemplates(c echo.Context) error {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	ts, err := l.store().FindTemplates(c.Request().Context(), eventID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(ts, int64(len(ts)), httpx.Page{Limit: len(ts)}))
}

func (l *Letters) getTemplate(c echo.Context) error {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	t, err := l.store().FindTemplate(c.Request().Context(), eventID, c.Param("language"))
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (l *Letters) putTemplate(c echo.Context) error {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in TemplateInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	t, err := l.store().SaveTemplate(c.Request().Context(), eventID, c.Param("language"), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}
