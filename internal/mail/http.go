package mail

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Handler serves the outbox to the Secretariat.
type Handler struct {
	DB *gorm.DB
	// Notify wakes the worker after a requeue; may be nil.
	Notify func()
}

// Routes registers the outbox routes under g (/api/v1).
func (h Handler) Routes(g *echo.Group) {
	g.GET("/outbox", h.list, auth.Allow(auth.Staff...))
	g.POST("/outbox/:item_id/retry", h.retry, auth.Allow(auth.Staff...))
}

func (h Handler) list(c echo.Context) error {
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	f := Filter{Status: c.QueryParam("status"), SubjectID: c.QueryParam("subject_id"),
		EventID: c.QueryParam("event_id"), Kind: c.QueryParam("kind"), Page: p}
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains([]string{Queued, Sending, Sent, Failed}, f.Status),
		"status", "must be queued, sending, sent or failed")
	v.Check(f.EventID == "" || httpx.IsUUID(f.EventID), "event_id", "must be a UUID")
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := NewStore(h.DB).FindItems(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, total, p))
}

func (h Handler) retry(c echo.Context) error {
	id, err := httpx.ID(c, "item_id")
	if err != nil {
		return err
	}
	it, err := Requeue(c.Request().Context(), h.DB, id)
	if err != nil {
		return err
	}
	if h.Notify != nil {
		h.Notify()
	}
	return httpx.JSON(c, http.StatusOK, it)
}
