package event

import (
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/names"
)

// SessionInput creates or changes a programme session; absent fields are left
// as they are.
type SessionInput struct {
	Position  *int                `json:"position"`
	Kind      *string             `json:"kind"`
	Titles    *Texts              `json:"titles"`
	Subtopics *[]string           `json:"subtopics"`
	Moderator *string             `json:"moderator"`
	ZoneID    Nullable[string]    `json:"zone_id"`
	StartsAt  Nullable[time.Time] `json:"starts_at"`
	EndsAt    Nullable[time.Time] `json:"ends_at"`
	// Capacity, InviteRoles and InviteCategoryIDs apply to protocol events
	// and cultural programmes only.
	Capacity          Nullable[int] `json:"capacity"`
	InviteRoles       *[]string     `json:"invite_roles"`
	InviteCategoryIDs *[]string     `json:"invite_category_ids"`
}

func (in SessionInput) apply(s *Session) {
	set(&s.Position, in.Position)
	set(&s.Kind, in.Kind)
	set(&s.Titles, in.Titles)
	if in.Subtopics != nil {
		s.Subtopics = Strings(*in.Subtopics)
	}
	set(&s.Moderator, in.Moderator)
	if in.ZoneID.Set {
		s.ZoneID = in.ZoneID.Value
	}
	if in.Capacity.Set {
		s.Capacity = in.Capacity.Value
	}
	if in.InviteRoles != nil {
		s.InviteRoles = Strings(dedupe(*in.InviteRoles))
	}
	if in.InviteCategoryIDs != nil {
		s.InviteCategoryIDs = Strings(dedupe(*in.InviteCategoryIDs))
	}
	for _, f := range []struct {
		in  Nullable[time.Time]
		dst **time.Time
	}{{in.StartsAt, &s.StartsAt}, {in.EndsAt, &s.EndsAt}} {
		if f.in.Set {
			*f.dst = nil
			if f.in.Value != nil {
				t := f.in.Value.UTC()
				*f.dst = &t
			}
		}
	}
}

// validate checks s against its event's days; zone ownership is checked by
// the service.
func (s *Session) validate(ev Event) error {
	var v apperr.Validator
	v.Check(contains(SessionKinds, s.Kind), "kind", "must be one of %s", strings.Join(SessionKinds, ", "))
	checkTexts(&v, "titles", s.Titles, true)
	for _, t := range s.Subtopics {
		v.Check(strings.TrimSpace(t) != "" && len(t) <= 1000, "subtopics", "must be non-empty texts of at most 1000 bytes")
	}
	if names.Field(&v, "moderator", &s.Moderator, 0) {
		v.Check(len(s.Moderator) <= 300, "moderator", "must be at most 300 bytes")
	}
	v.Check(s.Position >= 0, "position", "must not be negative")
	s.validatePlaces(&v)
	first, last := ev.Days()
	if s.StartsAt != nil {
		v.Check(!s.StartsAt.Before(first) && s.StartsAt.Before(last), "starts_at",
			"must fall within the event's days (%s to %s, %s)", ev.StartsOn, ev.EndsOn, ev.Timezone)
	}
	if s.EndsAt != nil {
		v.Check(s.StartsAt != nil, "ends_at", "needs starts_at")
		v.Check(s.StartsAt == nil || s.EndsAt.After(*s.StartsAt), "ends_at", "must be after starts_at")
		v.Check(!s.EndsAt.After(last), "ends_at", "must fall within the event's days")
	}
	return v.Err()
}

// validatePlaces checks the capacity and the invitation list: only a
// protocol event or cultural programme has them.
func (s *Session) validatePlaces(v *apperr.Validator) {
	kinds := strings.Join(RegistrableKinds, ", ")
	if s.Capacity != nil {
		v.Check(s.Registrable(), "capacity", "only sessions of kind %s have a capacity", kinds)
		v.Check(*s.Capacity >= 1 && *s.Capacity <= 100000, "capacity", "must be from 1 to 100000 places, or null for no limit")
	}
	v.Check(s.Registrable() || len(s.InviteRoles)+len(s.InviteCategoryIDs) == 0, "invite_roles",
		"only sessions of kind %s have an invitation list", kinds)
	for _, r := range s.InviteRoles {
		v.Check(contains(DelegationRoles, r), "invite_roles", "must be roles among %s", strings.Join(DelegationRoles, ", "))
	}
}

// ZoneInput creates or changes a zone.
type ZoneInput struct {
	Code  *string `json:"code"`
	Names *Texts  `json:"names"`
}

func (in ZoneInput) apply(z *Zone) {
	set(&z.Code, in.Code)
	set(&z.Names, in.Names)
}

