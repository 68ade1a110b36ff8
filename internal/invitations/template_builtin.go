package invitations

import (
	"context"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// letters2013Event lists an event set up before the built-in letters became
// neutral, which keeps the 2013 wording as its built-in text (migration 0066).
type letters2013Event struct {
	EventID string `gorm:"primaryKey"`
}

// TableName is the table of such events.
func (letters2013Event) TableName() string { return "letters_2013_events" }

// has2013Wording reports whether an event was set up before neutral
// letters, and so keeps the 2013 wording as its built-in text.
func has2013Wording(ctx context.Context, db *gorm.DB, eventID string) (bool, error) {
	var n int64
	if err := db.WithContext(ctx).Model(&letters2013Event{}).Where("event_id = ?", eventID).Count(&n).Error; err != nil {
		return false, apperr.Wrap(err, "read the event's built-in letters")
	}
	return n > 0, nil
}

// builtinWording is the built-in wording of an event: the 2013 one for an
// event set up before neutral letters, the neutral one otherwise.
func builtinWording(ctx context.Context, db *gorm.DB, eventID string) (map[string]TemplateInput, error) {
	old, err := has2013Wording(ctx, db, eventID)
	if old {
		return wording2013, err
	}
	return defaultTemplates, err
}

// builtinTemplate is an event's built-in template for lang.
func builtinTemplate(ctx context.Context, db *gorm.DB, eventID, lang string) (Template, error) {
	wording, err := builtinWording(ctx, db, eventID)
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
	old, err := has2013Wording(ctx, tx, from.ID)
	if err != nil {
		return err
	}
	var rows []Template
	if err := tx.WithContext(ctx).Where("event_id = ?", from.ID).Find(&rows).Error; err != nil {
		return apperr.Wrap(err, "list letter templates")
	}
	for _, lang := range event.Languages {
		var t *TemplateInput
		if old {
			w := Wording2013(lang)
			t = &w
		}
		for _, r := range rows {
			if r.Language == lang {
				t = &TemplateInput{Subject: r.Subject, Body: r.Body}
			}
		}
		if t == nil {
			continue // built in and neutral: the copy's own built-in text is the same
		}
		row := Template{ID: httpx.NewID(), EventID: to.ID, Language: lang, Subject: t.Subject, Body: t.Body}
		if err := tx.WithContext(ctx).Create(&row).Error; err != nil {
			return apperr.Wrap(err, "copy letter template")
		}
	}
	return nil
}
