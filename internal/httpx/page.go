package httpx

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// Page is a request for one page of a list: at most Limit items after Offset,
// or, for a list paged by keyset, after the item whose sort key is After.
type Page struct {
	Limit  int
	Offset int
	// After is the sort key of the last item of the previous page (its last
	// element the item's id), set by ParseKeysetPage; nil for the first page
	// or an offset cursor.
	After []string
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

// ParseKeysetPage is ParsePage for a list that pages by keyset, whose cost
// does not grow with the depth of the page: it also accepts the cursors of
// NewKeysetList, and offset cursors made before the list paged by keyset. It
// returns an Invalid error for a limit out of range or a cursor this server
// did not make.
func ParseKeysetPage(c echo.Context, keyLen int) (Page, error) {
	s := c.QueryParam("cursor")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if s == "" || err != nil || !strings.HasPrefix(string(raw), "k:") {
		return ParsePage(c)
	}
	p, err := ParsePage(withoutCursor{c})
	var v apperr.Validator
	v.Check(json.Unmarshal(raw[2:], &p.After) == nil && len(p.After) == keyLen, "cursor", "is not a cursor this list gave")
	if err == nil {
		err = v.Err()
	}
	return p, err
}

// withoutCursor reads the query of a request as if it had no cursor.
type withoutCursor struct{ echo.Context }

func (c withoutCursor) QueryParam(name string) string {
	if name == "cursor" {
		return ""
	}
	return c.Context.QueryParam(name)
}

// NewKeysetList wraps one page of a list paged by keyset: more says whether
// items follow this page, and key gives an item's sort key (ending with its
// id), which the next cursor carries.
func NewKeysetList[T any](items []T, total int64, more bool, key func(T) []string) List[T] {
	if items == nil {
		items = []T{}
	}
	l := List[T]{Items: items, Total: total}
	if more && len(items) > 0 {
		b, _ := json.Marshal(key(items[len(items)-1]))
		s := base64.RawURLEncoding.EncodeToString(append([]byte("k:"), b...))
		l.Next = &s
	}
	return l
}
