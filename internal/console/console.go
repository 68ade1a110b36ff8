package console

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"accreditation/internal/auth"
	"accreditation/internal/badges"
	"accreditation/internal/checkin"
	"accreditation/internal/clock"
	"accreditation/internal/documents"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
	"accreditation/internal/speakers"
	"accreditation/internal/tick"
	"accreditation/internal/visa"
)

// Prefix is where every console page lives, beside "/" (the sign-in page or
// the way in). Routes under it are pages for people, not the API contract.
const Prefix = "/console"

//go:embed static
var staticFS embed.FS

// Console is the Secretariat's web interface. Its pages call the domain
// services the API calls; it holds no rule of its own.
type Console struct {
	Auth         *auth.Service
	Event        *event.Service
	Invitations  *invitations.Service
	Letters      *invitations.Letters
	Registration *registration.Service
	Badges       *badges.Service
	Checkin      *checkin.Service
	Visa         *visa.Service     // passport details and visa letters; nil leaves them off the pages
	Speakers     *speakers.Service // lists of speakers (speakers.go)
	Documents    *documents.Service
	// DB is handed to the platform packages whose functions take it (the
	// outbox, the audit log); pages never query it themselves.
	DB *gorm.DB
	// MailEnabled says whether an SMTP server is configured; when not, every
	// page where mail is involved says that mail stays queued.
	MailEnabled bool
	// NotifyMail wakes the mail worker after a page put messages back in
	// the queue (the outbox's retry); may be nil.
	NotifyMail func()
	// Secure marks the session cookie Secure (the public address is https).
	Secure bool
	// Now is the console's clock ("today" of a list, cookie lifetimes);
	// the database's unless a test pins it.
	Now func() time.Time

	// attendanceLists are each event's names for the attendance screen,
	// loaded once a tick for all its screens (attendance.go).
	attendanceLists tick.Cache[string, attendanceLists]
}

// Routes registers "/" and every console page on e. Pages that change
// anything are POST forms, each protected against cross-site forgery; every
// page but the sign-in page needs a staff session.
func (c *Console) Routes(e *echo.Echo) {
	if c.Now == nil {
		c.Now = clock.Of(c.DB)
	}
	e.GET("/", c.home)
	g := e.Group(Prefix)
	sub, _ := fs.Sub(staticFS, "static")
	assets := http.StripPrefix(Prefix+"/static/", http.FileServer(http.FS(sub)))
	g.GET("/static/*", echo.WrapHandler(assets), cacheAssets)
	g.GET("/signin", c.signinPage)
	g.POST("/signin", c.signin, crossOrigin)
	g.POST("/language", c.setLanguage, crossOrigin)
	c.printProgressRoute(g) // JSON with its own sign-in check (prints.go)

	s := g.Group("", c.session, crossOrigin, c.csrf)
	s.POST("/signout", c.signout)
	s.GET("/", c.events)
	s.GET("/events/:event_id", c.dashboard)
	for _, screen := range c.screens() {
		screen(s)
	}
}

// screens are the route tables of the console's screens, each in its own
// file beside its handlers.
func (c *Console) screens() []func(*echo.Group) {
	return []func(*echo.Group){c.delegationsRoutes, c.invitationsRoutes, c.outboxRoutes, c.participantsRoutes, c.badgesRoutes, c.printsRoutes, c.attendanceRoutes, c.arrivalsRoutes, c.auditRoutes, c.usersRoutes, c.setupRoutes, c.devicesRoutes, c.eventsRoutes, c.protocolRoutes, c.speakersRoutes, c.documentsRoutes}
}

func cacheAssets(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ctx echo.Context) error {
		ctx.Response().Header().Set("Cache-Control", "no-cache")
		return next(ctx)
	}
}

// IsPage reports whether a route path is one of the console's pages.
func IsPage(path string) bool { return path == Prefix || strings.HasPrefix(path, Prefix+"/") }
