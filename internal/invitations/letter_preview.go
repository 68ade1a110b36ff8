package invitations

import (
	"context"
	"time"

	"accreditation/internal/event"
)

// LetterPreview is an event's letter in one language as it will print,
// addressed to a sample invitee: what the Secretariat checks before issuing.
type LetterPreview struct {
	// Content is what RenderLetter draws: the event, its signatories and its
	// template as they are now, a sample addressee, the next reference
	// number, the default quota of a member state and a sample deadline.
	Content LetterContent
	// Values are the placeholders' sample values.
	Values map[string]string
	// Subject and Body are the template filled with Values.
	Subject, Body string
}

// sampleAddressees are the invitee a preview is addressed to, in each
// language: plainly a sample, never a real office holder.
var sampleAddressees = map[string]LetterAddressee{
	"en": {Honorific: "H.E. Ms", GivenNames: "Amina", FamilyName: "Example",
		Office: "Minister of Foreign Affairs", DelegationName: "Republic of Example"},
	"fr": {Honorific: "S.E. Mme", GivenNames: "Amina", FamilyName: "Exemple",
		Office: "Ministre des affaires étrangères", DelegationName: "République d'Exemple"},
	"ru": {Honorific: "H.E. Ms", GivenNames: "Amina", FamilyName: "Primer", NativeName: "Амина Пример",
		Office: "Министр иностранных дел", DelegationName: "Республика Пример"},
	"az": {Honorific: "Zati-aliləri xanım", GivenNames: "Amina", FamilyName: "Nümunə",
		Office: "Xarici işlər naziri", DelegationName: "Nümunə Respublikası"},
	"ar": {Honorific: "H.E. Ms", GivenNames: "Amina", FamilyName: "Al-Mithal", NativeName: "معالي السيدة أمينة المثال",
		Office: "وزيرة الخارجية", DelegationName: "جمهورية المثال"},
}

// sampleLink stands where an invitee's personal RSVP link prints; it opens
// no invitation.
const sampleLink = "/rsvp/SAMPLE-LINK-FOR-PREVIEW-ONLY"

// PreviewLetter fills the event's letter template for lang (its own text,
// else the built-in one) with sample values. Errors: Invalid (language),
// NotFound (event), Internal.
func (l *Letters) PreviewLetter(ctx context.Context, eventID, lang string) (LetterPreview, error) {
	t, err := l.store().FindTemplate(ctx, eventID, lang)
	if err != nil {
		return LetterPreview{}, err
	}
	st := l.store().events()
	ev, err := st.FindEventByID(ctx, eventID)
	if err != nil {
		return LetterPreview{}, err
	}
	sigs, err := st.FindSignatories(ctx, eventID)
	if err != nil {
		return LetterPreview{}, err
	}
	c := sampleContent(ev, lang, l.now())
	c.Template = LetterTemplate{Subject: t.Subject, Body: t.Body}
	for _, sg := range sigs {
		c.Signatories = append(c.Signatories, letterSignatory(sg, lang))
	}
	values := LetterValues(c)
	return LetterPreview{Content: c, Values: values, Subject: Fill(t.Subject, values), Body: Fill(t.Body, values)}, nil
}

// PreviewPDF is the PDF of PreviewLetter, drawn by RenderLetter with a
// sample RSVP link where the invitee's own one prints. Errors: as
// PreviewLetter.
func (l *Letters) PreviewPDF(ctx context.Context, eventID, lang string) ([]byte, LetterPreview, error) {
	p, err := l.PreviewLetter(ctx, eventID, lang)
	if err != nil {
		return nil, p, err
	}
	link := sampleLink
	if l.Invitations != nil {
		link = l.Invitations.cfg.PublicBaseURL + sampleLink
	}
	pdf, err := RenderLetter(p.Content, link, p.Content.IssuedAt)
	return pdf, p, err
}

// sampleContent is a letter of ev in lang issued now to the sample
// addressee: the next reference number, the quota of a member state, and a
// deadline four weeks before the first day at 18:00 in the event's zone.
func sampleContent(ev event.Event, lang string, now time.Time) LetterContent {
	a, ok := sampleAddressees[lang]
	if !ok {
		a = sampleAddressees["en"]
	}
	a.DelegationKind = MemberState
	loc := ev.Location()
	first, _ := ev.Days()
	deadline := time.Date(first.Year(), first.Month(), first.Day()-28, 18, 0, 0, 0, loc).UTC()
	return LetterContent{Version: 1, ReferenceNumber: ev.Reference(ev.NextReference), Language: lang,
		IssuedAt: now, IssuedOn: now.In(loc).Format(time.DateOnly), Quota: max(1, ev.DefaultQuotas[MemberState]),
		RSVPDeadline: deadline, Addressee: a, Signatories: []LetterSignatory{},
		Event: letterEvent(ev, lang)}
}
