package documents

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/checkin"
	"accreditation/internal/event"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
	"accreditation/internal/typeset"
)

// Attendance is one participant's certificate: who, of which delegation,
// and the days (in the event's timezone) their badge let them in.
type Attendance struct {
	Participant registration.Participant
	Delegation  string // the delegation's name in Language
	Language    string
	Days        []time.Time
}

// enteredDays returns the days, in loc, on which a scan let the holder in:
// an entry judged ok, or a second entry without an exit (already_inside).
func enteredDays(scans []checkin.ScanRecord, loc *time.Location) []time.Time {
	var days []time.Time
	for _, r := range scans {
		if r.Direction != "in" || (r.Verdict != "ok" && r.Verdict != "already_inside") {
			continue
		}
		t := r.ScannedAt.In(loc)
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		if !slices.ContainsFunc(days, d.Equal) {
			days = append(days, d)
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	return days
}

// languageOf is the language of p's certificate: their interpretation
// language when the event works in it, else English when it does, else
// the event's first language.
func languageOf(p registration.Participant, ev event.Event) string {
	for _, l := range []string{p.InterpretationLanguage, "en"} {
		if slices.Contains(ev.Languages, l) {
			return l
		}
	}
	if len(ev.Languages) > 0 {
		return ev.Languages[0]
	}
	return "en"
}

// attendance reads p's entries. It reports false when p never entered.
func (s *Service) attendance(ctx context.Context, p registration.Participant, ev event.Event, d invitations.Delegation) (Attendance, bool, error) {
	scans, _, err := s.checkin.ScansOf(ctx, p.ID, checkin.MaxHistory)
	if err != nil {
		return Attendance{}, false, err
	}
	lang := languageOf(p, ev)
	a := Attendance{Participant: p, Delegation: delegationName(d, lang), Language: lang,
		Days: enteredDays(scans, ev.Location())}
	return a, len(a.Days) > 0, nil
}

// Certificate draws the certificate of attendance of one participant, in
// their language. Errors: NotFound, Conflict typed "never-entered" for a
// participant no scan let in, Internal.
func (s *Service) Certificate(ctx context.Context, participantID string) ([]byte, error) {
	p, err := s.registration.Store().FindParticipantByID(ctx, participantID, false)
	if err != nil {
		return nil, err
	}
	ev, err := s.event(ctx, p.EventID)
	if err != nil {
		return nil, err
	}
	d, err := s.invitations.Delegation(ctx, p.DelegationID)
	if err != nil {
		return nil, err
	}
	a, ok, err := s.attendance(ctx, p, ev, d)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.Conflictf("this participant's badge never let them in: there is no attendance to certify").
			Typed("never-entered")
	}
	return RenderCertificates(ev, []Attendance{a}, s.Now())
}

// DelegationAttendance returns the certificates of a delegation's members
// who entered, in the delegation's order of members. Errors: NotFound,
// Conflict typed "never-entered" when no member entered, Internal.
func (s *Service) DelegationAttendance(ctx context.Context, delegationID string) (event.Event, []Attendance, error) {
	d, err := s.invitations.Delegation(ctx, delegationID)
	if err != nil {
		return event.Event{}, nil, err
	}
	ev, err := s.event(ctx, d.EventID)
	if err != nil {
		return event.Event{}, nil, err
	}
	parts, _, _, err := s.registration.Store().FindParticipants(ctx, registration.ParticipantFilter{DelegationID: delegationID})
	if err != nil {
		return ev, nil, err
	}
	slices.SortStableFunc(parts, func(a, b registration.Participant) int { return roleRank(a.Role) - roleRank(b.Role) })
	var out []Attendance
	for _, p := range parts {
		a, ok, err := s.attendance(ctx, p, ev, d)
		if err != nil {
			return ev, nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return ev, nil, apperr.Conflictf("no member of this delegation entered: there is no attendance to certify").
			Typed("never-entered")
	}
	return ev, out, nil
}

// DelegationCertificates writes the certificates of a delegation's members
// who entered: one PDF with a page each (format "pdf"), or a ZIP of one
// PDF each (format "zip"). Errors: as DelegationAttendance, Internal.
func (s *Service) DelegationCertificates(ctx context.Context, delegationID, format string, w io.Writer) error {
	ev, all, err := s.DelegationAttendance(ctx, delegationID)
	if err != nil {
		return err
	}
	now := s.Now()
	if format == PDF {
		b, err := RenderCertificates(ev, all, now)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	zw := zip.NewWriter(w)
	for i, a := range all {
		b, err := RenderCertificates(ev, []Attendance{a}, now)
		if err != nil {
			return err
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: certificateFile(i+1, a.Participant), Method: zip.Deflate, Modified: now})
		if err != nil {
			return apperr.Wrap(err, "add to the archive")
		}
		if _, err := f.Write(b); err != nil {
			return apperr.Wrap(err, "write the archive")
		}
	}
	if err := zw.Close(); err != nil {
		return apperr.Wrap(err, "close the archive")
	}
	return nil
}

// certificateFile is a certificate's name in an archive: its number and the
// holder's Latin name in ASCII letters.
func certificateFile(n int, p registration.Participant) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '-':
			return '-'
		}
		return -1
	}, p.GivenNames+" "+p.FamilyName)
	return fmt.Sprintf("certificate-%02d-%s.pdf", n, strings.Trim(name, "-"))
}

