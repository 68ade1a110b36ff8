package invitations

import (
	"context"

	"gorm.io/gorm"

	"accreditation/internal/event"
)

// letters2013Event lists an event set up before the built-in letters became
// neutral, which keeps the 2013 wording as its built-in text (migration 0066).
type letters2013Event struct {
	EventID string `gorm:"primaryKey"`
}

// TableName is the table of such events.
func (letters2013Event) TableName() string { return "letters_2013_events" }

// builtinWording is the built-in wording of an event: the 2013 one for an
// event set up before neutral letters, the neutral one otherwise.
func (s *Store) builtinWording(ctx context.Context, eventID string) (map[string]TemplateInput, error) {
	old, err := s.has2013Wording(ctx, eventID)
	if old {
		return wording2013, err
	}
	return defaultTemplates, err
}

// builtinTemplate is an event's built-in template for lang.
func (s *Store) builtinTemplate(ctx context.Context, eventID, lang string) (Template, error) {
	wording, err := s.builtinWording(ctx, eventID)
	if err != nil {
		return Template{}, err
	}
	return builtinIn(wording, eventID, lang), nil
}

// CopyTemplates is an event.CopyHook that copies into the event to the
// letter templates of the event from: each template the source saved and,
// for a source whose built-in text is the 2013 wording, that wording saved
// as the copy's own (the copy is a new event, whose built-in letters are neutral).
// Errors: Internal.
func CopyTemplates(ctx context.Context, tx *gorm.DB, from, to event.Event) error {
	return NewStore(tx).copyTemplates(ctx, from, to)
}
