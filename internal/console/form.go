package console

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/i18n"
)

// Form is what a form page shows again after a refusal: what was typed and
// the message beside each field at fault.
type Form struct {
	lang   string
	Values map[string]string
	Errors map[string]string
}

// NewForm returns an empty form shown in lang.
func NewForm(lang string) *Form {
	return &Form{lang: lang, Values: map[string]string{}, Errors: map[string]string{}}
}

// Value is what was typed in field.
func (f *Form) Value(field string) string {
	if f == nil {
		return ""
	}
	return f.Values[field]
}

// Error is the message beside field, or "".
func (f *Form) Error(field string) string {
	if f == nil {
		return ""
	}
	return f.Errors[field]
}

// Has reports whether field holds value (for a select's or a checkbox's state).
func (f *Form) Has(field, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range strings.Split(f.Values[field], "\x00") {
		if v == value {
			return true
		}
	}
	return false
}

// Read copies the named fields of the request into the form. A value that
// is not valid UTF-8 is kept out (it could not be shown again) and marked.
func (f *Form) Read(ctx echo.Context, fields ...string) {
	for _, name := range fields {
		v := ctx.FormValue(name)
		if !utf8.ValidString(v) {
			f.Errors[name] = i18n.T(f.lang, "console.err.utf8")
			v = strings.ToValidUTF8(v, "")
		}
		f.Values[name] = v
	}
}

// OK reports whether no field is marked.
func (f *Form) OK() bool { return len(f.Errors) == 0 }

// Refuse marks the fields of a refusal from a service and returns the
// message to show above the form, or "" when the refusal is not the
// caller's fault (the error is then for the error handler). Field messages
// come from the catalogue when it has one for the field
// ("console.field.<name>"), with the service's own words after it.
func (f *Form) Refuse(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return ""
	}
	for _, fe := range ae.Fields {
		name := fe.Field
		if i := strings.IndexAny(name, ".["); i > 0 {
			name = name[:i]
		}
		msg := i18n.T(f.lang, "console.err.field")
		if key := "console.field." + name; i18n.Has(key) {
			msg = i18n.T(f.lang, key)
		}
		if fe.Detail != "" && f.lang == i18n.Fallback {
			msg = fe.Detail
		} else if fe.Detail != "" {
			msg += " (" + fe.Detail + ")"
		}
		if f.Errors[name] == "" {
			f.Errors[name] = msg
		}
	}
	if len(ae.Fields) > 0 {
		return i18n.T(f.lang, "console.err.fix")
	}
	return ae.Detail
}
