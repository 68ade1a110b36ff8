package documents

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"accreditation/internal/event"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// Sections of the List of Participants, in protocol order: member states,
// observer states, the United Nations and its bodies, other
// intergovernmental organisations, parliaments, non-governmental
// organisations, experts, then the media.
var Sections = []string{"member_state", "observer_state", "united_nations", "international_organization",
	"parliament", "ngo", "expert", "media"}

// List is a List of Participants as it prints.
type List struct {
	Event    event.Event
	Language string
	Edition  string
	// AsOf is when the list stands: the final edition's issue, or now for a
	// provisional one.
	AsOf     time.Time
	Sections []Section
}

// Section is one group of delegations of a kind.
type Section struct {
	Key         string // one of Sections
	Title       string
	Delegations []Delegation
}

// Delegation is one delegation's entries.
type Delegation struct {
	ID, Name string
	Entries  []Entry
}

// Entry is one approved participant as the list shows them.
type Entry struct {
	ParticipantID        string
	Honorific, Name      string // Name: given and family names in Latin script
	NativeName, Function string // NativeName is "" when it is the Latin name
	Role, RoleLabel      string
}

// sectionOf is the section a delegation is listed in.
func sectionOf(d invitations.Delegation) string {
	switch d.Kind {
	case invitations.InternationalOrganization:
		if isUnitedNations(d.NameEN) {
			return "united_nations"
		}
		return "international_organization"
	case invitations.MemberState, invitations.ObserverState, invitations.Parliament, invitations.NGO,
		invitations.Expert, invitations.Media:
		return d.Kind
	}
	return "international_organization"
}

// isUnitedNations reports whether an organisation's English name is one of
// the United Nations (its Secretariat, or a body named UN…: UNODC, UNESCO).
func isUnitedNations(name string) bool {
	if strings.Contains(strings.ToLower(name), "united nations") {
		return true
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if strings.HasPrefix(w, "UN") && w == strings.ToUpper(w) {
			return true
		}
	}
	return false
}

// delegationName is a delegation's name in the document's language; every
// document reads it here.
func delegationName(d invitations.Delegation, lang string) string {
	if n := d.Names.In(lang); n != "" {
		return n
	}
	return d.NameEN
}

// roleRank orders a delegation's members: the head first, then by role.
func roleRank(role string) int {
	if i := slices.Index(registration.Roles, role); i >= 0 {
		return i
	}
	return len(registration.Roles)
}

// entryOf is p as the list prints them in lang.
func entryOf(p registration.Participant, lang string) Entry {
	latin := strings.Join(strings.Fields(p.GivenNames+" "+p.FamilyName), " ")
	native := strings.TrimSpace(p.NativeName)
	if native == latin {
		native = ""
	}
	return Entry{ParticipantID: p.ID, Honorific: p.Honorific, Name: latin, NativeName: native,
		Function: p.Function, Role: p.Role, RoleLabel: i18n.T(lang, "console.participants.role."+p.Role)}
}

// Arrange groups approved participants by delegation into the list's
// sections: sections in protocol order, delegations in their protocol
// order inside a section, members head first then by role, each role in the
// order given (nomination). Delegations without an approved member and
// participants not approved are left out.
func Arrange(dels []invitations.Delegation, parts []registration.Participant, lang string) []Section {
	byDel := map[string][]registration.Participant{}
	for _, p := range parts {
		if p.Status == registration.Approved {
			byDel[p.DelegationID] = append(byDel[p.DelegationID], p)
		}
	}
	dels = slices.Clone(dels)
	slices.SortStableFunc(dels, func(a, b invitations.Delegation) int { return a.ProtocolOrder - b.ProtocolOrder })
	var out []Section
	for _, key := range Sections {
		sec := Section{Key: key, Title: i18n.T(lang, "documents.lop.section."+key)}
		for _, d := range dels {
			members := byDel[d.ID]
			if sectionOf(d) != key || len(members) == 0 {
				continue
			}
			slices.SortStableFunc(members, func(a, b registration.Participant) int { return roleRank(a.Role) - roleRank(b.Role) })
			dd := Delegation{ID: d.ID, Name: delegationName(d, lang)}
			for _, p := range members {
				dd.Entries = append(dd.Entries, entryOf(p, lang))
			}
			sec.Delegations = append(sec.Delegations, dd)
		}
		if len(sec.Delegations) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// ParticipantList builds an event's List of Participants in r's language
// and edition. Errors: NotFound (event), Invalid (r), Conflict typed
// "final-not-issued" for the final edition before it is issued, Internal.
func (s *Service) ParticipantList(ctx context.Context, eventID string, r ListRequest) (List, error) {
	ev, err := s.event(ctx, eventID)
	if err != nil {
		return List{}, err
	}
	if err := r.check(ev); err != nil {
		return List{}, err
	}
	l := List{Event: ev, Language: r.Language, Edition: r.Edition, AsOf: s.Now()}
	issued, err := s.registration.FinalListIssued(ctx, eventID)
	if err != nil {
		return List{}, err
	}
	if r.Edition == Final {
		if issued == nil {
			return List{}, errFinalNotIssued()
		}
		l.AsOf = *issued
	}
	dels, _, err := s.invitations.Delegations(ctx, invitations.DelegationFilter{EventID: eventID})
	if err != nil {
		return List{}, err
	}
	parts, _, _, err := s.registration.Store().FindParticipants(ctx,
		registration.ParticipantFilter{EventID: eventID, Status: registration.Approved})
	if err != nil {
		return List{}, err
	}
	l.Sections = Arrange(dels, parts, r.Language)
	return l, nil
}
