package badges

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/typeset"
)

// textBox is one text field of a card: a box in mm and how to fit text in it.
type textBox struct {
	x, y, w, h    float64
	size, minSize float64 // points
	lines         int
	bold          bool
}

// draw fits s into b (shrinking, then wrapping, never cutting) and draws it
// centred, offset by ox, oy. Layouts are kept in fits, so that the fields
// every badge of a batch shares (event, dates, category, function,
// delegation) are fitted once per document.
func (b textBox) draw(pdf *fpdf.Fpdf, fits layouts, ox, oy float64, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	key := fitKey{b, s}
	l, ok := fits[key]
	if !ok {
		st := typeset.Style{Size: b.size, Bold: b.bold, Align: typeset.AlignCenter}
		l = typeset.Fit(pdf, s, b.w, b.h, st, b.minSize, b.lines)
		fits[key] = l
	}
	l.Draw(pdf, ox+b.x, oy+b.y+max(0, (b.h-l.Height)/2), b.w)
}

// layouts keeps the text fitted in a document, by box and text. A layout
// depends only on them and the fonts, so it can be drawn again on any page.
type layouts map[fitKey]typeset.Layout

type fitKey struct {
	box  textBox
	text string
}

// geometry places a card's parts, in mm from the card's top left corner.
type geometry struct {
	w, h                                   float64
	event, dates, honorific, name, native  textBox
	function, delegation, number, category textBox
	// The second badge language's lines, under the first's; a badge in
	// one language gives their room to the first's (see pair). With
	// joined set, the layout has no room for them: the second language
	// follows the first in its box.
	eventAlt, delegationAlt, categoryAlt textBox
	joined                               bool
	zones                                textBox // the zone marks, centred in it
	photoX, photoY, photoW, photoH       float64
	qrX, qrY, qrSize                     float64
	bandY, bandH                         float64
}

// The A6 badge: event at the top, photo and QR code side by side, the names
// large in the middle, the category band at the foot with the zone marks.
var a6Geometry = geometry{
	w: 105, h: 148,
	event:    textBox{x: 5, y: 3, w: 95, h: 8.5, size: 11, minSize: 7, lines: 2, bold: true},
	eventAlt: textBox{x: 5, y: 11.5, w: 95, h: 5, size: 8, minSize: 5.5, lines: 2},
	dates:    textBox{x: 5, y: 16.5, w: 95, h: 4, size: 7.5, minSize: 6, lines: 1},
	photoX:   8, photoY: 22, photoW: 34, photoH: 43,
	qrX: 58, qrY: 21, qrSize: 41,
	number:        textBox{x: 55, y: 62, w: 46, h: 4.5, size: 8, minSize: 6, lines: 1},
	honorific:     textBox{x: 5, y: 68, w: 95, h: 6, size: 10, minSize: 7, lines: 1},
	name:          textBox{x: 5, y: 74, w: 95, h: 17, size: 18, minSize: 10, lines: 2, bold: true},
	native:        textBox{x: 5, y: 91, w: 95, h: 13, size: 15, minSize: 9, lines: 2},
	function:      textBox{x: 5, y: 104, w: 95, h: 8, size: 9, minSize: 6, lines: 2},
	delegation:    textBox{x: 5, y: 112, w: 95, h: 7, size: 11, minSize: 7, lines: 2, bold: true},
	delegationAlt: textBox{x: 5, y: 119, w: 95, h: 5, size: 8.5, minSize: 6, lines: 1},
	bandY:         125, bandH: 23,
	category:    textBox{x: 4, y: 125.5, w: 97, h: 10, size: 18, minSize: 9, lines: 2, bold: true},
	categoryAlt: textBox{x: 4, y: 135.5, w: 97, h: 6, size: 11, minSize: 7, lines: 1},
	zones:       textBox{x: 4, y: 142, w: 97, h: 4.5, size: 6.5, minSize: 6.5, lines: 1, bold: true},
}

// The CR80 card, landscape: category band on top with the zone marks,
// photo left, names in the middle, QR code right, event at the foot.
var cr80Geometry = geometry{
	w: 85.6, h: 54, joined: true,
	bandY: 0, bandH: 8,
	category: textBox{x: 2, y: 0.5, w: 58, h: 7, size: 11, minSize: 5, lines: 1, bold: true},
	zones:    textBox{x: 60, y: 1.75, w: 24.6, h: 4.5, size: 5, minSize: 5, lines: 1, bold: true},
	photoX:   3, photoY: 10, photoW: 19, photoH: 25,
	qrX: 60.6, qrY: 10, qrSize: 23,
	number:     textBox{x: 58, y: 33.5, w: 27, h: 3.5, size: 5.5, minSize: 4, lines: 1},
	honorific:  textBox{x: 23.5, y: 10, w: 36, h: 4, size: 7, minSize: 5, lines: 1},
	name:       textBox{x: 23.5, y: 14, w: 36, h: 10, size: 10, minSize: 5.5, lines: 2, bold: true},
	native:     textBox{x: 23.5, y: 24, w: 36, h: 7.5, size: 8.5, minSize: 5, lines: 2},
	function:   textBox{x: 23.5, y: 31.5, w: 36, h: 5, size: 6, minSize: 4, lines: 2},
	delegation: textBox{x: 3, y: 37.5, w: 79.6, h: 6, size: 8.5, minSize: 4.5, lines: 1, bold: true},
	event:      textBox{x: 3, y: 44, w: 79.6, h: 5.5, size: 6.5, minSize: 4, lines: 2, bold: true},
	dates:      textBox{x: 3, y: 49.5, w: 79.6, h: 3.5, size: 5.5, minSize: 4, lines: 1},
}

