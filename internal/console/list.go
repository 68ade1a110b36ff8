package console

import (
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/httpx"
)

// Pager is the navigation under a list: where this page is in the whole,
// and the links to the first and the next page (empty when there is none).
type Pager struct {
	From, To, Total int
	First, Next     string
}

// NewPager makes the pager of a page of n items of a list of total, whose
// next cursor is next (nil on the last page), for the request's URL. The
// offset of the page is counted from its cursor when the list pages by
// offset; keyset lists show "from" as 1 past the first page.
func NewPager(ctx echo.Context, p httpx.Page, n int, total int64, next *string) Pager {
	g := Pager{Total: int(total), From: p.Offset + 1, To: p.Offset + n}
	if n == 0 {
		g.From = 0
	}
	u := *ctx.Request().URL
	q := u.Query()
	q.Del("done")
	q.Del("n")
	if q.Get("cursor") != "" {
		q.Del("cursor")
		u.RawQuery = q.Encode()
		g.First = u.RequestURI()
	}
	if next != nil {
		q.Set("cursor", *next)
		u.RawQuery = q.Encode()
		g.Next = u.RequestURI()
	}
	return g
}

// Sorter is a list's sort order as chosen by its column headers: ?sort=col
// ascending, ?sort=-col descending.
type Sorter struct {
	Column string
	Desc   bool
	url    url.URL
}

// NewSorter reads ?sort= among allowed columns, else uses def (a column,
// "-" first for descending).
func NewSorter(ctx echo.Context, def string, allowed ...string) Sorter {
	s := ctx.QueryParam("sort")
	if !slices.Contains(allowed, strings.TrimPrefix(s, "-")) {
		s = def
	}
	return Sorter{Column: strings.TrimPrefix(s, "-"), Desc: strings.HasPrefix(s, "-"), url: *ctx.Request().URL}
}

// Param is the order as the ?sort= parameter writes it.
func (s Sorter) Param() string {
	if s.Desc {
		return "-" + s.Column
	}
	return s.Column
}

// Link is the address of the list sorted by col: ascending, or the other
// way round when it is already sorted by col. The page starts again.
func (s Sorter) Link(col string) string {
	u := s.url
	q := u.Query()
	q.Del("cursor")
	q.Del("done")
	q.Del("n")
	if s.Column == col && !s.Desc {
		q.Set("sort", "-"+col)
	} else {
		q.Set("sort", col)
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}
