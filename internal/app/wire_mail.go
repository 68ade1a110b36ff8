package app

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"accreditation/internal/invitations"
	"accreditation/internal/mail"
)

// wireLetters adds the mail worker, the outbox routes, and the letters,
// templates, dispatch and reminders of invitations.
func (a *App) wireLetters(ctx context.Context, v1 *echo.Group) error {
	w, err := mail.NewWorker(a.DB.DB, mail.Config{URL: a.Config.SMTPURL, From: a.Config.MailFrom}, a.Log.With("worker", "mail"))
	if err != nil {
		return err
	}
	a.Services.Mail = w
	a.AddWorker(w.Run)
	mail.Handler{DB: a.DB.DB, Notify: w.Notify}.Routes(v1)
	letters := &invitations.Letters{DB: a.DB.DB, Invitations: a.Services.Invitations, Notify: w.Notify}
	a.Services.Letters = letters
	letters.Routes(v1)
	a.AddWorker(letters.ReminderWorker(time.Hour, a.Log.Info))
	return nil
}
