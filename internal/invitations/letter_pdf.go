package invitations

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/typeset"
)

// LetterValues are the placeholder values of a frozen letter.
func LetterValues(c LetterContent) map[string]string {
	a := c.Addressee
	name := strings.TrimSpace(a.NativeName)
	if name == "" {
		name = strings.Join(strings.Fields(a.Honorific+" "+a.GivenNames+" "+a.FamilyName), " ")
	}
	venue := event.JoinPlace(c.Language, c.Event.Venue, c.Event.City)
	country := c.Event.CountryName
	if country == "" {
		country = event.CountryName(c.Event.Country, c.Language)
	}
	loc, err := time.LoadLocation(c.Event.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return map[string]string{
		"invitee_name": name, "office": a.Office, "delegation": a.DelegationName, "event_name": c.Event.Name,
		"dates": formatDates(c.Language, c.Event.StartsOn, c.Event.EndsOn), "venue": venue,
		"rsvp_deadline": FormatDeadline(c.Language, c.RSVPDeadline, loc), "quota": fmt.Sprint(c.Quota),
		"reference_number": c.ReferenceNumber, "country": country,
	}
}

// letterTemplate is the frozen template of c. A letter frozen without one
// was issued when the built-in letters had the 2013 wording, and prints
// with it.
func letterTemplate(c LetterContent) TemplateInput {
	if strings.TrimSpace(c.Template.Body) != "" {
		return TemplateInput{Subject: c.Template.Subject, Body: c.Template.Body}
	}
	return Wording2013(c.Language)
}

// RenderLetter draws the letter c as an A4 PDF: both organisations as
// letterhead, reference number and date, the addressee, the body from the
// frozen template, both signature blocks side by side, and the RSVP link
// printed and as a QR code when link is not empty. The document's dates are
// set to created, so that equal input gives equal bytes. Errors: Internal.
func RenderLetter(c LetterContent, link string, created time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(c.ReferenceNumber, true)
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()
	r := letterPage{pdf: pdf, c: c, w: wordsIn(c.Language), rtl: c.Language == "ar", x: 20, width: 170}
	y := r.letterhead(18)
	y = r.reference(y + 4)
	y = r.addressee(y + 8)
	y = r.body(y + 6)
	y = r.signatures(y + 8)
	r.rsvp(y+6, link)
	r.pageNumbers()
	if err := pdf.Error(); err != nil {
		return nil, apperr.Wrap(err, "draw letter")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, apperr.Wrap(err, "write letter PDF")
	}
	return buf.Bytes(), nil
}

type letterPage struct {
	pdf      *fpdf.Fpdf
	c        LetterContent
	w        letterWords
	rtl      bool
	x, width float64
}

func (r letterPage) style(size float64, bold bool) typeset.Style {
	st := typeset.Style{Size: size, Bold: bold}
	if r.rtl {
		st.Dir = typeset.RightToLeft
	}
	return st
}

// columns returns the left and right x of two side-by-side columns in
// reading order: in a right-to-left letter the first column is on the right.
func (r letterPage) columns(gap float64) (first, second, w float64) {
	w = (r.width - gap) / 2
	first, second = r.x, r.x+w+gap
	if r.rtl {
		first, second = second, first
	}
	return first, second, w
}

func (r letterPage) letterhead(y float64) float64 {
	first, second, w := r.columns(10)
	bottom := y
	for i, s := range r.c.Signatories {
		if i > 1 {
			break
		}
		x := []float64{first, second}[i]
		st := r.style(11, true)
		st.Align = typeset.AlignCenter
		l := typeset.Fit(r.pdf, s.Organisation, w, 14, st, 8, 3)
		l.Draw(r.pdf, x, y, w)
		if s.OrganisationShort != "" {
			st2 := r.style(9, false)
			st2.Align = typeset.AlignCenter
			typeset.Line(r.pdf, x, y+l.Height+1, w, s.OrganisationShort, st2)
		}
		bottom = max(bottom, y+l.Height+6)
	}
	r.pdf.SetDrawColor(60, 60, 60)
	r.pdf.SetLineWidth(0.4)
	r.pdf.Line(r.x, bottom+1, r.x+r.width, bottom+1)
	return bottom + 2
}

func (r letterPage) reference(y float64) float64 {
	loc, err := time.LoadLocation(r.c.Event.Timezone)
	if err != nil {
		loc = time.UTC
	}
	issued := r.c.IssuedAt.In(loc)
	if d, err := time.Parse(time.DateOnly, r.c.IssuedOn); err == nil {
		issued = d
	}
	start, end := typeset.AlignLeft, typeset.AlignRight
	if r.rtl {
		start, end = end, start
	}
	st := r.style(10, false)
	st.Align = start
	typeset.Line(r.pdf, r.x, y, r.width, r.w.ref+" "+r.c.ReferenceNumber, st)
	st.Align = end
	typeset.Line(r.pdf, r.x, y, r.width, r.w.date+" "+formatDate(r.c.Language, issued), st)
	return y + st.LineHeight(r.pdf)
}

func (r letterPage) addressee(y float64) float64 {
	a := r.c.Addressee
	latin := strings.Join(strings.Fields(a.Honorific+" "+a.GivenNames+" "+a.FamilyName), " ")
	lines := []string{latin}
	if a.NativeName != "" && a.NativeName != latin {
		lines = append(lines, a.NativeName)
	}
	lines = append(lines, a.Office, a.DelegationName)
	for i, s := range lines {
		if strings.TrimSpace(s) == "" {
			continue
		}
		y = typeset.Paragraph(r.pdf, r.x, y, r.width*0.7+boolF(r.rtl)*r.width*0.3, s, r.style(10.5, i == 0))
	}
	return y
}

func boolF(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (r letterPage) body(y float64) float64 {
	tpl := letterTemplate(r.c)
	text := Fill(tpl.Body, LetterValues(r.c))
	st := r.style(10.5, false)
	st.Leading = 1.35
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		if para == "" {
			continue
		}
		y = r.paragraph(y, para, st) + 2.5
	}
	return y
}

// paragraph draws one paragraph of the body at y and returns the y below
// it, on the page it ended on. A paragraph that does not fit the page is
// broken so that neither page holds one line of it alone: its first line
// alone at the foot of a page moves to the next, and so does the line
// before its last, so that the last line never stands alone at the top.
func (r letterPage) paragraph(y float64, para string, st typeset.Style) float64 {
	_, pageH := r.pdf.GetPageSize()
	auto, bottom := r.pdf.GetAutoPageBreak()
	_, top, _, _ := r.pdf.GetMargins()
	lh := st.LineHeight(r.pdf)
	n := len(typeset.Fit(r.pdf, para, r.width, 1e6, st, st.Size, 1<<20).Lines)
	room := int((pageH - bottom - y) / lh)
	switch {
	case !auto || n <= room || y <= top:
	case room < 2 || (n-room == 1 && room < 3):
		r.pdf.AddPage()
		y = top
	case n-room == 1:
		// Leave the paragraph's last two lines for the next page; Paragraph
		// breaks the page where the margin says.
		r.pdf.SetAutoPageBreak(true, bottom+lh)
		defer r.pdf.SetAutoPageBreak(true, bottom)
	}
	return typeset.Paragraph(r.pdf, r.x, y, r.width, para, st)
}

// pageNumbers numbers the pages of a letter of more than one page, at the
// foot of each: "Page 1 of 2" in the letter's language.
func (r letterPage) pageNumbers() {
	n := r.pdf.PageCount()
	if n < 2 {
		return
	}
	auto, bottom := r.pdf.GetAutoPageBreak()
	r.pdf.SetAutoPageBreak(false, bottom)
	_, pageH := r.pdf.GetPageSize()
	st := r.style(8.5, false)
	st.Align = typeset.AlignCenter
	for i := 1; i <= n; i++ {
		r.pdf.SetPage(i)
		typeset.Line(r.pdf, r.x, pageH-bottom+6, r.width, fmt.Sprintf(r.w.page, i, n), st)
	}
	r.pdf.SetAutoPageBreak(auto, bottom)
}

// signatures draws the signature blocks side by side: the line above the
// signature, the image, the name and the title, the names of both blocks on
// one level however many lines the lines above them take.
func (r letterPage) signatures(y float64) float64 {
	const blockH = 42
	_, pageH := r.pdf.GetPageSize()
	if y+blockH > pageH-20 {
		r.pdf.AddPage()
		y = 20
	}
	first, second, w := r.columns(10)
	sigs := r.c.Signatories[:min(2, len(r.c.Signatories))]
	st := r.style(10, false)
	st.Align = typeset.AlignCenter
	below := y
	for i, s := range sigs {
		below = max(below, typeset.Paragraph(r.pdf, []float64{first, second}[i], y, w, r.signLine(s), st))
	}
	bottom := below
	for i, s := range sigs {
		x := []float64{first, second}[i]
		if img := signatureImage(r.pdf, i, s); img != "" {
			r.pdf.ImageOptions(img, x+w/2-20, below+1, 40, 16, false, fpdf.ImageOptions{ReadDpi: false}, 0, "")
		}
		st.Bold = true
		yy := typeset.Paragraph(r.pdf, x, below+18, w, s.Name, st)
		st.Bold = false
		bottom = max(bottom, typeset.Paragraph(r.pdf, x, yy, w, s.Title, st))
	}
	return bottom
}

// signLine is the line above s's signature: its own, or in a letter issued
// before signatories had one, the wording of then.
func (r letterPage) signLine(s LetterSignatory) string {
	if s.SignLine != "" {
		return s.SignLine
	}
	org := s.OrganisationShort
	if org == "" {
		org = s.Organisation
	}
	return fmt.Sprintf(r.w.forDG, org)
}

// signatureImage registers a signatory's signature image and returns its
// name, or "" when there is none or it is not a PNG or JPEG.
func signatureImage(pdf *fpdf.Fpdf, i int, s LetterSignatory) string {
	if len(s.SignatureImage) == 0 {
		return ""
	}
	kind := map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}[http.DetectContentType(s.SignatureImage)]
	if kind == "" {
		return ""
	}
	name := fmt.Sprintf("signature-%d", i)
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(s.SignatureImage))
	return name
}

