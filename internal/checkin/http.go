package checkin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// Routes registers the scan, scanner and attendance routes under g (/api/v1).
func (s *Service) Routes(g *echo.Group) {
	g.POST("/scans", s.postScan, auth.Allow(auth.Doors...), s.noteContact(false))
	g.POST("/scans/batch", s.postBatch, auth.Allow(auth.Doors...), s.noteContact(false))
	// The snapshot and the thumbnails are the large answers a scanner
	// fetches over venue Wi-Fi: they are compressed when it accepts gzip.
	squeeze := middleware.GzipWithConfig(middleware.GzipConfig{Level: 6, MinLength: 1024})
	g.GET("/scanner/snapshot", s.getSnapshot, auth.Allow(auth.Doors...), s.noteContact(true), squeeze)
	g.GET("/scanner/thumbs", s.getThumbs, auth.Allow(auth.Doors...), squeeze)
	g.GET("/scanner/checkpoints", s.getCheckpoints, auth.Allow(auth.Doors...), s.noteContact(false))
	g.GET("/scanner/photos/:photo_id", s.getPhoto, auth.Allow(auth.Doors...))
	g.GET("/events/:event_id/scan-conflicts", s.listConflicts, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/attendance", s.getAttendance, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/attendance/live", s.liveAttendance, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/attendance/export", s.exportAttendance, auth.Allow(auth.Staff...))
	s.deviceRoutes(g) // device_http.go
}

func (s *Service) postScan(c echo.Context) error {
	var in ScanInput
	// A code is judged whatever it holds (one that is not text is
	// unreadable); validate checks every other field.
	if err := httpx.BindVerbatim(c, MaxScanBody, fmt.Sprintf("a scan body is at most %d bytes; a badge code has at most 120 characters",
		MaxScanBody), &in); err != nil {
		return err
	}
	res, err := s.Scan(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, res)
}

func (s *Service) postBatch(c echo.Context) error {
	var in struct {
		Scans []BatchScan `json:"scans"`
	}
	if err := httpx.BindVerbatim(c, MaxBatchBody,
		fmt.Sprintf("a batch holds at most %d scans (and 8 MiB); split it", MaxBatch), &in); err != nil {
		return err
	}
	res, err := s.Batch(c.Request().Context(), in.Scans)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"results": res})
}

func (s *Service) getSnapshot(c echo.Context) error {
	eventID := c.QueryParam("event_id")
	if !httpx.IsUUID(eventID) {
		return apperr.Fields(apperr.Field("event_id", "must be a UUID"))
	}
	switch c.QueryParam("format") {
	case "", "full":
		snap, err := s.Snapshot(c.Request().Context(), eventID, c.QueryParam("since"))
		if err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusOK, snap)
	case "compact":
		snap, err := s.CompactSnapshot(c.Request().Context(), eventID, c.QueryParam("since"))
		if err != nil {
			return err
		}
		return httpx.JSON(c, http.StatusOK, snap)
	}
	return apperr.Fields(apperr.Field("format", "must be full or compact"))
}

func (s *Service) getThumbs(c echo.Context) error {
	eventID := c.QueryParam("event_id")
	if !httpx.IsUUID(eventID) {
		return apperr.Fields(apperr.Field("event_id", "must be a UUID"))
	}
	numbers, err := ParseNumbers(c.QueryParam("numbers"))
	if err != nil {
		return err
	}
	thumbs, err := s.Thumbs(c.Request().Context(), eventID, numbers)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": thumbs})
}

func (s *Service) getCheckpoints(c echo.Context) error {
	eventID := c.QueryParam("event_id")
	if eventID != "" && !httpx.IsUUID(eventID) {
		return apperr.Fields(apperr.Field("event_id", "must be a UUID"))
	}
	// A device created for a checkpoint scans there.
	if a := actor.From(c.Request().Context()); a.Kind == actor.Device && eventID == "" {
		cp, ok, err := s.DeviceCheckpoint(c.Request().Context(), a.ID)
		if err != nil {
			return err
		}
		if ok {
			return httpx.JSON(c, http.StatusOK, map[string]any{"items": []CheckpointView{cp}})
		}
	}
	cps, err := s.Checkpoints(c.Request().Context(), eventID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, map[string]any{"items": cps})
}

func (s *Service) getPhoto(c echo.Context) error {
	id, err := httpx.ID(c, "photo_id")
	if err != nil {
		return err
	}
	ct, data, err := s.Photo(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=86400")
	return c.Blob(http.StatusOK, ct, data)
}

func (s *Service) listConflicts(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	items, total, err := s.Conflicts(c.Request().Context(), id, p.Limit, p.Offset)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(items, int64(total), p))
}

func (s *Service) getAttendance(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	a, err := s.Attendance(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, a)
}

func (s *Service) exportAttendance(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	format, err := httpx.ExportFormat(c, "csv")
	if err != nil {
		return err
	}
	a, err := s.Attendance(c.Request().Context(), id)
	if err != nil {
		return err
	}
	langs, err := s.store.eventLanguages(c.Request().Context(), id)
	if err != nil {
		return err
	}
	lang, err := httpx.ExportLanguage(c, langs...)
	if err != nil {
		return err
	}
	return a.Download(c, format, lang)
}

// LiveInterval is how often an event's live attendance polls the database
// for new scans; the report is computed at most once an interval, however
// many streams and screens show it.
var LiveInterval = time.Second

// LiveMaxDuration is how long one live attendance stream lasts; the browser's
// EventSource then reconnects by itself. Without an end, a stream whose
// client vanished without closing its connection would hold its slot for
// ever.
var LiveMaxDuration = 15 * time.Minute

// liveAttendance streams an event's attendance report, from the event's
// feed that all of this server's streams share (live_hub.go).
func (s *Service) liveAttendance(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), LiveMaxDuration)
	defer cancel()
	if err := s.store.eventExists(ctx, id); err != nil {
		return err
	}
	a := actor.From(ctx)
	sub, err := s.live.subscribe(string(a.Kind)+":"+a.ID, id)
	if err != nil {
		c.Response().Header().Set("Retry-After", strconv.Itoa(liveRetryAfter))
		return err
	}
	defer s.live.close(sub)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set(echo.HeaderCacheControl, "no-cache")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	c.Response().Flush()
	for {
		select {
		case <-ctx.Done():
			return nil
		case b, ok := <-sub.c:
			if !ok {
				return nil
			}
			if _, err := fmt.Fprintf(c.Response(), "event: attendance\ndata: %s\n\n", b); err != nil {
				return nil
			}
			c.Response().Flush()
		}
	}
}
