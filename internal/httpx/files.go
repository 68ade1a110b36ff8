package httpx

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/i18n"
)

// The media types of the spreadsheet files the service reads and writes.
const (
	CSVType  = "text/csv"
	XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// ReadLimited reads an uploaded file (a request body, or a part of a form)
// of at most limit bytes; what names it in messages ("photo"). It returns
// TooLarge for a longer file, also when an http.MaxBytesReader stopped it,
// and Invalid when it cannot be read.
func ReadLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe), err == nil && int64(len(b)) > limit:
		return nil, TooLarge(what, limit)
	case err != nil:
		return nil, apperr.Invalidf("the %s could not be read", what)
	}
	return b, nil
}

// TooLarge is the TooLarge error for a file of more than limit bytes.
func TooLarge(what string, limit int64) error {
	size := fmt.Sprintf("%d bytes", limit)
	if limit >= 1<<20 && limit%(1<<20) == 0 {
		size = fmt.Sprintf("%d MB", limit>>20)
	}
	return &apperr.Error{Kind: apperr.TooLarge, Detail: fmt.Sprintf("the %s is larger than %s", what, size)}
}

// ExportFormat reads the "format" query parameter of a file export: csv or
// xlsx, def when absent (def "" makes it required). It returns Invalid.
func ExportFormat(c echo.Context, def string) (string, error) {
	format := c.QueryParam("format")
	if format == "" {
		format = def
	}
	if format != "csv" && format != "xlsx" {
		return "", apperr.Fields(apperr.Field("format", "must be csv or xlsx"))
	}
	return format, nil
}

// ExportKeys is the language an export is asked in (?language=keys) for
// its header row to hold the columns' machine keys, as scripts and the
// imports read them.
const ExportKeys = "keys"

// exportLanguageKey is where SetExportLanguage keeps a request's default.
const exportLanguageKey = "httpx.export_language"

// SetExportLanguage makes lang the language of the header row of an export
// answered to this request when it asks none: the console sets its own
// language, the one its user reads.
func SetExportLanguage(c echo.Context, lang string) { c.Set(exportLanguageKey, lang) }

// ExportLanguage reads the optional query parameter language of an export:
// the language of its header row, or "" for the columns' machine keys
// (ExportKeys). Without it, the header speaks the language
// SetExportLanguage gave the request, else the first of fallbacks (the
// event's working languages) that is one of i18n.Languages, else
// i18n.Fallback. It returns Invalid (field language) for another value.
func ExportLanguage(c echo.Context, fallbacks ...string) (string, error) {
	switch lang := c.QueryParam("language"); {
	case lang == ExportKeys:
		return "", nil
	case lang != "" && !i18n.IsLanguage(lang):
		return "", apperr.Fields(apperr.Field("language", "must be one of %s, or %s for the columns' keys",
			strings.Join(i18n.Languages, ", "), ExportKeys))
	case lang != "":
		return lang, nil
	}
	if lang, ok := c.Get(exportLanguageKey).(string); ok && i18n.IsLanguage(lang) {
		return lang, nil
	}
	for _, lang := range fallbacks {
		if i18n.IsLanguage(lang) {
			return lang, nil
		}
	}
	return i18n.Fallback, nil
}

// Download answers with a file to save as name, in format csv (UTF-8) or
// xlsx, whose body write produces. The status and headers go out with the
// first byte written, so an error returned before it (an unknown event, say)
// is still answered as a problem document. It returns write's error.
func Download(c echo.Context, name, format string, write func(w io.Writer) error) error {
	ct := XLSXType
	if format == "csv" {
		ct = CSVType + "; charset=utf-8"
	}
	return write(&download{c: c, name: name, contentType: ct})
}

// download is a response writer that sends the download's headers on its
// first write.
type download struct {
	c                 echo.Context
	name, contentType string
	started           bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.c.Response().Header()
		h.Set(echo.HeaderContentType, d.contentType)
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+d.name+`"`)
		d.c.Response().WriteHeader(http.StatusOK)
	}
	return d.c.Response().Write(p)
}
