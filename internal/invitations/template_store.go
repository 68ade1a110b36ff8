package invitations

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// requireEvent returns NotFound when there is no such event.
func requireEvent(ctx context.Context, db *gorm.DB, eventID string) error {
	_, err := events(db).FindEventByID(ctx, eventID)
	return err
}

// FindTemplate returns the event's template for lang, or the built-in one when
// the event has none. Errors: Invalid (language), NotFound (event), Internal.
func FindTemplate(ctx context.Context, db *gorm.DB, eventID, lang string) (Template, error) {
	if err := checkLanguage(lang); err != nil {
		return Template{}, err
	}
	if err := requireEvent(ctx, db, eventID); err != nil {
		return Template{}, err
	}
	var t Template
	err := db.WithContext(ctx).Where("event_id = ? AND language = ?", eventID, lang).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return builtinTemplate(ctx, db, eventID, lang)
	}
	if err != nil {
		return Template{}, apperr.Wrap(err, "read letter template")
	}
	return t, nil
}

// FindTemplates returns the event's templates in every language, built-in
// ones where the event has none. Errors: NotFound (event), Internal.
func FindTemplates(ctx context.Context, db *gorm.DB, eventID string) ([]Template, error) {
	if err := requireEvent(ctx, db, eventID); err != nil {
		return nil, err
	}
	var rows []Template
	if err := db.WithContext(ctx).Where("event_id = ?", eventID).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "list letter templates")
	}
	wording, err := builtinWording(ctx, db, eventID)
	if err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(event.Languages))
	for _, lang := range event.Languages {
		t := builtinIn(wording, eventID, lang)
		for _, r := range rows {
			if r.Language == lang {
				t = r
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// SaveTemplate sets the event's template for lang and audits the change.
// Errors: Invalid (language, fields, placeholders), NotFound (event), Internal.
func SaveTemplate(ctx context.Context, db *gorm.DB, eventID, lang string, in TemplateInput) (Template, error) {
	if err := checkLanguage(lang); err != nil {
		return Template{}, err
	}
	if err := in.Validate(); err != nil {
		return Template{}, err
	}
	var out Template
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := requireEvent(ctx, tx, eventID); err != nil {
			return err
		}
		var before Template
		err := tx.Where("event_id = ? AND language = ?", eventID, lang).First(&before).Error
		now := clock.Of(tx)()
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			out = Template{ID: httpx.NewID(), EventID: eventID, Language: lang, Subject: in.Subject, Body: in.Body,
				CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&out).Error; err != nil {
				return apperr.Wrap(err, "create letter template")
			}
			return audit.Record(ctx, tx, audit.Change{Action: "create", Entity: "letter_template", EntityID: out.ID,
				EventID: eventID, After: out})
		case err != nil:
			return apperr.Wrap(err, "read letter template")
		}
		out = before
		out.Subject, out.Body, out.UpdatedAt = in.Subject, in.Body, now
		if err := tx.Model(&Template{}).Where("id = ?", out.ID).
			Updates(map[string]any{"subject": out.Subject, "body": out.Body, "updated_at": now}).Error; err != nil {
			return apperr.Wrap(err, "update letter template")
		}
		return audit.Record(ctx, tx, audit.Change{Action: "update", Entity: "letter_template", EntityID: out.ID,
			EventID: eventID, Before: before, After: out})
	})
	return out, err
}
