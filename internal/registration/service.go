package registration

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/clock"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/invitations"
	"accreditation/internal/ratelimit"
)

// Guessing limits for RSVP links: unknown tokens per client address and window.
const (
	GuessLimit  = 30
	GuessWindow = 10 * time.Minute
)

// Service holds the registration rules. Hooks may be appended to at wiring
// time by packages that act on accreditation changes (badges).
type Service struct {
	db     *gorm.DB
	store  *Store
	events *event.Store
	Hooks  Hooks
	// Now is the clock; tests may replace it.
	Now func() time.Time
	// BaseURL is the public address, for links in e-mails.
	BaseURL string
	// Secretariat is the e-mail address focal points write to (the one
	// invitations are sent from); empty when unknown.
	Secretariat string
	// sections are the parts other packages add under each member on the
	// RSVP page (page_section.go).
	sections []MemberSection
	// pageSections are the RSVP page's sections added by other packages (page_sections.go).
	pageSections []PageSection
}

// NewService returns a Service over db.
func NewService(db *gorm.DB, baseURL string) *Service {
	return &Service{db: db, store: NewStore(db), events: event.NewStore(db), BaseURL: baseURL,
		Now: clock.Of(db)}
}

// Store returns the service's store.
func (s *Service) Store() *Store { return s.store }

// invs is the invitations' store, whose reads and locks registration
// composes into its transactions through In.
func (s *Service) invs() *invitations.Store { return invitations.NewStore(s.db) }

// Link is an invitation reached through its RSVP token.
type Link struct {
	Invitation invitations.Invitation
	Delegation invitations.Delegation
}

// Resolve finds the invitation of an RSVP token and returns a context that
// attributes changes to its focal point. Unknown tokens and known ones take
// the same path (one hash, one indexed lookup); unknown ones count against
// the client's guess allowance, and a known token is never refused for what
// its address guessed: a delegation's office behind one NAT shares its
// address with whoever guesses there. Tokens are 256 random bits, so the
// allowance is not what makes guessing hopeless; it answers a guesser 429
// instead of 404 and bounds what guesses store. Errors: TooMany for an
// unknown token past GuessLimit unknown tokens from client in GuessWindow;
// NotFound; Gone when the link expired, and Gone typed
// "invitation-withdrawn" (with the invitation's "language" and the
// "message" in it) for the link of a withdrawn invitation.
func (s *Service) Resolve(ctx context.Context, token, client string) (context.Context, Link, error) {
	now := s.Now()
	inv, err := s.invs().InvitationByToken(ctx, token, now)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Type == "invitation-withdrawn" {
			// Said in the invitation's language, as the page says it.
			return ctx, Link{}, ae.With("language", inv.Language).With("message", pageTexts(inv.Language)["link_withdrawn"])
		}
		if !apperr.Is(err, apperr.NotFound) {
			return ctx, Link{}, err
		}
		n, until, herr := ratelimit.NewStore(s.db).Hit(ctx, "rsvp:client:"+client, GuessWindow, now)
		if herr != nil {
			return ctx, Link{}, apperr.Wrap(herr, "count RSVP attempt")
		}
		if n > GuessLimit {
			return ctx, Link{}, apperr.TooManyf("too many unknown links from this address; try again after %s", until.Format(time.RFC3339)).
				With("retry_after", int(until.Sub(now).Seconds())+1)
		}
		return ctx, Link{}, apperr.NotFoundf("this link is not valid; check that it was copied whole")
	}
	d, err := s.invs().FindDelegationByID(ctx, inv.DelegationID)
	if err != nil {
		return ctx, Link{}, err
	}
	name := d.FocalName
	if name == "" {
		name = d.NameEN
	}
	ctx = actor.With(ctx, actor.Actor{Kind: actor.RSVP, ID: inv.ID, Name: name, Language: inv.Language})
	return ctx, Link{Invitation: inv, Delegation: d}, nil
}