// RenderCertificates draws one A4 page per certificate, each in its
// holder's language. Errors: Internal.
func RenderCertificates(ev event.Event, all []Attendance, issued time.Time) ([]byte, error) {
	lang := "en"
	if len(all) > 0 {
		lang = all[0].Language
	}
	s := newSheet(lang, i18n.T(lang, "documents.cert.title"), issued)
	for _, a := range all {
		s.lang, s.rtl = a.Language, a.Language == "ar"
		s.pdf.AddPage()
		s.certificate(ev, a, issued)
	}
	return s.output("certificate")
}

// certificate draws one certificate on the current page.
func (s *sheet) certificate(ev event.Event, a Attendance, issued time.Time) {
	lang := a.Language
	s.pdf.SetDrawColor(60, 80, 120)
	s.pdf.SetLineWidth(0.8)
	s.pdf.Rect(12, 12, pageW-24, pageH-24, "D")
	s.pdf.SetLineWidth(0.3)
	s.pdf.Rect(15, 15, pageW-30, pageH-30, "D")
	centred := func(text string, st typeset.Style) {
		if text == "" {
			return
		}
		st.Align = typeset.AlignCenter
		s.y = typeset.Paragraph(s.pdf, margin+5, s.y, textW-10, text, st)
	}
	p := a.Participant
	s.y = 40
	centred(eventName(ev, lang), typeset.Style{Size: 13})
	s.y += 18
	centred(i18n.T(lang, "documents.cert.title"), typeset.Style{Size: 26, Bold: true})
	s.y += 18
	centred(i18n.T(lang, "documents.cert.certify"), typeset.Style{Size: 12})
	s.y += 6
	centred(strings.Join(strings.Fields(p.Honorific+" "+p.GivenNames+" "+p.FamilyName), " "), typeset.Style{Size: 18, Bold: true})
	if n := strings.TrimSpace(p.NativeName); n != "" && n != strings.Join(strings.Fields(p.GivenNames+" "+p.FamilyName), " ") {
		centred(n, typeset.Style{Size: 16})
	}
	s.y += 4
	centred(p.Function, typeset.Style{Size: 11})
	centred(i18n.T(lang, "documents.cert.of_delegation", a.Delegation), typeset.Style{Size: 11})
	s.y += 8
	centred(i18n.T(lang, "documents.cert.attended"), typeset.Style{Size: 12})
	s.y += 4
	centred(eventName(ev, lang), typeset.Style{Size: 15, Bold: true})
	sep := ", "
	if lang == "ar" {
		sep = "، "
	}
	centred(formatDays(lang, ev.StartsOn, ev.EndsOn)+sep+venueOf(ev, lang), typeset.Style{Size: 11})
	s.y += 8
	days := make([]string, len(a.Days))
	for i, d := range a.Days {
		days[i] = formatDate(lang, d)
	}
	centred(i18n.T(lang, "documents.cert.days", strings.Join(days, sep)), typeset.Style{Size: 11})
	s.y = pageH - 80
	centred(i18n.T(lang, "documents.cert.issued", formatDate(lang, issued.In(ev.Location()))), typeset.Style{Size: 10})
	s.y += 12
	centred(i18n.T(lang, "documents.cert.secretariat"), typeset.Style{Size: 12, Bold: true})
}

// DelegationAttendance is a delegation's members who entered, for the
// console's list of certificates.
type DelegationAttendance struct {
	ID, Name string // Name in the language asked
	Members  []Attendance
}

// EventAttendance returns, for each delegation in protocol order, its
// members whose badges let them in (delegations with none are left out),
// names in lang. It reads each participant's scans. Errors: NotFound
// (event), Internal.
func (s *Service) EventAttendance(ctx context.Context, eventID, lang string) ([]DelegationAttendance, error) {
	ev, err := s.event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	dels, _, err := s.invitations.Delegations(ctx, invitations.DelegationFilter{EventID: eventID})
	if err != nil {
		return nil, err
	}
	parts, _, _, err := s.registration.Store().FindParticipants(ctx, registration.ParticipantFilter{EventID: eventID})
	if err != nil {
		return nil, err
	}
	byDel := map[string][]registration.Participant{}
	for _, p := range parts {
		byDel[p.DelegationID] = append(byDel[p.DelegationID], p)
	}
	slices.SortStableFunc(dels, func(a, b invitations.Delegation) int { return a.ProtocolOrder - b.ProtocolOrder })
	var out []DelegationAttendance
	for _, d := range dels {
		members := byDel[d.ID]
		slices.SortStableFunc(members, func(a, b registration.Participant) int { return roleRank(a.Role) - roleRank(b.Role) })
		da := DelegationAttendance{ID: d.ID, Name: delegationName(d, lang)}
		for _, p := range members {
			a, ok, err := s.attendance(ctx, p, ev, d)
			if err != nil {
				return nil, err
			}
			if ok {
				da.Members = append(da.Members, a)
			}
		}
		if len(da.Members) > 0 {
			out = append(out, da)
		}
	}
	return out, nil
}
