package app

import (
	"strings"

	"accreditation/internal/console"
)

// wireConsole adds the Secretariat's console at "/" and under /console/,
// over the services the domain packages wired.
func (a *App) wireConsole() {
	s := a.Services
	c := &console.Console{Auth: a.Auth, Event: s.Event, Invitations: s.Invitations, Letters: s.Letters,
		Registration: s.Registration, Badges: s.Badges, Checkin: s.Checkin, Visa: s.Visa, Speakers: s.Speakers, Documents: s.Documents, DB: a.DB.DB,
		MailEnabled: s.Mail.Enabled(), NotifyMail: s.Mail.Notify, Secure: strings.HasPrefix(a.Config.PublicBaseURL, "https://")}
	a.Services.Console = c
	c.Routes(a.Echo)
}