// pair draws s in the first badge language in b and alt, its second, in
// altBox under it; without alt, s takes the room of both. A joined layout
// prints alt after s in b.
func (g geometry) pair(pdf *fpdf.Fpdf, fits layouts, ox, oy float64, b, altBox textBox, s, alt string) {
	switch {
	case alt == "":
		if altBox.h > 0 {
			b.h = altBox.y + altBox.h - b.y
		}
		b.draw(pdf, fits, ox, oy, s)
	case g.joined:
		b.draw(pdf, fits, ox, oy, s+" / "+alt)
	default:
		b.draw(pdf, fits, ox, oy, s)
		altBox.draw(pdf, fits, ox, oy, alt)
	}
}

// drawZones draws the zones a badge opens as small marks side by side,
// centred in b: black capitals in a white box with a black rule, legible
// on any band colour.
func drawZones(pdf *fpdf.Fpdf, b textBox, ox, oy float64, zones []string) {
	if len(zones) == 0 {
		return
	}
	const pad, gap = 1.2, 1.2
	st := typeset.Style{Size: b.size, Bold: b.bold, Align: typeset.AlignCenter}
	widths := make([]float64, len(zones))
	total := -gap
	for i, z := range zones {
		widths[i] = typeset.Width(pdf, z, st) + 2*pad
		total += widths[i] + gap
	}
	x := ox + b.x + max(0, (b.w-total)/2)
	y := oy + b.y
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	pdf.SetFillColor(255, 255, 255)
	pdf.SetTextColor(0, 0, 0)
	lh := st.LineHeight(pdf)
	for i, z := range zones {
		pdf.Rect(x, y, widths[i], b.h, "FD")
		typeset.Line(pdf, x, y+(b.h-lh)/2, widths[i], z, st)
		x += widths[i] + gap
	}
}

// sameName reports whether the name in its own script reads as the Latin
// one, which a badge then prints once.
func sameName(native, latin string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(native), " "), strings.Join(strings.Fields(latin), " "))
}

// drawCard draws c with its top left corner at ox, oy, fitting its text
// through fits. photoType is what CheckPhoto returned; index names the photo
// image in the document.
func drawCard(pdf *fpdf.Fpdf, fits layouts, layout Layout, ox, oy float64, c Card, photoType string, index int) error {
	g := a6Geometry
	if layout == CR80 {
		g = cr80Geometry
	}
	r, gr, b := parseColour(c.CategoryColour)
	pdf.SetFillColor(r, gr, b)
	pdf.Rect(ox, oy+g.bandY, g.w, g.bandH, "F")
	pdf.SetTextColor(InkOn(r, gr, b))
	g.pair(pdf, fits, ox, oy, g.category, g.categoryAlt, c.Category, c.CategoryAlt)
	drawZones(pdf, g.zones, ox, oy, c.Zones)
	pdf.SetTextColor(0, 0, 0)

	g.pair(pdf, fits, ox, oy, g.event, g.eventAlt, c.EventName, c.EventNameAlt)
	g.dates.draw(pdf, fits, ox, oy, c.EventDates)
	drawPhoto(pdf, ox+g.photoX, oy+g.photoY, g.photoW, g.photoH, c.Photo, photoType, index)
	if err := drawQR(pdf, c.Code, ox+g.qrX, oy+g.qrY, g.qrSize); err != nil {
		return err
	}
	g.number.draw(pdf, fits, ox, oy, NumberText(c.Number, c.Version))
	g.honorific.draw(pdf, fits, ox, oy, c.Honorific)
	g.name.draw(pdf, fits, ox, oy, c.Name)
	if !sameName(c.NativeName, c.Name) {
		g.native.draw(pdf, fits, ox, oy, c.NativeName)
	}
	g.function.draw(pdf, fits, ox, oy, c.Function)
	g.pair(pdf, fits, ox, oy, g.delegation, g.delegationAlt, c.Delegation, c.DelegationAlt)
	return nil
}

// drawPhoto draws the photo cropped to fill the frame without distortion,
// or an empty frame when there is none.
func drawPhoto(pdf *fpdf.Fpdf, x, y, w, h float64, photo []byte, typ string, index int) {
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	if len(photo) == 0 {
		pdf.Rect(x, y, w, h, "D")
		return
	}
	name := "photo" + strconv.Itoa(index)
	info := pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(photo))
	if info == nil {
		return
	}
	iw, ih := info.Extent()
	// Scale to cover the frame, centre, and clip what sticks out.
	scale := max(w/iw, h/ih)
	dw, dh := iw*scale, ih*scale
	pdf.ClipRect(x, y, w, h, false)
	pdf.ImageOptions(name, x+(w-dw)/2, y+(h-dh)/2, dw, dh, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
	pdf.ClipEnd()
	pdf.Rect(x, y, w, h, "D")
}
