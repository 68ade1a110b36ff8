package event

import (
	"context"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Routes registers the event setup API under g (/api/v1). Staff set events
// up; door devices may read an event's zones and checkpoints to pick theirs.
func (s *Service) Routes(g *echo.Group) {
	staff, anyone, admins := auth.Allow(auth.Staff...), auth.Allow(auth.Anyone...), auth.Allow(auth.Admins...)
	const ev = "/events/:event_id"

	g.GET("/events", s.listEvents, staff)
	g.POST("/events", s.createEvent, staff)
	g.GET(ev, s.getEvent, staff)
	g.PATCH(ev, withEventInput(http.StatusOK, s.UpdateEvent), staff)
	g.POST(ev+"/copy", withEventInput(http.StatusCreated, s.CopyEvent), staff)
	g.DELETE(ev, deleteOf("event_id", func(ctx context.Context, _, id string) error { return s.DeleteEvent(ctx, id) }), admins)

	g.GET(ev+"/sessions", listOf(s, (*Store).FindSessions), staff)
	g.POST(ev+"/sessions", createOf(s, s.CreateSession), staff)
	g.GET(ev+"/sessions/:session_id", getOf(s, "session_id", (*Store).FindSessionByID), staff)
	g.PATCH(ev+"/sessions/:session_id", updateOf(s, "session_id", s.UpdateSession), staff)
	g.DELETE(ev+"/sessions/:session_id", deleteOf("session_id", s.DeleteSession), staff)

	g.GET(ev+"/zones", listOf(s, (*Store).FindZones), anyone)
	g.POST(ev+"/zones", createOf(s, s.CreateZone), staff)
	g.PATCH(ev+"/zones/:zone_id", updateOf(s, "zone_id", s.UpdateZone), staff)
	g.DELETE(ev+"/zones/:zone_id", deleteOf("zone_id", s.DeleteZone), staff)

	g.GET(ev+"/categories", listOf(s, (*Store).FindCategories), staff)
	g.POST(ev+"/categories", createOf(s, s.CreateCategory), staff)
	g.PATCH(ev+"/categories/:category_id", updateOf(s, "category_id", s.UpdateCategory), staff)
	g.DELETE(ev+"/categories/:category_id", deleteOf("category_id", s.DeleteCategory), staff)

	g.GET(ev+"/checkpoints", listOf(s, (*Store).FindCheckpoints), anyone)
	g.POST(ev+"/checkpoints", createOf(s, s.CreateCheckpoint), staff)
	g.PATCH(ev+"/checkpoints/:checkpoint_id", updateOf(s, "checkpoint_id", s.UpdateCheckpoint), staff)
	g.DELETE(ev+"/checkpoints/:checkpoint_id", deleteOf("checkpoint_id", s.DeleteCheckpoint), staff)

	g.GET(ev+"/signatories", listOf(s, (*Store).FindSignatories), staff)
	g.POST(ev+"/signatories", createOf(s, s.CreateSignatory), staff)
	g.GET(ev+"/signatories/:signatory_id", getOf(s, "signatory_id", (*Store).FindSignatoryByID), staff)
	g.PATCH(ev+"/signatories/:signatory_id", updateOf(s, "signatory_id", s.UpdateSignatory), staff)
	g.DELETE(ev+"/signatories/:signatory_id", deleteOf("signatory_id", s.DeleteSignatory), staff)
	g.PUT(ev+"/signatories/:signatory_id/signature", s.putSignature, staff)
	g.GET(ev+"/signatories/:signatory_id/signature", s.getSignature, staff)
}

func (s *Service) listEvents(c echo.Context) error {
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	events, total, err := s.store.FindEvents(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(events, total, p))
}

func (s *Service) createEvent(c echo.Context) error {
	var in EventInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	ev, err := s.CreateEvent(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusCreated, ev)
}

func (s *Service) getEvent(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	ev, err := s.store.FindEventByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, ev)
}

// withEventInput answers an event made or changed by fn from the event of
// the path and the body's fields, with status.
func withEventInput(status int, fn func(ctx context.Context, id string, in EventInput) (Event, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := httpx.ID(c, "event_id")
		if err != nil {
			return err
		}
		var in EventInput
		if err := httpx.Bind(c, &in); err != nil {
			return err
		}
		ev, err := fn(c.Request().Context(), id, in)
		if err != nil {
			return err
		}
		return httpx.JSON(c, status, ev)
	}
}

