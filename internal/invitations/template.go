package invitations

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/names"
)

// Template is an event's letter text in one language: the e-mail subject and
// the body of the letter, with placeholders such as {{event_name}}.
type Template struct {
	ID        string    `json:"-" gorm:"primaryKey"`
	EventID   string    `json:"event_id"`
	Language  string    `json:"language"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	IsDefault bool      `json:"is_default" gorm:"-"` // no row: the built-in text
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TableName is the table of letter templates.
func (Template) TableName() string { return "letter_templates" }

// Placeholders are the names a template may use, each written {{name}}.
var Placeholders = []string{"invitee_name", "office", "delegation", "event_name", "dates", "venue",
	"country", "rsvp_deadline", "quota", "reference_number"}

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// TemplateInput is a request to set a template.
type TemplateInput struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Validate checks a template: a subject of one line, a body, and only known
// placeholders. Errors: Invalid, naming the unknown placeholders.
func (in TemplateInput) Validate() error {
	var v apperr.Validator
	// The subject is text on one line, the body text of several (names'
	// rule); checked on copies, since the template is stored as sent.
	subject, body := in.Subject, in.Body
	if names.Field(&v, "subject", &subject, 300) {
		v.Check(subject != "", "subject", "is required")
	}
	if names.LinesField(&v, "body", &body, 0) {
		v.Check(body != "", "body", "is required")
	}
	v.Check(len(in.Body) <= 20000, "body", "must be at most 20000 bytes")
	for field, s := range map[string]string{"subject": in.Subject, "body": in.Body} {
		if bad := unknownPlaceholders(s); len(bad) > 0 {
			v.Add(field, "has unknown placeholders %s; known: {{%s}}", strings.Join(bad, ", "), strings.Join(Placeholders, "}}, {{"))
		}
		if stray := placeholderRE.ReplaceAllString(s, ""); strings.Contains(stray, "{{") || strings.Contains(stray, "}}") {
			v.Add(field, "has an unclosed {{ or a stray }}")
		}
	}
	return v.Err()
}

func unknownPlaceholders(s string) []string {
	var bad []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(Placeholders, m[1]) && !slices.Contains(bad, m[0]) {
			bad = append(bad, m[0])
		}
	}
	return bad
}

// Fill replaces each {{name}} in s by values[name]. Values are inserted as
// text, never interpreted, so a name containing braces stays as it is. One
// rule of punctuation holds in every language: a value that ends in a full
// stop ("18 марта 2013 г.") before the full stop of its sentence prints one
// stop, never two.
func Fill(s string, values map[string]string) string {
	var b strings.Builder
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		last = m[1]
		v, ok := values[s[m[2]:m[3]]]
		if !ok {
			b.WriteString(s[m[0]:m[1]])
			continue
		}
		if strings.HasSuffix(v, ".") && strings.HasPrefix(s[m[1]:], ".") {
			v = strings.TrimSuffix(v, ".")
		}
		b.WriteString(v)
	}
	b.WriteString(s[last:])
	return b.String()
}

// DefaultTemplate returns the built-in text of a new event for lang (English
// for a language without one).
func DefaultTemplate(eventID, lang string) Template {
	return builtinIn(defaultTemplates, eventID, lang)
}

// Wording2013 is the Baku 2013 conference's letter in lang (English for a
// language without one), for the demo conference to save as its own.
func Wording2013(lang string) TemplateInput {
	t := builtinIn(wording2013, "", lang)
	return TemplateInput{Subject: t.Subject, Body: t.Body}
}

// builtinIn is the text of wording for lang (English for a language without
// one), marked as built in.
func builtinIn(wording map[string]TemplateInput, eventID, lang string) Template {
	d, ok := wording[lang]
	if !ok {
		d, lang = wording["en"], "en"
	}
	return Template{EventID: eventID, Language: lang, Subject: d.Subject, Body: d.Body, IsDefault: true}
}

func checkLanguage(lang string) error {
	if !event.IsLanguage(lang) {
		return apperr.Fields(apperr.Field("language", "must be one of %s", strings.Join(event.Languages, ", ")))
	}
	return nil
}
