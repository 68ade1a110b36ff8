package invitations

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/auth"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
)

// Issue issues an invitation's letter. The first issue takes the event's next
// reference number (the event's row is locked, so concurrent issues get
// consecutive numbers, never a gap or a duplicate). Each issue freezes what
// the letter prints as a new version in invitation_letters; re-issuing an
// issued or sent invitation keeps its reference number and the older
// versions, and sets it back to issued (the new letter is yet to be sent).
// It returns NotFound, or Conflict naming the status when the invitation is
// neither a draft nor issued or sent.
func (s *Service) Issue(ctx context.Context, id string) (Invitation, error) {
	var inv Invitation
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ev event.Event
		var err error
		if inv, ev, err = s.store.In(tx).lockInvitation(ctx, id); err != nil {
			return err
		}
		if inv.Status != Draft && inv.Status != Issued && inv.Status != Sent {
			return statusConflict("only a draft, issued or sent invitation can be issued", inv.Status)
		}
		if overdue(inv, s.now()) {
			return statusConflict("the RSVP deadline has passed; move it before issuing again", Expired)
		}
		return s.issue(ctx, tx, ev, &inv)
	})
	return inv, err
}

func (s *Service) issue(ctx context.Context, tx *gorm.DB, ev event.Event, inv *Invitation) error {
	st := s.store.In(tx)
	before := *inv
	now := s.now()
	if inv.ReferenceNumber == nil {
		ref, err := st.events().TakeReference(ctx, ev)
		if err != nil {
			return err
		}
		inv.ReferenceNumber = &ref
	}
	content, err := s.letterContent(ctx, tx, ev, inv, now)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return apperr.Wrap(err, "encode letter")
	}
	l := Letter{ID: httpx.NewID(), InvitationID: inv.ID, Version: content.Version,
		ReferenceNumber: content.ReferenceNumber, Language: inv.Language, Raw: string(raw), IssuedAt: now,
		IssuedBy: actor.From(ctx).ID}
	if err := st.createLetter(ctx, &l); err != nil {
		return err
	}
	inv.LetterVersion, inv.Status, inv.IssuedAt = content.Version, Issued, &now
	if err := st.saveInvitation(ctx, inv); err != nil {
		return err
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: "issue", Entity: "invitation", EntityID: inv.ID,
		EventID: inv.EventID, Before: before, After: map[string]any{"invitation": *inv, "letter_version": l.Version}})
}

func (s *Service) letterContent(ctx context.Context, tx *gorm.DB, ev event.Event, inv *Invitation, now time.Time) (LetterContent, error) {
	st := s.store.In(tx)
	d, err := st.findDelegation(ctx, inv.DelegationID, false)
	if err != nil {
		return LetterContent{}, err
	}
	sigs, err := st.events().FindSignatories(ctx, ev.ID)
	if err != nil {
		return LetterContent{}, err
	}
	t, err := st.FindTemplate(ctx, ev.ID, inv.Language)
	if err != nil {
		return LetterContent{}, err
	}
	// The text is frozen even when built in, so that a later change of the
	// built-in letters leaves this one as it was issued.
	tpl := LetterTemplate{Subject: t.Subject, Body: t.Body}
	c := LetterContent{Version: inv.LetterVersion + 1, ReferenceNumber: *inv.ReferenceNumber,
		Language: inv.Language, IssuedAt: now, IssuedOn: now.In(ev.Location()).Format(time.DateOnly),
		Quota: inv.Quota, RSVPDeadline: inv.RSVPDeadline, Template: tpl,
		Event: letterEvent(ev, inv.Language),
		Addressee: LetterAddressee{Honorific: inv.Invitee.Honorific, GivenNames: inv.Invitee.GivenNames,
			FamilyName: inv.Invitee.FamilyName, NativeName: inv.Invitee.NativeName, Office: inv.Invitee.Office,
			Email: inv.Invitee.Email, DelegationID: d.ID, DelegationKind: d.Kind,
			DelegationName: d.Names.In(inv.Language), DelegationNames: d.Names, DelegationCountry: d.Country},
		Signatories: []LetterSignatory{}}
	for _, sg := range sigs {
		c.Signatories = append(c.Signatories, letterSignatory(sg, inv.Language))
	}
	return c, nil
}

// Letters lists an invitation's issued letters, oldest version first, with
// their frozen content. It returns NotFound.
func (s *Service) Letters(ctx context.Context, invitationID string) ([]Letter, error) {
	if _, err := s.store.findInvitation(ctx, invitationID, false); err != nil {
		return nil, err
	}
	ls, err := s.store.findLetters(ctx, invitationID)
	if err != nil {
		return nil, err
	}
	for i := range ls {
		if err := json.Unmarshal([]byte(ls[i].Raw), &ls[i].Content); err != nil {
			return nil, apperr.Wrap(err, "decode letter")
		}
	}
	return ls, nil
}

// CurrentLetter returns the content of the latest issued letter of an
// invitation, read in tx. It returns NotFound when none was issued, and
// Internal.
func (s *Service) CurrentLetter(ctx context.Context, tx *gorm.DB, inv Invitation) (LetterContent, error) {
	return s.store.In(tx).letterVersion(ctx, inv.ID, inv.LetterVersion)
}

// RSVPLink creates a new RSVP link for an invitation (revoking the previous
// one) and records it in the audit log. It returns NotFound, or Conflict
// naming the status of a draft or withdrawn invitation.
func (s *Service) RSVPLink(ctx context.Context, id string) (url string, expires time.Time, err error) {
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := s.store.In(tx).LockInvitation(ctx, id)
		if err != nil {
			return err
		}
		if url, expires, err = s.NewRSVPLink(ctx, tx, &inv); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "rsvp-link", Entity: "invitation", EntityID: id,
			EventID: inv.EventID, After: map[string]any{"expires_at": expires}})
	})
	return url, expires, err
}

// NewRSVPLink gives inv (read in tx, locked by LockInvitation) a new RSVP
// link, valid until its deadline (or reopened date, if later) plus the event's
// grace days, and saves it in tx. Only the token's hash is stored, so the
// previous link stops working and this URL cannot be shown again. It returns
// Conflict naming the status of a draft or withdrawn invitation.
func (s *Service) NewRSVPLink(ctx context.Context, tx *gorm.DB, inv *Invitation) (string, time.Time, error) {
	st := s.store.In(tx)
	if inv.Status == Draft || inv.Status == Withdrawn {
		return "", time.Time{}, statusConflict("an RSVP link needs an issued invitation", inv.Status)
	}
	ev, err := st.findEvent(ctx, inv.EventID, false)
	if err != nil {
		return "", time.Time{}, err
	}
	until := inv.RSVPDeadline
	if inv.ReopenedUntil != nil && inv.ReopenedUntil.After(until) {
		until = *inv.ReopenedUntil
	}
	expires := until.AddDate(0, 0, ev.RSVPGraceDays).UTC()
	token := auth.NewToken()
	hash := auth.HashToken(token)
	inv.RSVPTokenHash, inv.RSVPExpiresAt = &hash, &expires
	if err := st.saveInvitation(ctx, inv); err != nil {
		return "", time.Time{}, err
	}
	return s.cfg.PublicBaseURL + "/rsvp/" + token, expires, nil
}
