package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// checkStrings holds every string of a JSON body, keys included, to
// names.CheckLines, so that no field can let a NUL byte, another control
// character, a direction override or the trace of an unpaired surrogate
// (U+FFFD) through to the database, whatever its handler checks. The error
// names the field by its path ("invitee.email", "scans[3].code"). A body that
// is not JSON is left to the decoder.
func checkStrings(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := walkStrings(dec, "")
	var e *apperr.Error
	if errors.As(err, &e) {
		return err
	}
	return nil
}

// walkStrings checks the strings of the next JSON value of dec, found at path.
func walkStrings(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				field := key
				if path != "" {
					field = path + "." + key
				}
				if err := names.CheckLines(key); err != nil {
					return apperr.Fields(apperr.Field(field, "is a field name that %s", detail(err)))
				}
				if err := walkStrings(dec, field); err != nil {
					return err
				}
			}
		} else {
			for i := 0; dec.More(); i++ {
				if err := walkStrings(dec, path+"["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case string:
		if err := names.CheckLines(t); err != nil {
			if path == "" {
				path = "body"
			}
			return apperr.Fields(apperr.Field(path, "%s", detail(err)))
		}
	}
	return nil
}

// detail is the human part of an apperr error.
func detail(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return err.Error()
}

// MaxParam is the most characters a query or path parameter may hold.
const MaxParam = 2000

// CheckParams is middleware that refuses a request any of whose query or path
// parameters is not clean text on one line by names.Clean (a blank one
// passes, for its handler to judge) or is longer than MaxParam characters,
// with an Invalid error naming the parameter.
func CheckParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var v apperr.Validator
		check := func(name, value string) {
			if _, err := names.Clean(value); err != nil && !errors.Is(err, names.ErrBlank) {
				v.Add(name, "%s", detail(err))
			} else if utf8.RuneCountInString(value) > MaxParam {
				v.Add(name, "must be at most %d characters", MaxParam)
			}
		}
		for i, name := range c.ParamNames() {
			if i < len(c.ParamValues()) {
				check(name, c.ParamValues()[i])
			}
		}
		q := c.QueryParams()
		keys := slices.Sorted(maps.Keys(q))
		for _, name := range keys {
			check(name, name)
			for _, value := range q[name] {
				check(name, value)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		return next(c)
	}
}
