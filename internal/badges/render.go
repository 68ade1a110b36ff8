package badges

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos are stored as JPEG
	_ "image/png"  // or PNG
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// Layout is a badge print format.
type Layout string

// The layouts Render draws.
const (
	// A6 is one A6 portrait badge (105×148 mm) per page.
	A6 Layout = "a6"
	// A4x4 is four A6 badges on a portrait A4 sheet, with cut marks.
	A4x4 Layout = "a4-4up"
	// CR80 is one ID-1 card (85.6×54 mm, landscape) per page, for card
	// printers.
	CR80 Layout = "cr80"
)

// Layouts lists every layout.
var Layouts = []Layout{A6, A4x4, CR80}

// ParseLayout returns the layout named s; the empty string means A6. It
// returns an Invalid-kind error wrapping ErrLayout for any other name.
func ParseLayout(s string) (Layout, error) {
	if s == "" {
		return A6, nil
	}
	for _, l := range Layouts {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("%w: %q (want a6, a4-4up or cr80)", ErrLayout, s)
}

// Errors returned by Render; compare with errors.Is / errors.As.
var (
	// ErrLayout means the layout does not exist.
	ErrLayout = errors.New("unknown badge layout")
	// ErrNoCards means Render was given nothing to draw.
	ErrNoCards = errors.New("no badge to render")
)

// PhotoError says that the photo of cards[Index] cannot be decoded. Render
// checks every photo before drawing anything, so nothing is written then.
type PhotoError struct {
	Index int
	Err   error
}

func (e *PhotoError) Error() string {
	return fmt.Sprintf("badge %d: the stored photo cannot be read: %v", e.Index, e.Err)
}

func (e *PhotoError) Unwrap() error { return e.Err }

// Card is everything printed on one badge, as plain data. The event's
// name, the category and the delegation are in the badge's first language;
// each ...Alt field is the same in its second language, empty when there is
// none or it reads the same.
type Card struct {
	EventName      string
	EventNameAlt   string
	EventDates     string // e.g. "18–19 March 2013"
	Category       string // the category's name
	CategoryAlt    string
	CategoryColour string // "#RRGGBB"; grey if empty or malformed
	Photo          []byte // JPEG or PNG; nil prints an empty frame
	Honorific      string
	Name           string // given names and family name, in Latin script
	NativeName     string // the name in its own script, shaped by typeset
	Function       string
	Delegation     string
	DelegationAlt  string
	// Zones are the short names of the zones the badge opens (PLENARY,
	// VIP), drawn as small marks.
	Zones   []string
	Code    string // the signed credential, drawn as the QR code
	Number  int
	Version int
}

// RenderOptions are the document's metadata.
type RenderOptions struct {
	// CreationDate is written as the document's creation and modification
	// date; fixing it makes the output byte-for-byte reproducible. The zero
	// time means now.
	CreationDate time.Time
	Title        string
}

type pageSize struct{ w, h float64 }

var (
	sizeA6   = pageSize{105, 148}
	sizeA4   = pageSize{210, 297}
	sizeCR80 = pageSize{85.6, 54}
)

// Render writes a PDF of cards in layout to w: one badge per page (A6,
// CR80) or four per sheet (A4x4). It returns an error wrapping ErrLayout or
// ErrNoCards, a *PhotoError if a photo cannot be read (every photo is checked
// before anything is drawn, and nothing is written then), the QR encoder's
// error for a code too long for a QR symbol, and w's error.
func Render(w io.Writer, layout Layout, cards []Card, opts RenderOptions) error {
	if _, err := pageOf(layout); err != nil {
		return err
	}
	if len(cards) == 0 {
		return ErrNoCards
	}
	for i, c := range cards {
		if _, err := CheckPhoto(c.Photo); err != nil {
			return &PhotoError{Index: i, Err: err}
		}
	}
	d, err := NewDocument(layout, opts)
	if err != nil {
		return err
	}
	for _, c := range cards {
		if err := d.Add(c); err != nil {
			return err
		}
	}
	_, err = d.WriteTo(w)
	return err
}

// Document is a PDF of badges drawn one card at a time, so that a caller
// can fetch the cards of a long batch in small groups and let go of each
// photo once it is drawn. Pages of one document share its fonts: each face
// is read and subset once per document. The whole document stays in memory
// until WriteTo (fpdf writes nothing before), photos included.
type Document struct {
	pdf    *fpdf.Fpdf
	layout Layout
	fits   layouts
	n      int
	photos int64
}

// NewDocument starts an empty document of layout. It returns an error
// wrapping ErrLayout for a layout that does not exist.
func NewDocument(layout Layout, opts RenderOptions) (*Document, error) {
	page, err := pageOf(layout)
	if err != nil {
		return nil, err
	}
	return &Document{pdf: newDocument(page, opts), layout: layout, fits: layouts{}}, nil
}

// pageOf returns the page size of layout, or an error wrapping ErrLayout.
func pageOf(layout Layout) (pageSize, error) {
	switch layout {
	case A6:
		return sizeA6, nil
	case A4x4:
		return sizeA4, nil
	case CR80:
		return sizeCR80, nil
	}
	return pageSize{}, fmt.Errorf("%w: %q", ErrLayout, layout)
}

// Len returns the number of cards added.
func (d *Document) Len() int { return d.n }

// PhotoBytes returns the size of the photos added, which the document holds
// until it is written.
func (d *Document) PhotoBytes() int64 { return d.photos }

// Add draws c on the next page (or the next place on the sheet). It returns
// a *PhotoError, whose Index is c's position in the document, if c's photo
// cannot be read (nothing is drawn then, and the document stays usable), and
// the QR encoder's error for a code too long for a QR symbol (the document
// then keeps the error and WriteTo returns it).
func (d *Document) Add(c Card) error {
	photoType, err := CheckPhoto(c.Photo)
	if err != nil {
		return &PhotoError{Index: d.n, Err: err}
	}
	i := d.n
	x, y := 0.0, 0.0
	switch d.layout {
	case A4x4:
		if i%4 == 0 {
			d.pdf.AddPage()
			cutMarks(d.pdf)
		}
		x, y = float64(i%2)*sizeA6.w, float64(i%4/2)*sizeA6.h
	default:
		d.pdf.AddPage()
	}
	if err := drawCard(d.pdf, d.fits, d.layout, x, y, c, photoType, i); err != nil {
		d.pdf.SetError(err)
		return err
	}
	d.n++
	d.photos += int64(len(c.Photo))
	return nil
}

// WriteTo finishes the document and writes it to w. It returns
// ErrNoCards for a document without a card, the first drawing error, and
// w's error; nothing is written unless the document is complete.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if d.n == 0 {
		return 0, ErrNoCards
	}
	if err := d.pdf.Error(); err != nil {
		return 0, fmt.Errorf("render badges: %w", err)
	}
	cw := &countWriter{w: w}
	if err := d.pdf.Output(cw); err != nil {
		return cw.n, fmt.Errorf("render badges: %w", err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func newDocument(page pageSize, opts RenderOptions) *fpdf.Fpdf {
	orientation := "P"
	if page.w > page.h {
		orientation = "L"
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm",
		Size: fpdf.SizeType{Wd: min(page.w, page.h), Ht: max(page.w, page.h)}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("accreditation", false)
	if opts.Title != "" {
		pdf.SetTitle(opts.Title, true)
	}
	at := opts.CreationDate
	if at.IsZero() {
		at = time.Now().UTC()
	}
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	// No typeset.Register: the typeset functions add the faces they draw
	// with, so a badge in Latin script never pays for the Arabic faces
	// (about 3.5 ms each to read and subset).
	return pdf
}

// CheckPhoto reports whether photo can be printed, and its fpdf image type
// ("JPG" or "PNG"; "" for no photo). It reads the image header and, for a
// JPEG, checks that the data ends with the end-of-image marker, so that a
// truncated file is refused without the cost of decoding every pixel. It
// returns an error describing what is wrong.
func CheckPhoto(photo []byte) (string, error) {
	if len(photo) == 0 {
		return "", nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(photo))
	if err != nil {
		return "", fmt.Errorf("not a JPEG or PNG image: %w", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 {
		return "", errors.New("the image has no pixels")
	}
	switch format {
	case "jpeg":
		if !bytes.HasSuffix(bytes.TrimRight(photo, "\x00"), []byte{0xFF, 0xD9}) {
			return "", errors.New("the JPEG data is truncated")
		}
		return "JPG", nil
	case "png":
		if !bytes.Contains(photo[max(0, len(photo)-16):], []byte("IEND")) {
			return "", errors.New("the PNG data is truncated")
		}
		return "PNG", nil
	}
	return "", fmt.Errorf("unsupported image format %s", format)
}

// cutMarks draws the guides along which an A4 sheet of four A6 badges is
// cut: short ticks in the margins at each cut line.
func cutMarks(pdf *fpdf.Fpdf) {
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	const tick = 4.0
	for _, x := range []float64{0, sizeA6.w, 2 * sizeA6.w} {
		pdf.Line(x, 2*sizeA6.h, x, 2*sizeA6.h+tick)
	}
	for _, y := range []float64{0, sizeA6.h, 2 * sizeA6.h} {
		pdf.Line(2*sizeA6.w-tick, y, 2*sizeA6.w, y)
	}
	// The centre cross, where all four badges meet.
	pdf.Line(sizeA6.w-tick/2, sizeA6.h, sizeA6.w+tick/2, sizeA6.h)
	pdf.Line(sizeA6.w, sizeA6.h-tick/2, sizeA6.w, sizeA6.h+tick/2)
}

// parseColour reads "#RRGGBB"; anything else is a neutral grey.
func parseColour(s string) (r, g, b int) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	v, err := strconv.ParseUint(s, 16, 32)
	if len(s) != 6 || err != nil {
		return 0x80, 0x80, 0x80
	}
	return int(v >> 16 & 0xFF), int(v >> 8 & 0xFF), int(v & 0xFF)
}

// InkOn returns black or white, whichever contrasts more with the colour
// r, g, b by WCAG's relative luminance: the ink a category's name is printed
// in on its band, and the console's preview of it.
func InkOn(r, g, b int) (int, int, int) {
	lin := func(c int) float64 {
		x := float64(c) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	if (l+0.05)/0.05 > 1.05/(l+0.05) {
		return 0, 0, 0
	}
	return 255, 255, 255
}

// drawQR draws code as a QR symbol of side size mm at x, y, quiet zone
// included (4 modules on each side), one rectangle per run of dark modules.
func drawQR(pdf *fpdf.Fpdf, code string, x, y, size float64) error {
	q, err := QR(code)
	if err != nil {
		return err
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	m := size / float64(n+8)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)
	x0, y0 := x+4*m, y+4*m
	for r, row := range bm {
		for c := 0; c < n; {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < n && row[c] {
				c++
			}
			// A hair taller than a module, so rows print without seams.
			pdf.Rect(x0+float64(start)*m, y0+float64(r)*m, float64(c-start)*m, m*1.02, "F")
		}
	}
	return nil
}

// NumberText is how a badge's number and version are printed.
func NumberText(number, version int) string {
	return fmt.Sprintf("No. %06d · v%d", number, version)
}

// NumberFileName is a badge's number and version as used in file names.
func NumberFileName(number, version int) string {
	return fmt.Sprintf("%06d-v%d", number, version)
}
