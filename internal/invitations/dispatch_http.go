package invitations

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/httpx"
)

func (l *Letters) dispatchOne(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	it, _, err := l.Dispatch(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusAccepted, it)
}

func (l *Letters) dispatchMany(c echo.Context) error {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var f DispatchFilter
	if c.Request().ContentLength != 0 {
		if err := httpx.Bind(c, &f); err != nil {
			return err
		}
	}
	res, err := l.DispatchEvent(c.Request().Context(), eventID, f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusAccepted, res)
}

func (l *Letters) remindNow(c echo.Context) error {
	eventID, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	n, err := l.Remind(c.Request().Context(), eventID, false)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusAccepted, map[string]int{"queued": n})
}