func (z *Zone) validate() error {
	var v apperr.Validator
	v.Check(codePattern.MatchString(z.Code), "code", "must be 1-32 lowercase letters, digits, - or _, starting with a letter")
	checkTexts(&v, "names", z.Names, true)
	return v.Err()
}

// CategoryInput creates or changes a badge category. ZoneIDs, when given,
// replaces the zones the category opens.
type CategoryInput struct {
	Code     *string   `json:"code"`
	Names    *Texts    `json:"names"`
	Colour   *string   `json:"colour"`
	Position *int      `json:"position"`
	ZoneIDs  *[]string `json:"zone_ids"`
	// PhotoRequired is true unless given when a category is created.
	PhotoRequired *bool `json:"photo_required"`
}

func (in CategoryInput) apply(c *Category) {
	set(&c.Code, in.Code)
	set(&c.Names, in.Names)
	set(&c.Colour, in.Colour)
	c.Colour = strings.ToUpper(c.Colour)
	set(&c.Position, in.Position)
	set(&c.PhotoRequired, in.PhotoRequired)
	if in.ZoneIDs != nil {
		c.ZoneIDs = dedupe(*in.ZoneIDs)
	}
}

func (c *Category) validate() error {
	var v apperr.Validator
	v.Check(codePattern.MatchString(c.Code), "code", "must be 1-32 lowercase letters, digits, - or _, starting with a letter")
	checkTexts(&v, "names", c.Names, true)
	v.Check(colourPattern.MatchString(c.Colour), "colour", "must be a colour #RRGGBB")
	v.Check(c.Position >= 0, "position", "must not be negative")
	return v.Err()
}

func dedupe(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// CheckpointInput creates or changes a checkpoint.
type CheckpointInput struct {
	Name   *string `json:"name"`
	ZoneID *string `json:"zone_id"`
	// SessionID makes the checkpoint guard a protocol event or cultural
	// programme (null: none).
	SessionID Nullable[string] `json:"session_id"`
}

func (in CheckpointInput) apply(c *Checkpoint) {
	set(&c.Name, in.Name)
	set(&c.ZoneID, in.ZoneID)
	if in.SessionID.Set {
		c.SessionID = in.SessionID.Value
	}
}

func (c *Checkpoint) validate() error {
	var v apperr.Validator
	required(&v, "name", &c.Name, 200)
	v.Check(c.ZoneID != "", "zone_id", "is required")
	return v.Err()
}

// SignatoryInput creates or changes a signatory.
type SignatoryInput struct {
	Position           *int    `json:"position"`
	Name               *string `json:"name"`
	Names              *Texts  `json:"names"`
	Title              *string `json:"title"`
	Organisation       *string `json:"organisation"`
	OrganisationShort  *string `json:"organisation_short"`
	Titles             *Texts  `json:"titles"`
	Organisations      *Texts  `json:"organisation_names"`
	OrganisationShorts *Texts  `json:"organisation_short_names"`
	SignLines          *Texts  `json:"sign_lines"`
}

func (in SignatoryInput) apply(s *Signatory) {
	set(&s.Position, in.Position)
	set(&s.Name, in.Name)
	set(&s.Names, in.Names)
	set(&s.Title, in.Title)
	set(&s.Organisation, in.Organisation)
	set(&s.OrganisationShort, in.OrganisationShort)
	set(&s.Titles, in.Titles)
	set(&s.Organisations, in.Organisations)
	set(&s.OrganisationShorts, in.OrganisationShorts)
	set(&s.SignLines, in.SignLines)
}

// validate checks s; its texts must be in the event's languages working.
func (s *Signatory) validate(working []string) error {
	var v apperr.Validator
	required(&v, "name", &s.Name, 300)
	required(&v, "title", &s.Title, 300)
	required(&v, "organisation", &s.Organisation, 300)
	if names.Field(&v, "organisation_short", &s.OrganisationShort, 0) {
		v.Check(len(s.OrganisationShort) <= 50, "organisation_short", "must be at most 50 bytes")
	}
	checkTextsOf(&v, "names", s.Names, working)
	for lang, name := range s.Names {
		v.Check(len(name) <= 300, "names", "the %s text must be at most 300 bytes", lang)
	}
	checkTextsOf(&v, "titles", s.Titles, working)
	checkTextsOf(&v, "organisation_names", s.Organisations, working)
	checkTextsOf(&v, "organisation_short_names", s.OrganisationShorts, working)
	for lang, short := range s.OrganisationShorts {
		v.Check(len(short) <= 50, "organisation_short_names", "the %s text must be at most 50 bytes", lang)
	}
	checkTextsOf(&v, "sign_lines", s.SignLines, working)
	v.Check(s.Position >= 0, "position", "must not be negative")
	return v.Err()
}
