package httpx

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// Page is a request for one page of a list: at most Limit items after Offset.
type Page struct {
	Limit  int
	Offset int
}

// The bounds of a page.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// List is the answer of every list endpoint.
type List[T any] struct {
	Items []T     `json:"items"`
	Total int64   `json:"total"`
	Next  *string `json:"next"`
}

// ParsePage reads the limit and cursor query parameters; it returns an Invalid
// error for a limit out of range or a cursor this server did not make.
func ParsePage(c echo.Context) (Page, error) {
	p := Page{Limit: DefaultLimit}
	var v apperr.Validator
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= MaxLimit, "limit", "must be an integer from 1 to %d", MaxLimit)
		p.Limit = n
	}
	if s := c.QueryParam("cursor"); s != "" {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		off, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "o:"))
		v.Check(err == nil && err2 == nil && strings.HasPrefix(string(raw), "o:") && off >= 0, "cursor", "is not a cursor this list gave")
		p.Offset = off
	}
	return p, v.Err()
}

// NewList wraps one page of items with the total and the next cursor.
func NewList[T any](items []T, total int64, p Page) List[T] {
	if items == nil {
		items = []T{}
	}
	l := List[T]{Items: items, Total: total}
	if next := p.Offset + len(items); int64(next) < total && len(items) > 0 {
		s := base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(next)))
		l.Next = &s
	}
	return l
}
