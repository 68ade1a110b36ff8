package visa

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
	"accreditation/internal/typeset"
)

// LetterContent is everything a visa support letter prints.
type LetterContent struct {
	Event       event.Event
	Participant registration.Participant
	Delegation  invitations.Delegation
	Passport    Passport
	Signatories []event.Signatory
	IssuedOn    time.Time
}

// Letter draws the visa support letter of an approved participant with
// passport details, in English and then in the language they chose, and
// records in the audit log that it was drawn. Errors: NotFound (no such
// participant), Conflict (not approved, no passport details, or the event
// has no signatory), Internal.
func (s *Service) Letter(ctx context.Context, participantID string) ([]byte, string, error) {
	c, err := s.letterContent(ctx, participantID)
	if err != nil {
		return nil, "", err
	}
	pdf, err := RenderLetter(c)
	if err != nil {
		return nil, "", err
	}
	err = audit.NewStore(s.db).Record(ctx, audit.Change{Action: "visa_letter", Entity: "passport",
		EntityID: participantID, EventID: c.Event.ID, After: map[string]string{"language": c.Passport.LetterLanguage}})
	name := "visa-letter-" + strings.ToLower(c.Participant.FamilyName) + ".pdf"
	return pdf, name, err
}

func (s *Service) letterContent(ctx context.Context, participantID string) (LetterContent, error) {
	p, err := s.people.FindParticipantByID(ctx, participantID, false)
	if err != nil {
		return LetterContent{}, err
	}
	if p.Status != registration.Approved {
		return LetterContent{}, apperr.Conflictf("the participant is %s: a visa letter is given only to approved participants", p.Status).Typed("not-approved")
	}
	row, err := s.store.findSealed(ctx, p.ID)
	if apperr.Is(err, apperr.NotFound) {
		return LetterContent{}, apperr.Conflictf("the participant has given no passport details").Typed("no-passport")
	}
	if err != nil {
		return LetterContent{}, err
	}
	rec, err := s.open(ctx, row)
	if err != nil {
		return LetterContent{}, err
	}
	ev, err := s.events.FindEventByID(ctx, p.EventID)
	if err != nil {
		return LetterContent{}, err
	}
	sigs, err := s.events.FindSignatories(ctx, p.EventID)
	if err != nil {
		return LetterContent{}, err
	}
	if len(sigs) == 0 {
		return LetterContent{}, apperr.Conflictf("the event has no signatory to sign the letter").Typed("no-signatory")
	}
	d, err := invitations.NewStore(s.db).FindDelegationByID(ctx, p.DelegationID)
	if err != nil {
		return LetterContent{}, err
	}
	return LetterContent{Event: ev, Participant: p, Delegation: d, Passport: rec.Passport, Signatories: sigs,
		IssuedOn: s.Now().In(ev.Location())}, nil
}

// RenderLetter draws c as an A4 PDF: the letter in English, then, when the
// participant chose another language, the same letter in it on a page of
// its own; each signed on behalf of the event's signatories. Equal input
// gives equal bytes. Errors: Internal.
func RenderLetter(c LetterContent) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	created := c.IssuedOn.UTC()
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Visa support letter", false)
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 20)
	langs := []string{"en"}
	if l := c.Passport.LetterLanguage; l != "en" && event.IsLanguage(l) {
		langs = append(langs, l)
	}
	for _, lang := range langs {
		pdf.AddPage()
		letterPart(pdf, c, lang)
	}
	if err := pdf.Error(); err != nil {
		return nil, apperr.Wrap(err, "draw visa letter")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, apperr.Wrap(err, "write visa letter PDF")
	}
	return buf.Bytes(), nil
}

// part is one language's letter on the page.
type part struct {
	pdf      *fpdf.Fpdf
	lang     string
	x, width float64
}

func (r part) style(size float64, bold bool) typeset.Style {
	st := typeset.Style{Size: size, Bold: bold}
	if r.lang == "ar" {
		st.Dir = typeset.RightToLeft
	}
	return st
}

func (r part) t(key string) string { return i18n.T(r.lang, "visa.letter."+key) }

func letterPart(pdf *fpdf.Fpdf, c LetterContent, lang string) {
	r := part{pdf: pdf, lang: lang, x: 20, width: 170}
	y := r.letterhead(18, c.Signatories)
	st := r.style(10, false)
	st.Align = typeset.AlignRight
	if lang == "ar" {
		st.Align = typeset.AlignLeft
	}
	day := c.IssuedOn.Format(time.DateOnly)
	typeset.Line(pdf, r.x, y+4, r.width, r.t("date")+" "+invitations.FormatDates(lang, day, day), st)
	y = typeset.Paragraph(pdf, r.x, y+12, r.width, r.t("to"), r.style(10.5, false))
	y = typeset.Paragraph(pdf, r.x, y, r.width, c.Passport.Consulate, r.style(10.5, true))
	v := letterValues(c, lang)
	y = typeset.Paragraph(pdf, r.x, y+6, r.width, fill(r.t("subject"), v), r.style(11, true))
	body := r.style(10.5, false)
	body.Leading = 1.35
	y = typeset.Paragraph(pdf, r.x, y+4, r.width, fill(r.t("body"), v), body) + 3
	y = r.facts(y, c, v)
	y = typeset.Paragraph(pdf, r.x, y+3, r.width, fill(r.t("request"), v), body) + 3
	r.signatures(y+4, c.Signatories)
}

