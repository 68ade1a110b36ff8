package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// MaxJSONBody is the largest JSON request body accepted.
const MaxJSONBody = 1 << 20

// Bind decodes the JSON request body into v strictly: the content type must be
// JSON, the body valid UTF-8 and at most MaxJSONBody bytes, one JSON value
// whose every string is text by names.CheckLines (see Decode),
// with no unknown fields. It returns Invalid, TooLarge or Unsupported errors.
func Bind(c echo.Context, v any) error {
	return BindLimit(c, MaxJSONBody, fmt.Sprintf("the request body is larger than %d bytes", MaxJSONBody), v)
}

// BindLimit is Bind with another size limit, and tooLarge as the detail of the
// TooLarge error that a larger body gets.
func BindLimit(c echo.Context, limit int64, tooLarge string, v any) error {
	body, err := readBody(c, limit, tooLarge)
	if err != nil {
		return err
	}
	return Decode(body, v)
}

// BindVerbatim is BindLimit without the text rule: every string reaches v as
// sent (bytes that are not UTF-8 become U+FFFD), for a body whose text is
// judged rather than refused, such as a code read from a badge, which is
// "unreadable" whatever it holds. The caller checks every other string.
func BindVerbatim(c echo.Context, limit int64, tooLarge string, v any) error {
	body, err := readBody(c, limit, tooLarge)
	if err != nil {
		return err
	}
	return decode(body, v)
}

func readBody(c echo.Context, limit int64, tooLarge string) ([]byte, error) {
	req := c.Request()
	if ct := req.Header.Get(echo.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, &apperr.Error{Kind: apperr.Unsupported, Detail: "the request body must be application/json"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &apperr.Error{Kind: apperr.TooLarge, Detail: tooLarge}
		}
		return nil, apperr.Invalidf("the request body could not be read")
	}
	return body, nil
}

// Decode is Bind's decoding step, for bodies read some other way. Every
// string of the body, keys included, is held to names.CheckLines (no control
// character but line feeds and tabs, no direction override or other
// invisible formatting, no unpaired surrogate): an Invalid error names the
// first field that breaks it. Each field's own rule (one line, a length)
// is its handler's.
func Decode(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.Invalidf("the request body is empty; a JSON object is expected")
	}
	if !utf8.Valid(body) {
		return apperr.Invalidf("the request body is not valid UTF-8")
	}
	if err := checkStrings(body); err != nil {
		return err
	}
	return decode(body, v)
}

func decode(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.Invalidf("the request body is empty; a JSON object is expected")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return apperr.Invalidf("the request body has data after the JSON value")
	}
	return nil
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return apperr.Invalidf("the request body is not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return apperr.Invalidf("the request body must be a JSON %s", jsonKind(typ.Type.Kind().String()))
		}
		return apperr.Fields(apperr.Field(field, "must be %s, not %s", jsonKind(typ.Type.Kind().String()), typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return apperr.Invalidf("the request body is truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return apperr.Fields(apperr.Field(name, "is not a known field"))
	}
	return apperr.Invalidf("the request body could not be decoded: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	}
	return "of another type"
}

// ID returns the path parameter name as a canonical UUID, or an Invalid error.
func ID(c echo.Context, name string) (string, error) {
	raw := c.Param(name)
	id, err := uuid.Parse(raw)
	if err != nil || len(raw) != 36 {
		return "", apperr.Fields(apperr.Field(name, "must be a UUID"))
	}
	return id.String(), nil
}

// NewID returns a new random UUID string.
func NewID() string { return uuid.NewString() }

// IsUUID reports whether s is a canonical UUID.
func IsUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// JSON writes v with status without escaping <, > and & (names may hold them).
func JSON(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