func (r letterPage) rsvp(y float64, link string) {
	const qr = 30
	_, pageH := r.pdf.GetPageSize()
	if y+qr > pageH-20 {
		r.pdf.AddPage()
		y = 20
	}
	r.pdf.SetDrawColor(160, 160, 160)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(r.x, y, r.x+r.width, y)
	y += 3
	st := r.style(9, false)
	if link == "" {
		typeset.Paragraph(r.pdf, r.x, y, r.width, r.w.noLink, st)
		return
	}
	png, err := qrcode.Encode(link, qrcode.Medium, 512)
	if err != nil {
		r.pdf.SetError(err)
		return
	}
	r.pdf.RegisterImageOptionsReader("rsvp-qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	textX, qrX := r.x, r.x+r.width-qr
	if r.rtl {
		textX, qrX = r.x+qr+4, r.x
	}
	r.pdf.ImageOptions("rsvp-qr", qrX, y, qr, qr, false, fpdf.ImageOptions{}, 0, link)
	yy := typeset.Paragraph(r.pdf, textX, y, r.width-qr-4, r.w.rsvp, st)
	loc, err := time.LoadLocation(r.c.Event.Timezone)
	if err != nil {
		loc = time.UTC
	}
	yy = typeset.Paragraph(r.pdf, textX, yy+1, r.width-qr-4, fmt.Sprintf(r.w.deadline, FormatDeadline(r.c.Language, r.c.RSVPDeadline, loc)), st)
	// The link itself is Latin and left to right in every letter; Courier
	// keeps every character of the token unambiguous.
	r.pdf.SetFont("Courier", "", 8.5)
	r.pdf.SetXY(textX, yy+1)
	r.pdf.MultiCell(r.width-qr-4, 4, link, "", "L", false)
	r.pdf.LinkString(textX, yy+1, r.width-qr-4, 8, link)
}