// inOpenInvitation runs fn in a transaction holding the row locks of the
// invitation's event and of the invitation (the order every writer takes),
// after checking that the delegation may still make changes. Errors: Conflict
// with the deadline once it has passed (unless reopened), fn's.
func (s *Service) inOpenInvitation(ctx context.Context, invitationID string, fn func(tx *gorm.DB, inv *invitations.Invitation) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := s.invs().In(tx).LockInvitation(ctx, invitationID)
		if err != nil {
			return err
		}
		if now := s.Now(); !inv.Open(now) {
			deadline := inv.RSVPDeadline
			if inv.ReopenedUntil != nil && inv.ReopenedUntil.After(deadline) {
				deadline = *inv.ReopenedUntil
			}
			return apperr.Conflictf("the deadline for changes passed on %s; ask the Secretariat to reopen the invitation",
				deadline.UTC().Format(time.RFC3339)).Typed("deadline-passed").With("deadline", deadline.UTC().Format(time.RFC3339))
		}
		return fn(tx, &inv)
	})
}

// Answer records the delegation's answer, "accept" or "decline", through
// the invitations' status machine (invitations.Answer). Declining withdraws
// every active participant (running the Removed hooks). The answer may change
// until the deadline. Errors: Invalid answer; Conflict after the deadline or
// for an invitation that cannot be answered (with its current_status).
func (s *Service) Answer(ctx context.Context, l Link, answer, note string) (invitations.Invitation, error) {
	var v apperr.Validator
	v.Check(answer == "accept" || answer == "decline", "answer", "must be accept or decline")
	cleanNote(&v, "note", &note, 2000)
	if err := v.Err(); err != nil {
		return invitations.Invitation{}, err
	}
	var out invitations.Invitation
	err := s.inOpenInvitation(ctx, l.Invitation.ID, func(tx *gorm.DB, inv *invitations.Invitation) error {
		to := invitations.Accepted
		if answer == "decline" {
			to = invitations.Declined
		}
		if err := s.invs().In(tx).Answer(ctx, inv, to, note); err != nil {
			return err
		}
		out = *inv
		if to == invitations.Declined {
			return s.withdrawAll(ctx, tx, inv.ID)
		}
		return nil
	})
	return out, err
}

// withdrawAll withdraws an invitation's active participants.
func (s *Service) withdrawAll(ctx context.Context, tx *gorm.DB, invitationID string) error {
	ps, err := s.store.In(tx).FindParticipantsOfInvitation(ctx, invitationID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Active() {
			if err := s.remove(ctx, tx, p, Withdrawn, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// remove sets p's status to withdrawn or rejected and runs the Removed hooks.
func (s *Service) remove(ctx context.Context, tx *gorm.DB, p Participant, status, reason string) error {
	before := p
	now := s.Now()
	p.Status, p.RejectionReason = status, reason
	if status == Rejected {
		p.DecidedAt, p.DecidedBy = &now, actor.From(ctx).ID
	}
	if err := s.store.In(tx).SaveParticipant(ctx, &p); err != nil {
		return err
	}
	if err := Run(ctx, tx, s.Hooks.Removed, p); err != nil {
		return err
	}
	action := "withdraw"
	if status == Rejected {
		action = "reject"
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: action, Entity: "participant", EntityID: p.ID,
		EventID: p.EventID, Before: before, After: p})
}

// Reopen lets a delegation change its answer and members until until, after
// the deadline. Errors: NotFound; Invalid when until is not in the future.
func (s *Service) Reopen(ctx context.Context, invitationID string, until time.Time) (invitations.Invitation, error) {
	if !until.After(s.Now()) {
		return invitations.Invitation{}, apperr.Fields(apperr.Field("until", "must be in the future"))
	}
	var out invitations.Invitation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := s.invs().In(tx).LockInvitation(ctx, invitationID)
		if err != nil {
			return err
		}
		if err := s.invs().In(tx).Reopen(ctx, &inv, until); err != nil {
			return err
		}
		out = inv
		return nil
	})
	return out, err
}

var newID = httpx.NewID
