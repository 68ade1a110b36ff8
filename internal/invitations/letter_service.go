package invitations

import (
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"accreditation/internal/auth"
	"accreditation/internal/clock"
)

// Letters renders issued letters, keeps the letter templates, and dispatches
// invitations and reminders by e-mail through the outbox.
type Letters struct {
	DB *gorm.DB
	// Invitations mints RSVP links.
	Invitations *Service
	// Notify wakes the mail worker after a commit that queued mail; may be nil.
	Notify func()
	// Now is the clock; nil means the database's.
	Now func() time.Time
}

// store is the storage the letters work on.
func (l *Letters) store() *Store { return NewStore(l.DB) }

func (l *Letters) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return clock.Of(l.DB)()
}

// Routes registers the letters, templates, dispatch and reminder routes under
// g (/api/v1).
func (l *Letters) Routes(g *echo.Group) {
	staff := auth.Allow(auth.Staff...)
	g.GET("/events/:event_id/letter-templates", l.listTemplates, staff)
	g.GET("/events/:event_id/letter-templates/:language", l.getTemplate, staff)
	g.PUT("/events/:event_id/letter-templates/:language", l.putTemplate, staff)
	g.GET("/invitations/:invitation_id/letter.pdf", l.getLetterPDF, staff)
	g.POST("/invitations/:invitation_id/dispatch", l.dispatchOne, staff)
	g.POST("/events/:event_id/invitations/dispatch", l.dispatchMany, staff)
	g.POST("/events/:event_id/invitations/reminders", l.remindNow, staff)
}
