// Package apperr is the service's one error type: a kind that decides the HTTP
// status, a human detail, the fields at fault, and the wrapped cause.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the caller.
type Kind int

// The kinds of error. Internal is the zero value so that an error without a
// kind is never mistaken for the caller's fault.
const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Unauthorized
	Forbidden
	Gone
	TooLarge
	TooMany
	Unsupported
)

// FieldError names one invalid input field and what is wrong with it.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Error is an error with a kind. Detail is safe to show to the caller;
// the wrapped Err is for logs only.
type Error struct {
	Kind   Kind
	Type   string // a stable problem type suffix, e.g. "quota-exceeded"; empty means the kind's default
	Detail string
	Fields []FieldError
	Extra  map[string]any // extra members of the problem document, e.g. the current status
	Err    error
}

// Error describes the error with its cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Detail + ": " + e.Err.Error()
	}
	return e.Detail
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// With returns a copy of e carrying an extra problem member.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extra = map[string]any{}
	for k, v := range e.Extra {
		c.Extra[k] = v
	}
	c.Extra[key] = value
	return &c
}

// Typed returns a copy of e with a stable problem type suffix.
func (e *Error) Typed(t string) *Error {
	c := *e
	c.Type = t
	return &c
}

func newf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

// Invalidf is an Invalid error with a formatted detail.
func Invalidf(format string, args ...any) *Error { return newf(Invalid, format, args...) }

// NotFoundf is a NotFound error with a formatted detail.
func NotFoundf(format string, args ...any) *Error { return newf(NotFound, format, args...) }

// Conflictf is a Conflict error with a formatted detail.
func Conflictf(format string, args ...any) *Error { return newf(Conflict, format, args...) }

// Unauthorizedf is an Unauthorized error with a formatted detail.
func Unauthorizedf(format string, args ...any) *Error { return newf(Unauthorized, format, args...) }

// Forbiddenf is a Forbidden error with a formatted detail.
func Forbiddenf(format string, args ...any) *Error { return newf(Forbidden, format, args...) }

// Gonef is a Gone error with a formatted detail.
func Gonef(format string, args ...any) *Error { return newf(Gone, format, args...) }

// TooManyf is a TooMany error with a formatted detail.
func TooManyf(format string, args ...any) *Error { return newf(TooMany, format, args...) }

// Wrap is an Internal error around err with a detail for logs.
func Wrap(err error, detail string) *Error {
	return &Error{Kind: Internal, Detail: detail, Err: err}
}

// Fields is an Invalid error listing the fields at fault.
func Fields(fields ...FieldError) *Error {
	return &Error{Kind: Invalid, Detail: "the request has invalid fields", Fields: fields}
}

// Field is one FieldError.
func Field(field, format string, args ...any) FieldError {
	return FieldError{Field: field, Detail: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err, Internal when err carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err carries kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Validator collects field errors while a request is checked.
type Validator struct{ fields []FieldError }

// Add records a problem with a field.
func (v *Validator) Add(field, format string, args ...any) {
	v.fields = append(v.fields, Field(field, format, args...))
}

// Check records a problem with a field when ok is false.
func (v *Validator) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Err returns an Invalid error listing the problems, or nil when there are none.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return Fields(v.fields...)
}
