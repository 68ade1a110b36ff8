package httpx_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
)

func TestReadLimited(t *testing.T) {
	for _, c := range []struct {
		name string
		r    io.Reader
		want apperr.Kind // Internal: read
	}{
		{"at the limit", strings.NewReader("12345"), apperr.Internal},
		{"over the limit", strings.NewReader("123456"), apperr.TooLarge},
		{"stopped by MaxBytesReader", http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader("123456789")), 3), apperr.TooLarge},
		{"failing", io.MultiReader(strings.NewReader("1"), errReader{}), apperr.Invalid},
	} {
		b, err := httpx.ReadLimited(c.r, 5, "file")
		if c.want == apperr.Internal && (err != nil || len(b) != 5) || c.want != apperr.Internal && apperr.KindOf(err) != c.want {
			t.Errorf("%s: %q, %v", c.name, b, err)
		}
	}
	if err := httpx.TooLarge("photo", 5<<20); err.Error() != "the photo is larger than 5 MB" {
		t.Errorf("TooLarge: %v", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("broken") }

func TestDownloadSendsHeadersWithTheFirstByte(t *testing.T) {
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/?format=xlsx", nil), rec)
	format, err := httpx.ExportFormat(c, "csv")
	if err != nil || format != "xlsx" {
		t.Fatalf("ExportFormat = %q, %v", format, err)
	}
	failed := httpx.Download(c, "x.xlsx", format, func(io.Writer) error { return apperr.NotFoundf("no such event") })
	if !apperr.Is(failed, apperr.NotFound) || c.Response().Committed || rec.Header().Get(echo.HeaderContentDisposition) != "" {
		t.Fatalf("an error before the first byte: %v, committed %v", failed, c.Response().Committed)
	}
	err = httpx.Download(c, "x.xlsx", format, func(w io.Writer) error { _, err := w.Write([]byte("PK")); return err })
	if err != nil || rec.Code != http.StatusOK || rec.Header().Get(echo.HeaderContentType) != httpx.XLSXType ||
		rec.Header().Get(echo.HeaderContentDisposition) != `attachment; filename="x.xlsx"` || !bytes.Equal(rec.Body.Bytes(), []byte("PK")) {
		t.Errorf("download: %v %d %v %q", err, rec.Code, rec.Header(), rec.Body)
	}
	c = e.NewContext(httptest.NewRequest(http.MethodGet, "/?format=pdf", nil), httptest.NewRecorder())
	if _, err := httpx.ExportFormat(c, "csv"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("format=pdf: %v", err)
	}
}
