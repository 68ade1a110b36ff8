package demo

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/auth"
	"accreditation/internal/badges"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/registration"
)

// Services are the services the demo's data goes through, wired as the
// server wires them: the registration hooks of badges and checkin must be in
// place, so that an approval issues a badge as it does for real.
type Services struct {
	DB *gorm.DB
	// BaseURL is the public address, for the RSVP links of the letters.
	BaseURL      string
	Auth         *auth.Service
	Invitations  *invitations.Service
	Letters      *invitations.Letters
	Registration *registration.Service
	Badges       *badges.Service
	// Now is the clock the RSVP deadlines are set from (invitations must be
	// answerable after the demo loads); nil means the database's clock.
	Now func() time.Time
}

// Summary counts what Load made.
type Summary struct {
	Delegations  int
	Invitations  map[string]int // by status
	Participants map[string]int // by accreditation status
	Photos       int
	Badges       int // badge versions issued
	Printed      int // badges marked printed by the print jobs
	Collected    int
	PrintJobs    int
	Scans        int
}

// secretariat is who the demo's Secretariat actions are attributed to.
var secretariat = actor.Actor{Kind: actor.System, Name: "Demo conference"}

// Load fills the demo event eventID, just loaded by event.LoadDemo, with a
// conference in full swing: delegations of states and organisations, their
// invitations in every status and working language, participants in every
// accreditation status with generated portraits, badges issued, printed,
// collected, reprinted and revoked, and door scans of both days. Every row
// is made through the services' own methods, so every rule holds, and the
// data is the same on every run but for the ids, the times the services
// stamp and the RSVP deadlines of the open invitations (ten weeks after s.Now).
// It takes a few seconds; it returns the first error of a service (Invalid,
// Conflict or NotFound would be a bug in the demo's data; Internal when the
// database fails).
func Load(ctx context.Context, s Services, eventID string) (Summary, error) {
	ctx = actor.With(ctx, secretariat)
	l, err := newLoader(ctx, s, eventID)
	if err != nil {
		return Summary{}, err
	}
	defer l.photos.stop()
	if err := saveLetters(ctx, s, eventID); err != nil {
		return l.sum, fmt.Errorf("demo letters: %w", err)
	}
	for _, p := range l.parties {
		if err := l.invite(ctx, p); err != nil {
			return l.sum, fmt.Errorf("demo %s: %w", p.code, err)
		}
	}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{{"photos", l.uploaded}, {"decisions", l.decide}, {"expiry", l.expire}, {"badges", l.desk}, {"doors", l.doors}}
	for _, step := range steps {
		if err := step.run(ctx); err != nil {
			return l.sum, fmt.Errorf("demo %s: %w", step.what, err)
		}
	}
	l.sum.Photos = l.photos.count()
	return l.sum, nil
}

// loader carries what Load has made so far.
type loader struct {
	s        Services
	ev       event.Event
	now      time.Time
	category map[string]string // category code → id
	parties  []party
	plan     map[string][]*member // each accepting party's members, head first
	photos   *photographer
	// rsvp is, by party, the focal point's context and link.
	rsvp       map[string]focalLink
	delegation map[string]string // party code → delegation id
	// revoked and superseded are the codes of the badges revoked and
	// reprinted at the desk, for the doors.
	revoked, superseded string
	sum                 Summary
}

type focalLink struct {
	ctx  context.Context
	link registration.Link
}

func newLoader(ctx context.Context, s Services, eventID string) (*loader, error) {
	if s.Now == nil {
		s.Now = clock.Of(s.DB)
	}
	st := event.NewStore(s.DB)
	ev, err := st.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	cats, err := st.FindCategories(ctx, eventID)
	if err != nil {
		return nil, err
	}
	l := &loader{s: s, ev: ev, now: s.Now().UTC(), category: map[string]string{},
		parties: append(append([]party{}, parties...), organisations...),
		rsvp:    map[string]focalLink{}, delegation: map[string]string{},
		sum: Summary{Invitations: map[string]int{}, Participants: map[string]int{}}}
	for _, c := range cats {
		l.category[c.Code] = c.ID
	}
	l.plan = planMembers(l.parties)
	l.photos = newPhotographer(s.Registration, l.plan, l.parties)
	return l, nil
}

// uploaded uploads the photos of the members nominated so far: the
// Secretariat decides on members with their photos.
func (l *loader) uploaded(context.Context) error {
	return l.photos.flush()
}

// deadline is the RSVP deadline of the demo's open invitations: ten weeks
// after loading, at the end of the day in Baku, so that a newcomer can still
// answer and nominate through the links.
func (l *loader) deadline() time.Time {
	d := l.now.In(l.ev.Location()).AddDate(0, 0, 70)
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, d.Location()).UTC()
}

// Past times of the expired invitations: letters sent on 4 February 2013
// with an RSVP deadline of 1 March 2013, both in Baku.
var (
	pastNow      = time.Date(2013, time.February, 4, 10, 0, 0, 0, baku)
	pastDeadline = time.Date(2013, time.March, 1, 18, 0, 0, 0, baku)
	baku         = time.FixedZone("Asia/Baku", 4*3600)
)

// saveLetters saves the Baku 2013 conference's letters as the demo event's
// own templates: a new event's built-in letters are neutral.
func saveLetters(ctx context.Context, s Services, eventID string) error {
	for _, lang := range event.Languages {
		if _, err := invitations.NewStore(s.DB).SaveTemplate(ctx, eventID, lang, invitations.Wording2013(lang)); err != nil {
			return err
		}
	}
	return nil
}
