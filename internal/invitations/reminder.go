package invitations

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/mail"
)

// Remind queues one reminder for each invitation of the event still
// unanswered (issued or sent) whose deadline has not passed; with window, only
// for those within the event's reminder_days of their deadline. Each
// invitation gets at most one reminder ever (dedupe key "reminder:<id>"), with
// a freshly minted RSVP link, which revokes the one sent before. It returns
// how many were queued. Errors: NotFound (event), Internal.
func (l *Letters) Remind(ctx context.Context, eventID string, window bool) (int, error) {
	ev, err := l.store().findEvent(ctx, eventID, false)
	if err != nil {
		return 0, err
	}
	now := l.now()
	var until *time.Time
	if window {
		if ev.ReminderDays <= 0 {
			return 0, nil
		}
		u := now.AddDate(0, 0, ev.ReminderDays)
		until = &u
	}
	ids, err := l.store().findRemindable(ctx, eventID, now, until)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, id := range ids {
		created, err := l.remindOne(ctx, id)
		if err != nil {
			return queued, err
		}
		if created {
			queued++
		}
	}
	if queued > 0 && l.Notify != nil {
		l.Notify()
	}
	return queued, nil
}

func (l *Letters) remindOne(ctx context.Context, id string) (created bool, err error) {
	err = l.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, ok, err := mail.NewStore(tx).FindByDedupeKey(ctx, ReminderKey(id)); err != nil || ok {
			return err // reminded before: spare the lock
		}
		inv, err := l.store().In(tx).LockInvitation(ctx, id)
		if err != nil {
			return err
		}
		// Look again under the lock: a run that got here first has queued a
		// reminder whose link a new one would revoke.
		if _, ok, err := mail.NewStore(tx).FindByDedupeKey(ctx, ReminderKey(id)); err != nil || ok {
			return err
		}
		if inv.Status != Issued && inv.Status != Sent {
			return nil // answered meanwhile
		}
		c, err := l.Invitations.CurrentLetter(ctx, tx, inv)
		if err != nil {
			return err
		}
		link, _, err := l.Invitations.NewRSVPLink(ctx, tx, &inv)
		if err != nil {
			return err
		}
		_, created, err = mail.NewStore(tx).Enqueue(ctx, mail.Envelope{EventID: inv.EventID, Kind: "reminder", SubjectID: id,
			DedupeKey: ReminderKey(id)}, l.message(c, inv, link, true))
		return err
	})
	return created, err
}

// ReminderWorker returns a job that, every interval, queues the reminders due
// in every event (see Remind with window). logf reports failures.
func (l *Letters) ReminderWorker(interval time.Duration, logf func(msg string, args ...any)) func(context.Context) {
	return func(ctx context.Context) {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			ids, err := l.store().events().FindEventIDsWithReminders(ctx)
			if err != nil {
				logf("reminders: list events", "error", err)
			}
			for _, id := range ids {
				if n, err := l.Remind(ctx, id, true); err != nil {
					logf("reminders failed", "event", id, "error", err)
				} else if n > 0 {
					logf("reminders queued", "event", id, "count", n)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}
