package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// TestUnknownErrorsSayNothingInternalAndAreLoggedWithTheRequestID: a 500
// answers with a fixed detail, while the log line (JSON, not a terminal)
// carries the cause and the same request id as the response header.
func TestUnknownErrorsSayNothingInternalAndAreLoggedWithTheRequestID(t *testing.T) {
	var logs bytes.Buffer
	e := New(Options{Log: NewLogger(&logs, slog.LevelInfo)})
	e.GET("/boom", func(c echo.Context) error {
		return fmt.Errorf("query failed: %w", errors.New("pq: password authentication failed for user secret_user"))
	})
	e.GET("/wrapped", func(c echo.Context) error {
		return apperr.Wrap(errors.New("disk full at /var/lib/secret"), "write photo")
	})
	for _, path := range []string{"/boom", "/wrapped"} {
		logs.Reset()
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		if body := rec.Body.String(); strings.Contains(body, "secret") || !strings.Contains(body, `"type":"/problems/internal"`) {
			t.Errorf("%s: the answer leaks or lacks the problem type: %s", path, body)
		}
		id := rec.Header().Get(echo.HeaderXRequestID)
		var found bool
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line is not JSON: %q", line)
			}
			if m["request_id"] == id && strings.Contains(fmt.Sprint(m["error"]), "secret") {
				found = true
			}
		}
		if id == "" || !found {
			t.Errorf("%s: no log line with request id %q and the cause:\n%s", path, id, logs.String())
		}
	}
}
