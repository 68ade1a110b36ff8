package demo

import (
	"context"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// member is a person a delegation nominates, with what the demo does to
// them.
type member struct {
	person
	index                    int // 0 is the head
	email, nationality, lang string
	dietary, accessibility   string
	photo, pending           bool
	twist                    *twist
	replaces                 *member // set on a replacement, nominated once that member is withdrawn
	id, status               string
}

// planMembers lays out, for every party that nominates members, who they
// are: the head (the invitee), the named members, then people made from the
// party's cultures, and the replacements of members withdrawn; the same
// people on every run.
func planMembers(all []party) map[string][]*member {
	used := map[string]bool{}
	for _, p := range all {
		used[p.head.given+" "+p.head.family] = true
		for _, m := range p.members {
			used[m.given+" "+m.family] = true
		}
	}
	plan := map[string][]*member{}
	for _, p := range all {
		if p.outcome != accepted && !(p.outcome == declined && p.more > 0) {
			continue
		}
		g := newGenerator(p.code, used)
		people := append([]person{p.head}, p.members...)
		for i := 0; i < p.more; i++ {
			people = append(people, g.person(p.cultures[i%len(p.cultures)], g.r.Float64() < 0.4))
		}
		var ms []*member
		for i, pr := range people {
			ms = append(ms, newMember(p, i, pr))
		}
		plan[p.code] = replaceAndReview(p, g, ms)
	}
	return plan
}

// replaceAndReview adds the replacements of the members withdrawn and
// marks the last members, twists and replacements aside, as left for
// review, the last of them without a photo when the party says so.
func replaceAndReview(p party, g *generator, ms []*member) []*member {
	for _, m := range ms {
		for i := range twists {
			if twists[i].party == p.code && twists[i].member == m.index {
				m.twist = &twists[i]
			}
		}
		if m.twist != nil && m.twist.replace {
			r := newMember(p, len(ms), g.person(m.culture, m.female))
			r.role, r.function, r.replaces, r.pending = m.role, m.function, m, true
			ms = append(ms, r)
		}
	}
	pending, noPhoto := p.pending, p.noPhoto
	for i := len(ms) - 1; i >= 0 && pending > 0; i-- {
		if ms[i].twist == nil && ms[i].replaces == nil {
			ms[i].pending, pending = true, pending-1
			if noPhoto > 0 {
				ms[i].photo, noPhoto = false, noPhoto-1
			}
		}
	}
	return ms
}

func newMember(p party, i int, pr person) *member {
	m := &member{person: pr, index: i, photo: true}
	generated := m.key == "" && i > 0
	if m.key == "" {
		m.key = p.code + "-" + strconv.Itoa(i)
	}
	c := cultures[m.culture]
	m.nationality = p.country
	if m.nationality == "" {
		m.nationality = c.country
	}
	m.lang = p.lang
	if strings.Contains(" ar fr en ru az ", " "+c.lang+" ") {
		m.lang = c.lang
	}
	if i == 0 {
		m.role = registration.Head
	} else if m.role == "" {
		roles := roleCycle(p)
		m.role = roles[(i-1)%len(roles)]
	}
	if m.function == "" {
		fs := functions(p, m.role)
		m.function = fs[i%len(fs)]
	}
	if generated && m.role == registration.Adviser && i%3 == 0 {
		m.honorific = "Dr"
	}
	m.category = categoryOf(p, m)
	m.email = emailOf(m.person, p)
	m.dietary = []string{"", "", "", "Halal", "", "Vegetarian", "", "", "Halal", "", "", "No nuts (allergy)"}[(i+len(p.code))%12]
	if (i == 3 && p.code == "GB") || (i == 5 && p.code == "AZ") {
		m.accessibility = "Wheelchair user: step-free access to the plenary hall"
	}
	return m
}

// input is the nomination the focal point types for m.
func (m *member) input() registration.ParticipantInput {
	gender := "male"
	if m.female {
		gender = "female"
	}
	return registration.ParticipantInput{Honorific: &m.honorific, GivenNames: &m.given, FamilyName: &m.family,
		NativeName: &m.native, Gender: &gender, Function: &m.function, Role: &m.role, Email: &m.email,
		Nationality: &m.nationality, InterpretationLanguage: &m.lang, Dietary: &m.dietary, Accessibility: &m.accessibility}
}

// nominate nominates m through the focal point's link, and uploads m's
// portrait, in the background unless photoNow.
func (l *loader) nominate(ctx context.Context, link registration.Link, m *member, photoNow bool) error {
	p, err := l.s.Registration.Nominate(ctx, link, m.input())
	if err != nil {
		return err
	}
	m.id, m.status = p.ID, registration.Nominated
	if !m.photo {
		return nil
	}
	return l.photos.upload(ctx, link, m, photoNow)
}

// roleCycle is the roles of a party's members after the head, in turn.
func roleCycle(p party) []string {
	const (
		delegate, alternate, adviser = registration.Delegate, registration.Alternate, registration.Adviser
		security, support            = registration.Security, registration.Support
	)
	switch {
	case p.code == "SEC":
		return []string{support}
	case p.kind == invitations.MemberState || p.kind == invitations.ObserverState:
		return []string{alternate, delegate, adviser, delegate, security, adviser, support, delegate, support,
			adviser, delegate, support, delegate}
	case p.kind == invitations.InternationalOrganization:
		return []string{delegate, adviser, support, delegate}
	}
	return []string{delegate, support}
}

// functions are what members of p in role do, picked by position.
func functions(p party, role string) []string {
	switch {
	case p.code == "SEC":
		return []string{"Conference Officer", "Interpreter (Arabic booth)", "Documents Officer", "Interpreter (French booth)",
			"Interpreter (Russian booth)", "Protocol Officer", "Interpreter (Azerbaijani booth)", "Interpreter (English booth)",
			"Registration and Badges Officer", "Meetings Services Assistant"}
	case p.kind == invitations.Parliament:
		return []string{"Member of Parliament", "Adviser to the Committee on Security and Defence"}
	case p.kind == invitations.Media:
		return []string{"Correspondent", "Photographer", "Camera Operator"}
	case p.kind == invitations.NGO:
		return []string{"Programme Director", "Member of the Council"}
	case p.kind == invitations.InternationalOrganization:
		return map[string][]string{registration.Delegate: {"Senior Counter-Terrorism Officer", "Political Affairs Officer"},
			registration.Adviser: {"Senior Legal Adviser"}, registration.Support: {"Special Assistant"}}[role]
	}
	return map[string][]string{
		registration.Alternate: {"Deputy Minister", "Ambassador to the Republic of Azerbaijan"},
		registration.Delegate: {"Director, Counter-Terrorism Department", "Senior Prosecutor", "Head of International Cooperation",
			"Counsellor, Embassy in Baku", "Deputy Director, National Security Service", "Judge of the Supreme Court"},
		registration.Adviser:  {"Legal Adviser", "Senior Adviser to the Minister", "Adviser on Human Rights"},
		registration.Security: {"Security Officer"},
		registration.Support:  {"Protocol Officer", "Press Officer", "Personal Assistant to the Minister"},
	}[role]
}

// categoryOf is the badge category the Secretariat gives m.
func categoryOf(p party, m *member) string {
	switch {
	case m.category != "":
		return m.category
	case p.code == "SEC" && strings.HasPrefix(m.function, "Interpreter"):
		return "interpreter"
	case p.code == "SEC":
		return "secretariat"
	case p.kind == invitations.Parliament:
		return "parliamentarian"
	case p.kind == invitations.NGO:
		return "ngo"
	case p.kind == invitations.Expert:
		return "expert"
	case p.kind == invitations.Media:
		return "media"
	case m.role == registration.Security:
		return "security"
	case m.role == registration.Head && p.kind == invitations.InternationalOrganization:
		return "head_io"
	case m.role == registration.Head:
		return "minister"
	}
	return "delegate"
}

// emailOf is a made-up address of pr at party p, under the reserved
// domain .example.
func emailOf(pr person, p party) string {
	given, _, _ := strings.Cut(pr.given, " ")
	local := slug(given)
	if f := slug(pr.family); f != "" {
		local += "." + f
	}
	return local + "@" + strings.ToLower(p.code) + ".example"
}

// slug spells s in lower-case ASCII letters, digits and hyphens.
func slug(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-':
			b.WriteRune(r)
		default:
			b.WriteString(map[rune]string{'ə': "e", 'ı': "i", 'œ': "oe", 'ɓ': "b", 'ƙ': "k", 'ɗ': "d", 'đ': "d"}[r])
		}
	}
	return strings.Trim(b.String(), "-")
}
