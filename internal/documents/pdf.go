package documents

import (
	"bytes"
	"time"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/typeset"
)

// A4 page geometry of every document, in millimetres.
const (
	pageW, pageH     = 210.0, 297.0
	margin           = 20.0
	textW            = pageW - 2*margin
	top, bottom      = 24.0, pageH - 22.0
	headerY, footerY = 10.0, pageH - 14.0
)

// sheet is a document being drawn in one language.
type sheet struct {
	pdf  *fpdf.Fpdf
	lang string
	rtl  bool
	y    float64
}

// newSheet starts an A4 document whose dates are created, so that equal
// input gives equal bytes.
func newSheet(lang, title string, created time.Time) *sheet {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(title, true)
	pdf.SetMargins(margin, top, margin)
	pdf.SetAutoPageBreak(false, 0)
	typeset.Register(pdf)
	return &sheet{pdf: pdf, lang: lang, rtl: lang == "ar"}
}

// style is st in the document's direction: text starts on the right in
// Arabic.
func (s *sheet) style(st typeset.Style) typeset.Style {
	if s.rtl && st.Align == typeset.AlignStart {
		st.Align = typeset.AlignRight
	}
	if s.rtl && st.Dir == typeset.Auto {
		st.Dir = typeset.RightToLeft
	}
	return st
}

// text draws a paragraph across the text width at the current y and moves
// below it.
func (s *sheet) text(text string, st typeset.Style) {
	if text == "" {
		return
	}
	s.y = typeset.Paragraph(s.pdf, margin, s.y, textW, text, s.style(st))
}

// name draws a line of a person's name (or function): in its own
// direction, aligned to the document's start whatever its script.
func (s *sheet) name(x, w float64, text string, st typeset.Style) {
	if text == "" {
		return
	}
	st.Align = typeset.AlignLeft
	if s.rtl {
		st.Align = typeset.AlignRight
	}
	s.y = typeset.Paragraph(s.pdf, x, s.y, w, text, st)
}

// fits reports whether h more millimetres fit on the page; if not it starts
// a new page.
func (s *sheet) fits(h float64) {
	if s.y+h > bottom {
		s.pdf.AddPage()
		s.y = top
	}
}

// rule draws a thin line across the text width at y.
func (s *sheet) rule(y float64) {
	s.pdf.SetDrawColor(120, 120, 120)
	s.pdf.SetLineWidth(0.2)
	s.pdf.Line(margin, y, pageW-margin, y)
}

// output writes the document. Errors: Internal.
func (s *sheet) output(what string) ([]byte, error) {
	if err := s.pdf.Error(); err != nil {
		return nil, apperr.Wrap(err, "draw "+what)
	}
	var buf bytes.Buffer
	if err := s.pdf.Output(&buf); err != nil {
		return nil, apperr.Wrap(err, "write "+what+" PDF")
	}
	return buf.Bytes(), nil
}

// eventName is the event's name in lang.
func eventName(ev event.Event, lang string) string { return ev.NameIn(lang) }

// venueOf is the event's venue and city in lang.
func venueOf(ev event.Event, lang string) string { return ev.PlaceIn(lang) }
