package documents

import (
	"strings"

	"accreditation/internal/i18n"
	"accreditation/internal/typeset"
)

// indent is how far entries stand in from their delegation's name, in mm.
const indent = 6.0

// label is the list's edition as it prints: "Provisional list of participants".
func (l List) label() string {
	if l.Edition == Final {
		return i18n.T(l.Language, "documents.lop.final_list")
	}
	return i18n.T(l.Language, "documents.lop.provisional_list")
}

// RenderPDF draws the list as an A4 PDF: a cover page with the event's
// name, days and venue and the edition, then the sections, each delegation
// with its members, a running header (the event and the edition) on every
// page after the cover and page numbers on every page. Errors: Internal.
func (l List) RenderPDF() ([]byte, error) {
	s := newSheet(l.Language, i18n.T(l.Language, "documents.lop.title"), l.AsOf)
	s.pdf.AddPage()
	s.cover(l)
	s.pdf.AddPage()
	s.y = top
	if len(l.Sections) == 0 {
		s.text(i18n.T(l.Language, "documents.lop.empty"), typeset.Style{Size: 11})
	}
	for _, sec := range l.Sections {
		s.section(sec)
	}
	s.running(eventName(l.Event, l.Language), l.label())
	return s.output("list of participants")
}

// cover draws the list's first page.
func (s *sheet) cover(l List) {
	lang := l.Language
	centred := func(text string, st typeset.Style) {
		st.Align = typeset.AlignCenter
		s.y = typeset.Paragraph(s.pdf, margin, s.y, textW, text, st)
	}
	s.y = 70
	centred(eventName(l.Event, lang), typeset.Style{Size: 20, Bold: true})
	s.y += 6
	centred(formatDays(lang, l.Event.StartsOn, l.Event.EndsOn), typeset.Style{Size: 13})
	centred(venueOf(l.Event, lang), typeset.Style{Size: 13})
	s.y += 30
	centred(i18n.T(lang, "documents.lop.title"), typeset.Style{Size: 24, Bold: true})
	s.y += 4
	centred(l.label(), typeset.Style{Size: 14, Bold: l.Edition == Provisional})
	s.y += 2
	when := formatDate(lang, l.AsOf.In(l.Event.Location()))
	if l.Edition == Final {
		centred(i18n.T(lang, "documents.lop.issued", when), typeset.Style{Size: 11})
	} else {
		centred(i18n.T(lang, "documents.lop.as_of", when), typeset.Style{Size: 11})
	}
}

// section draws one section's heading and delegations; the heading never
// stands alone at the foot of a page.
func (s *sheet) section(sec Section) {
	s.fits(30)
	s.y += 4
	s.text(sec.Title, typeset.Style{Size: 14, Bold: true})
	s.rule(s.y + 1)
	s.y += 4
	for _, d := range sec.Delegations {
		s.fits(22)
		s.text(d.Name, typeset.Style{Size: 12, Bold: true})
		s.y += 1
		for _, e := range d.Entries {
			s.entry(e)
		}
		s.y += 3
	}
}

// entry draws one member: honorific and name, the name in its own script,
// then function and role.
func (s *sheet) entry(e Entry) {
	x, w := margin+indent, textW-indent
	if s.rtl {
		x = margin
	}
	lines := 2.0
	if e.NativeName != "" {
		lines++
	}
	s.fits(lines*5 + 2)
	s.name(x, w, strings.TrimSpace(e.Honorific+" "+e.Name), typeset.Style{Size: 10.5, Bold: true})
	s.name(x, w, e.NativeName, typeset.Style{Size: 10.5})
	detail := e.Function
	if e.RoleLabel != "" {
		detail = strings.Trim(detail+" — "+e.RoleLabel, " —")
	}
	s.name(x, w, detail, typeset.Style{Size: 9})
	s.y += 2
}

// running draws the header (left: the event, right: the edition; mirrored
// in Arabic) on every page but the first, and "Page n of N" on every page.
func (s *sheet) running(left, right string) {
	n := s.pdf.PageCount()
	small := typeset.Style{Size: 8}
	for i := 1; i <= n; i++ {
		s.pdf.SetPage(i)
		s.pdf.SetTextColor(90, 90, 90)
		if i > 1 {
			ev := typeset.Style{Size: 8, Align: typeset.AlignLeft}
			ed := typeset.Style{Size: 8, Bold: true, Align: typeset.AlignRight}
			evX, edX := margin, margin+textW*0.6
			if s.rtl {
				ev.Align, ed.Align = typeset.AlignRight, typeset.AlignLeft
				evX, edX = margin+textW*0.4, margin
			}
			typeset.Line(s.pdf, evX, headerY, textW*0.6, left, ev)
			typeset.Line(s.pdf, edX, headerY, textW*0.4, right, ed)
			s.rule(headerY + 6)
		}
		st := small
		st.Align = typeset.AlignCenter
		typeset.Line(s.pdf, margin, footerY, textW, i18n.T(s.lang, "documents.lop.page", i, n), st)
		s.pdf.SetTextColor(0, 0, 0)
	}
}
