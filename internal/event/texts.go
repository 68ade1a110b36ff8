package event

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// DefaultBadgeLanguages are the languages badges print in unless the event
// chooses others: English and French, as at the United Nations.
var DefaultBadgeLanguages = []string{"en", "fr"}

// MaxBadgeLanguages is how many languages a badge prints in at most.
const MaxBadgeLanguages = 2

// textIn returns t in lang, else in English, else fallback (the text of the
// field kept in one language), else any.
func textIn(t Texts, lang, fallback string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	if fallback != "" {
		return fallback
	}
	return t.In(lang)
}

// NameIn returns the event's name in lang (English, then Name, when missing).
func (e Event) NameIn(lang string) string { return textIn(e.Names, lang, e.Name) }

// VenueIn returns the venue in lang (English, then Venue, when missing).
func (e Event) VenueIn(lang string) string { return textIn(e.VenueNames, lang, e.Venue) }

// CityIn returns the city in lang (English, then City, when missing).
func (e Event) CityIn(lang string) string { return textIn(e.CityNames, lang, e.City) }

// CountryIn returns the host country's name in lang: the event's own text,
// else the common name of its ISO code in lang, else the code.
func (e Event) CountryIn(lang string) string {
	if s := e.CountryNames[lang]; s != "" {
		return s
	}
	if s := CountryName(e.Country, lang); s != "" {
		return s
	}
	return textIn(e.CountryNames, lang, e.Country)
}

// PlaceIn returns the venue and city in lang as a letter names them:
// "Baku Convention Center, Baku" (the city once, when the venue names it).
func (e Event) PlaceIn(lang string) string { return JoinPlace(lang, e.VenueIn(lang), e.CityIn(lang)) }

// JoinPlace joins a venue and a city with the comma of lang, leaving out the
// city when the venue already names it.
func JoinPlace(lang, venue, city string) string {
	switch {
	case city == "" || strings.Contains(venue, city):
		return venue
	case venue == "":
		return city
	case lang == "ar":
		return venue + "، " + city
	}
	return venue + ", " + city
}

// CountryName is the common name of the ISO 3166-1 alpha-2 code in lang
// (from the Unicode CLDR), or "" for a code it does not know.
func CountryName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil || code == "" {
		return ""
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	n := display.Regions(tag)
	if n == nil {
		return ""
	}
	return n.Name(r)
}

// BadgeLangs returns the languages the event's badges print in, first the
// main one: the event's choice, else those of DefaultBadgeLanguages it
// works in, else its first working language.
func (e Event) BadgeLangs() []string {
	if len(e.BadgeLanguages) > 0 {
		return slices.Clone([]string(e.BadgeLanguages))
	}
	var out []string
	for _, l := range DefaultBadgeLanguages {
		if slices.Contains(e.Languages, l) {
			out = append(out, l)
		}
	}
	if len(out) == 0 && len(e.Languages) > 0 {
		out = []string{e.Languages[0]}
	}
	if len(out) == 0 {
		out = slices.Clone(DefaultBadgeLanguages)
	}
	return out
}

// UsesLanguage reports whether lang is one of the event's working languages.
func (e Event) UsesLanguage(lang string) bool { return slices.Contains(e.Languages, lang) }

// NameIn returns the signatory's name as a text in lang prints it
// (English, then Name).
func (s Signatory) NameIn(lang string) string { return textIn(s.Names, lang, s.Name) }

// TitleIn returns the signatory's title in lang (English, then Title).
func (s Signatory) TitleIn(lang string) string { return textIn(s.Titles, lang, s.Title) }

// OrganisationIn returns the organisation's name in lang (English, then
// Organisation).
func (s Signatory) OrganisationIn(lang string) string {
	return textIn(s.Organisations, lang, s.Organisation)
}

// OrganisationShortIn returns the organisation's short name in lang
// (English, then OrganisationShort; "" when it has none).
func (s Signatory) OrganisationShortIn(lang string) string {
	return textIn(s.OrganisationShorts, lang, s.OrganisationShort)
}

// SignLineIn returns the line printed above the signature in lang: the
// signatory's own, in lang only (a line in another language would break
// the letter's language), else "" for the letter's generic wording.
func (s Signatory) SignLineIn(lang string) string { return s.SignLines[lang] }