// listOf answers one page of an event's parts; an unknown event is NotFound.
func listOf[T any](s *Service, find func(*Store, context.Context, string) ([]T, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		eventID, err := httpx.ID(c, "event_id")
		if err != nil {
			return err
		}
		p, err := httpx.ParsePage(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		ev, err := s.store.FindEventByID(ctx, eventID)
		if err != nil {
			return err
		}
		all, err := find(s.store, ctx, eventID)
		if err != nil {
			return err
		}
		for i := range all {
			showInZone(&all[i], ev.Location())
		}
		page := all[min(p.Offset, len(all)):min(p.Offset+p.Limit, len(all))]
		return httpx.JSON(c, http.StatusOK, httpx.NewList(page, int64(len(all)), p))
	}
}

// getOf answers one part of an event named by the path parameter param.
func getOf[T any](s *Service, param string, find func(*Store, context.Context, string, string) (T, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		eventID, id, err := ids(c, param)
		if err != nil {
			return err
		}
		v, err := find(s.store, c.Request().Context(), eventID, id)
		if err != nil {
			return err
		}
		if err := s.showInEventZone(c.Request().Context(), eventID, &v); err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusOK, v)
	}
}

// createOf binds an input and creates a part of the event with it.
func createOf[In, T any](s *Service, create func(context.Context, string, In) (T, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		eventID, err := httpx.ID(c, "event_id")
		if err != nil {
			return err
		}
		var in In
		if err := httpx.Bind(c, &in); err != nil {
			return err
		}
		v, err := create(c.Request().Context(), eventID, in)
		if err != nil {
			return err
		}
		if err := s.showInEventZone(c.Request().Context(), eventID, &v); err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusCreated, v)
	}
}

// updateOf binds an input and changes the part named by param with it.
func updateOf[In, T any](s *Service, param string, update func(context.Context, string, string, In) (T, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		eventID, id, err := ids(c, param)
		if err != nil {
			return err
		}
		var in In
		if err := httpx.Bind(c, &in); err != nil {
			return err
		}
		v, err := update(c.Request().Context(), eventID, id, in)
		if err != nil {
			return err
		}
		if err := s.showInEventZone(c.Request().Context(), eventID, &v); err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusOK, v)
	}
}

// deleteOf deletes the part named by param and answers 204.
func deleteOf(param string, remove func(context.Context, string, string) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		eventID, id, err := ids(c, param)
		if err != nil {
			return err
		}
		if err := remove(c.Request().Context(), eventID, id); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// ids reads the event id and the id of the part named by param.
func ids(c echo.Context, param string) (eventID, id string, err error) {
	if eventID, err = httpx.ID(c, "event_id"); err != nil {
		return "", "", err
	}
	id, err = httpx.ID(c, param)
	return eventID, id, err
}

func (s *Service) putSignature(c echo.Context) error {
	eventID, id, err := ids(c, "signatory_id")
	if err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != "image/png" && mt != "image/jpeg" {
		return &apperr.Error{Kind: apperr.Unsupported, Detail: "the signature must be sent as image/png or image/jpeg"}
	}
	body, err := httpx.ReadLimited(c.Request().Body, MaxSignatureBytes, "signature image")
	if err != nil {
		return err
	}
	sig, err := s.SetSignature(c.Request().Context(), eventID, id, mt, body)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, sig)
}

func (s *Service) getSignature(c echo.Context) error {
	eventID, id, err := ids(c, "signatory_id")
	if err != nil {
		return err
	}
	sig, err := s.store.FindSignatoryByID(c.Request().Context(), eventID, id)
	if err != nil {
		return err
	}
	if len(sig.SignatureImage) == 0 {
		return apperr.NotFoundf("this signatory has no signature image yet")
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, sig.SignatureType, sig.SignatureImage)
}

// zoned is a part of an event whose times are shown in the event's timezone.
type zoned interface{ inZone(*time.Location) }

// showInZone sets loc on v when v has times to show.
func showInZone(v any, loc *time.Location) {
	if z, ok := v.(zoned); ok {
		z.inZone(loc)
	}
}

// showInEventZone shows v's times, if it has any, in the event's timezone.
func (s *Service) showInEventZone(ctx context.Context, eventID string, v any) error {
	if _, ok := v.(zoned); !ok {
		return nil
	}
	ev, err := s.store.FindEventByID(ctx, eventID)
	if err != nil {
		return err
	}
	showInZone(v, ev.Location())
	return nil
}
