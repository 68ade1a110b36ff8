package registration

import "accreditation/internal/i18n"

// pageTexts returns the RSVP page's labels and messages in lang, from the
// service's message catalogue (namespace "rsvp").
func pageTexts(lang string) map[string]string { return i18n.Table(lang, "rsvp") }

// languageName is a working language named in itself.
func languageName(lang string) string { return i18n.Name(lang) }