// letterValues are the placeholders of a letter's texts in lang.
func letterValues(c LetterContent, lang string) map[string]string {
	p := c.Participant
	name := strings.Join(strings.Fields(p.Honorific+" "+p.GivenNames+" "+p.FamilyName), " ")
	ev := c.Event
	eventName := ev.NameIn(lang)
	delegation := c.Delegation.Names.In(lang)
	if delegation == "" {
		delegation = c.Delegation.NameEN
	}
	venue := ev.PlaceIn(lang)
	function := p.Function
	if function == "" {
		function = "-"
	}
	return map[string]string{"name": name, "function": function, "delegation": delegation, "event": eventName,
		"venue": venue, "dates": invitations.FormatDates(lang, ev.StartsOn, ev.EndsOn), "consulate": c.Passport.Consulate}
}

// fill replaces each {key} of s by its value.
func fill(s string, v map[string]string) string {
	for k, val := range v {
		s = strings.ReplaceAll(s, "{"+k+"}", val)
	}
	return s
}

// facts are the passport's details, one labelled line each.
func (r part) facts(y float64, c LetterContent, v map[string]string) float64 {
	pp := c.Passport
	holder := v["name"]
	if n := c.Participant.NativeName; n != "" && n != holder {
		holder += "\n" + n
	}
	rows := [][2]string{{"holder", holder}, {"nationality", countryIn(c.Participant.Nationality, r.lang)},
		{"number", pp.Number}, {"issuing_country", countryIn(pp.IssuingCountry, r.lang)},
		{"expires_on", invitations.FormatDates(r.lang, pp.ExpiresOn, pp.ExpiresOn)},
		{"birth_date", invitations.FormatDates(r.lang, pp.BirthDate, pp.BirthDate)}, {"birth_place", pp.BirthPlace}}
	label, value := r.x, r.x+55
	if r.lang == "ar" {
		label, value = r.x+r.width-55, r.x
	}
	for _, row := range rows {
		if strings.TrimSpace(row[1]) == "" {
			continue
		}
		st := r.style(10, true)
		typeset.Line(r.pdf, label, y, 55, r.t(row[0]), st)
		st.Bold = false
		if r.lang != "ar" {
			st.Align = typeset.AlignLeft // a name in Arabic letters too starts the column
		}
		y = typeset.Paragraph(r.pdf, value, y, r.width-57, row[1], st)
	}
	return y
}

// countryIn is the name in lang of the country of an ISO 3166-1 code, or the
// code itself when the code is not one the Unicode CLDR names.
func countryIn(code, lang string) string {
	if name := event.CountryName(code, lang); name != "" {
		return name
	}
	return code
}

// letterhead prints the organisations of the signatories, side by side.
func (r part) letterhead(y float64, sigs []event.Signatory) float64 {
	n := min(len(sigs), 2)
	w := (r.width - 10*float64(n-1)) / float64(n)
	bottom := y
	for i := range n {
		x := r.column(i, n, w)
		st := r.style(11, true)
		st.Align = typeset.AlignCenter
		l := typeset.Fit(r.pdf, sigs[i].OrganisationIn(r.lang), w, 14, st, 8, 3)
		l.Draw(r.pdf, x, y, w)
		bottom = max(bottom, y+l.Height+2)
	}
	r.pdf.SetDrawColor(60, 60, 60)
	r.pdf.SetLineWidth(0.4)
	r.pdf.Line(r.x, bottom+1, r.x+r.width, bottom+1)
	return bottom + 2
}

// column is the x of column i of n of width w, in reading order.
func (r part) column(i, n int, w float64) float64 {
	if r.lang == "ar" {
		i = n - 1 - i
	}
	return r.x + float64(i)*(w+10)
}

// signatures prints "on behalf of the organisers" and each signatory's
// block (signature, name, title, organisation), side by side.
func (r part) signatures(y float64, sigs []event.Signatory) {
	const blockH = 48
	_, pageH := r.pdf.GetPageSize()
	if y+blockH > pageH-20 {
		r.pdf.AddPage()
		y = 20
	}
	y = typeset.Paragraph(r.pdf, r.x, y, r.width, r.t("on_behalf"), r.style(10.5, false)) + 2
	n := min(len(sigs), 2)
	w := (r.width - 10*float64(n-1)) / float64(n)
	for i := range n {
		s, x := sigs[i], r.column(i, n, w)
		st := r.style(10, false)
		st.Align = typeset.AlignCenter
		if img := signatureImage(r.pdf, r.lang, i, s); img != "" {
			r.pdf.ImageOptions(img, x+w/2-20, y, 40, 16, false, fpdf.ImageOptions{}, 0, "")
		}
		yy := y + 18
		st.Bold = true
		yy = typeset.Paragraph(r.pdf, x, yy, w, s.NameIn(r.lang), st)
		st.Bold = false
		yy = typeset.Paragraph(r.pdf, x, yy, w, s.TitleIn(r.lang), st)
		typeset.Paragraph(r.pdf, x, yy, w, s.OrganisationIn(r.lang), st)
	}
}

// signatureImage registers a signatory's signature image and returns its
// name, or "" when there is none or it is not a PNG or JPEG.
func signatureImage(pdf *fpdf.Fpdf, lang string, i int, s event.Signatory) string {
	if len(s.SignatureImage) == 0 {
		return ""
	}
	kind := map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}[http.DetectContentType(s.SignatureImage)]
	if kind == "" {
		return ""
	}
	name := fmt.Sprintf("signature-%s-%d", lang, i)
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(s.SignatureImage))
	return name
}
