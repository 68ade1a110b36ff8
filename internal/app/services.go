package app

import (
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/console"
	"accreditation/internal/documents"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/mail"
	"accreditation/internal/registration"
	"accreditation/internal/speakers"
	"accreditation/internal/visa"
)

// Services holds each domain package's service once wired, so that later
// packages can register hooks on earlier ones and tests can reach them.
// Each domain adds its field here.
type Services struct {
	Mail         *mail.Worker // the outbox's delivery worker
	Event        *event.Service
	Invitations  *invitations.Service
	Registration *registration.Service
	Badges       *badges.Service
	Checkin      *checkin.Service
	Speakers     *speakers.Service // lists of speakers (wire_speakers.go)
	Documents    *documents.Service
	Letters      *invitations.Letters // letters, dispatch and reminders of invitations
	Console      *console.Console
	Visa         *visa.Service
}
