package httpx

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// ProblemType is the prefix of every problem document's type.
const ProblemType = "/problems/"

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
}

var kinds = map[apperr.Kind]struct {
	status int
	slug   string
}{
	apperr.Internal:     {http.StatusInternalServerError, "internal"},
	apperr.Invalid:      {http.StatusBadRequest, "invalid-input"},
	apperr.NotFound:     {http.StatusNotFound, "not-found"},
	apperr.Conflict:     {http.StatusConflict, "conflict"},
	apperr.Unauthorized: {http.StatusUnauthorized, "unauthorized"},
	apperr.Forbidden:    {http.StatusForbidden, "forbidden"},
	apperr.Gone:         {http.StatusGone, "gone"},
	apperr.TooLarge:     {http.StatusRequestEntityTooLarge, "too-large"},
	apperr.TooMany:      {http.StatusTooManyRequests, "too-many-requests"},
	apperr.Unsupported:  {http.StatusUnsupportedMediaType, "unsupported-media-type"},
}

// ErrorHandler returns Echo's error handler: every error becomes a problem
// document; unknown errors become a 500 whose detail says nothing internal,
// and the whole chain is logged with the request id.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p, extra := problemFor(err)
		p.Instance = c.Request().URL.Path
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "request_id", p.RequestID,
				"method", c.Request().Method, "route", c.Path(), "error", err.Error())
		}
		if p.Status == http.StatusUnauthorized {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="accreditation"`)
		}
		SetRetryAfter(c, err)
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(p.Status)
			return
		}
		_ = WriteProblem(c, p, extra)
	}
}

// SetRetryAfter sets the Retry-After header of an answer to err when err is
// TooMany with a retry_after (seconds): every throttle says when to come back.
func SetRetryAfter(c echo.Context, err error) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.TooMany {
		return
	}
	if ra, ok := ae.Extra["retry_after"].(int); ok && ra > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ra))
	}
}

// WriteProblem writes p, with extra members, as application/problem+json.
func WriteProblem(c echo.Context, p Problem, extra map[string]any) error {
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(p.Status)
	if len(extra) == 0 {
		return jsonEncode(c.Response(), p)
	}
	m := map[string]any{"type": p.Type, "title": p.Title, "status": p.Status, "detail": p.Detail,
		"instance": p.Instance, "request_id": p.RequestID}
	if len(p.Errors) > 0 {
		m["errors"] = p.Errors
	}
	for k, v := range extra {
		if _, taken := m[k]; !taken {
			m[k] = v
		}
	}
	return jsonEncode(c.Response(), m)
}

func problemFor(err error) (Problem, map[string]any) {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		k := kinds[ae.Kind]
		p := Problem{Type: ProblemType + k.slug, Title: http.StatusText(k.status), Status: k.status,
			Detail: ae.Detail, Errors: ae.Fields}
		if ae.Type != "" {
			p.Type = ProblemType + ae.Type
		}
		if ae.Kind == apperr.Internal {
			p.Detail = "The server could not complete the request; it has been logged."
		}
		return p, ae.Extra
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return echoProblem(he), nil
	}
	return Problem{Type: ProblemType + "internal", Title: http.StatusText(500), Status: 500,
		Detail: "The server could not complete the request; it has been logged."}, nil
}

func echoProblem(he *echo.HTTPError) Problem {
	status := he.Code
	slug := strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "-"))
	detail := http.StatusText(status)
	switch status {
	case http.StatusNotFound:
		slug, detail = "not-found", "No such resource."
	case http.StatusMethodNotAllowed:
		detail = "This resource does not accept that method."
	case http.StatusRequestEntityTooLarge:
		slug, detail = "too-large", "The request body is larger than the limit."
	case http.StatusUnauthorized:
		slug, detail = "unauthorized", "Authentication is required."
	case http.StatusTooManyRequests:
		slug, detail = "too-many-requests", "Too many requests; try again later."
	}
	if status >= 500 {
		slug, detail = "internal", "The server could not complete the request; it has been logged."
	} else if m, ok := he.Message.(string); ok && m != "" && m != http.StatusText(status) {
		detail = m
	}
	return Problem{Type: ProblemType + slug, Title: http.StatusText(status), Status: status, Detail: detail}
}

// StatusOf is the HTTP status an error is answered with: its kind's status
// for an apperr.Error, the code of an echo.HTTPError, 500 otherwise.
func StatusOf(err error) int {
	p, _ := problemFor(err)
	return p.Status
}
