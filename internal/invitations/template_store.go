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
func (s *Store) requireEvent(ctx context.Context, eventID string) error {
	_, err := s.events().FindEventByID(ctx, eventID)
	return err
}

// FindTemplate returns the event's template for lang, or the built-in one when
// the event has none. Errors: Invalid (language), NotFound (event), Internal.
func (s *Store) FindTemplate(ctx context.Context, eventID, lang string) (Template, error) {
	if err := checkLanguage(lang); err != nil {
		return Template{}, err
	}
	if err := s.requireEvent(ctx, eventID); err != nil {
		return Template{}, err
	}
	var t Template
	err := s.db.WithContext(ctx).Where("event_id = ? AND language = ?", eventID, lang).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.builtinTemplate(ctx, eventID, lang)
	}
	if err != nil {
		return Template{}, apperr.Wrap(err, "read letter template")
	}
	return t, nil
}

// FindTemplates returns the event's templates in every language, built-in
// ones where the event has none. Errors: NotFound (event), Internal.
func (s *Store) FindTemplates(ctx context.Context, eventID string) ([]Template, error) {
	if err := s.requireEvent(ctx, eventID); err != nil {
		return nil, err
	}
	var rows []Template
	if err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "list letter templates")
	}
	wording, err := s.builtinWording(ctx, eventID)
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
func (s *Store) SaveTemplate(ctx context.Context, eventID, lang string, in TemplateInput) (Template, error) {
	if err := checkLanguage(lang); err != nil {
		return Template{}, err
	}
	if err := in.Validate(); err != nil {
		return Template{}, err
	}
	var out Template
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.In(tx).requireEvent(ctx, eventID); err != nil {
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
			return audit.NewStore(tx).Record(ctx, audit.Change{Action: "create", Entity: "letter_template", EntityID: out.ID,
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
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "update", Entity: "letter_template", EntityID: out.ID,
			EventID: eventID, Before: before, After: out})
	})
	return out, err
}

// has2013Wording reports whether an event was set up before neutral
// letters, and so keeps the 2013 wording as its built-in text.
func (s *Store) has2013Wording(ctx context.Context, eventID string) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&letters2013Event{}).Where("event_id = ?", eventID).Count(&n).Error; err != nil {
		return false, apperr.Wrap(err, "read the event's built-in letters")
	}
	return n > 0, nil
}

// copyTemplates is CopyTemplates.
func (s *Store) copyTemplates(ctx context.Context, from, to event.Event) error {
	old, err := s.has2013Wording(ctx, from.ID)
	if err != nil {
		return err
	}
	var rows []Template
	if err := s.db.WithContext(ctx).Where("event_id = ?", from.ID).Find(&rows).Error; err != nil {
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
		if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
			return apperr.Wrap(err, "copy letter template")
		}
	}
	return nil
}
