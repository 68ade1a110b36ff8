package registration

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"accreditation/internal/event"
	"accreditation/internal/invitations"
)

type pageLangLink struct {
	Code, Name string
	Current    bool
}

type pageOption struct {
	Value, Label string
	Selected     bool
}

type pageField struct {
	Name, Label, Type, Value, Error, Auto, Dir string
	Required                                   bool
	Options                                    []pageOption
}

type pageMember struct {
	ID, Name, Native, Role, Status, PhotoError string
	HasPhoto, Active                           bool
	Edit                                       *memberForm
	Travel                                     *TravelForm
	Sections                                   []template.HTML // page_section.go
}

type pageData struct {
	Lang, Dir, EventName, Base          string
	T                                   map[string]string
	Langs                               []pageLangLink
	Done, Problem                       string
	Delegation, Invitee, Status, Answer string
	Deadline, DeadlineISO, QuotaLeft    string
	Note                                string
	Open, CanNominate                   bool
	CannotNominate                      string
	Members                             []pageMember
	Fields                              []pageField
	Letter                              *pageLetter
	LetterError                         string
	Facts                               pageFacts
	Protocol                            []pageSession   // page_protocol.go
	Sections                            []template.HTML // page_sections.go
	List                                *pageList       // page_lop.go
}

// pageFacts are the event's and the letter's facts at the top of the page,
// and whom to write to.
type pageFacts struct {
	Dates, Venue, City, Reference string
	LetterURL, LetterDownload     string
	Secretariat                   string
}

// pageLetter is the credentials letter as the page shows it.
type pageLetter struct {
	Name, Sent, SentISO, Status, Code string
}

func buildPage(o Overview, ev event.Event, l Link, st pageState) pageData {
	lang := st.lang
	t := pageTexts(lang)
	d := pageData{Lang: lang, Dir: "ltr", T: t, EventName: ev.Names.In(lang), Base: st.base,
		Done: st.done, Problem: st.problem, Delegation: l.Delegation.Names.In(lang),
		Status: t["status_"+o.Invitation.Status], Answer: o.Invitation.Status, Note: o.Invitation.ResponseNote,
		Open: o.Invitation.Open, DeadlineISO: o.Invitation.RSVPDeadline.Format(time.RFC3339)}
	if d.EventName == "" {
		d.EventName = ev.Name
	}
	if d.Delegation == "" {
		d.Delegation = l.Delegation.NameEN
	}
	if lang == "ar" {
		d.Dir = "rtl"
	}
	deadline := o.Invitation.RSVPDeadline
	if r := o.Invitation.ReopenedUntil; r != nil && r.After(deadline) {
		deadline = *r
	}
	d.Deadline = invitations.FormatDeadline(lang, deadline, ev.Location())
	d.Facts = pageFacts{Dates: invitations.FormatDates(lang, ev.StartsOn, ev.EndsOn), Venue: ev.VenueIn(lang), City: ev.CityIn(lang),
		Secretariat: st.secretariat}
	if r := l.Invitation.ReferenceNumber; r != nil {
		d.Facts.Reference = *r
	}
	if l.Invitation.LetterVersion > 0 {
		d.Facts.LetterURL = st.base + "/letter.pdf"
		d.Facts.LetterDownload = st.base + "/letter.pdf?download=1"
	}
	d.QuotaLeft = fmt.Sprintf(t["quota_left"], o.Invitation.QuotaLeft, o.Invitation.Quota)
	inv := o.Invitation.Invitee
	d.Invitee = strings.Join(strings.Fields(strings.Join([]string{inv.Honorific, inv.GivenNames, inv.FamilyName}, " ")), " ")
	if inv.Office != "" {
		d.Invitee = strings.TrimPrefix(d.Invitee+", "+inv.Office, ", ")
	}
	for _, code := range event.Languages {
		d.Langs = append(d.Langs, pageLangLink{Code: code, Name: languageName(code), Current: code == lang})
	}
	for _, p := range o.Participants {
		m := pageMember{ID: p.ID, Name: displayName(p.Participant), Native: p.NativeName, Role: t["role_"+p.Role],
			Status: t["p_"+p.Status], HasPhoto: p.HasPhoto, Active: p.Active()}
		if st.photoOf == p.ID {
			m.PhotoError = st.fields["photo"]
		}
		m.Edit = memberFormFor(t, p.Participant, o.Invitation.Open, st)
		d.Members = append(d.Members, m)
	}
	switch {
	case o.Invitation.Status != invitations.Accepted:
		d.CannotNominate = t["accept_first"]
	case o.Invitation.QuotaLeft <= 0:
		d.CannotNominate = t["full"]
	default:
		d.CanNominate = true
	}
	d.Fields = formFieldsFor(t, l.Invitation.Language, st)
	d.LetterError = st.fields["credentials"]
	if c := o.Credentials; c != nil {
		d.Letter = &pageLetter{Name: c.FileName, Sent: formatDeadline(c.CreatedAt, ev.Location()),
			SentISO: c.CreatedAt.UTC().Format(time.RFC3339), Status: t["credentials_"+c.Status], Code: c.Status}
		if d.Letter.Name == "" {
			d.Letter.Name = t["credentials_unnamed"]
		}
	}
	return d
}

func formFieldsFor(t map[string]string, invLang string, st pageState) []pageField {
	val := func(k, def string) string {
		if v, ok := st.values[k]; ok {
			return v
		}
		return def
	}
	opts := func(k, def string, values []string, label func(string) string) []pageOption {
		cur := val(k, def)
		out := make([]pageOption, len(values))
		for i, v := range values {
			out[i] = pageOption{Value: v, Label: label(v), Selected: v == cur}
		}
		return out
	}
	text := func(name, typ, auto string) pageField {
		return pageField{Name: name, Label: t[name], Type: typ, Value: val(name, ""), Error: st.fields[name], Auto: auto}
	}
	gender := func(v string) string {
		if v == "" {
			return t["gender_none"]
		}
		return t["gender_"+v]
	}
	roleDefault := Delegate
	fields := []pageField{
		text("honorific", "text", "honorific-prefix"), text("given_names", "text", "given-name"),
		text("family_name", "text", "family-name"), text("native_name", "text", "off"),
		{Name: "gender", Label: t["gender"], Error: st.fields["gender"], Options: opts("gender", "", Genders, gender)},
		text("function", "text", "organization-title"),
		{Name: "role", Label: t["role"], Error: st.fields["role"], Required: true,
			Options: opts("role", roleDefault, Roles, func(v string) string { return t["role_"+v] })},
		text("email", "email", "email"), text("phone", "tel", "tel"), text("nationality", "text", "country-name"),
		{Name: "interpretation_language", Label: t["interpretation_language"], Error: st.fields["interpretation_language"],
			Options: opts("interpretation_language", invLang, event.Languages, func(v string) string { return languageName(v) })},
		text("dietary", "text", "off"), text("accessibility", "text", "off"),
	}
	fields[1].Required = true
	fields[3].Dir = "auto"
	return fields
}
