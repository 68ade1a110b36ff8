package registration

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
)

// Correction is how a change to a member is made: the RSVP API makes it
// confirmed and without a version; the RSVP page says what the change will
// do before it is saved, and carries the version of the member it showed.
type Correction struct {
	// Confirmed says the focal point knows that the change of an approved
	// member's name or photo sends them back to review. Without it such a
	// change is refused and nothing is stored.
	Confirmed bool
	// Version, when not empty, is the member's Version as the form showed
	// it: a member changed since (by another person, or approved meanwhile)
	// is not overwritten.
	Version string
}

// Corrected is a member after a correction.
type Corrected struct {
	Participant
	// BackToReview says the correction sent an approved member back to review.
	BackToReview bool
}

// Version is a fingerprint of what a focal point sees of p and may change,
// and of its status: it changes whenever one of them does.
func (p Participant) Version() string {
	photo := ""
	if p.PhotoID != nil {
		photo = *p.PhotoID
	}
	b, _ := json.Marshal([]string{p.Honorific, p.GivenNames, p.FamilyName, p.NativeName, p.Gender, p.Function, p.Role,
		p.Email, p.Phone, p.Nationality, p.InterpretationLanguage, p.Dietary, p.Accessibility, p.Status, photo})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// needsConfirmation is the refusal of a change that would send an approved
// member back to review without the focal point's confirmation.
func needsConfirmation(what string) error {
	return apperr.Conflictf("changing the %s of an approved member sends them back to review; confirm the change to save it", what).
		Typed("confirm-review").With("status", Approved)
}

// checkVersion refuses a correction made from a form that showed p as it no
// longer is.
func checkVersion(p Participant, c Correction) error {
	if c.Version != "" && c.Version != p.Version() {
		return apperr.Conflictf("this member was changed since the form was shown; check the details and correct them again").
			Typed("changed-meanwhile").With("version", p.Version())
	}
	return nil
}

// CorrectParticipant changes a member's details under the same rules as
// every change: the fields of in that are not nil are checked and written;
// one head per delegation; a change of name of an approved member sends
// them back to review (BackToReview hooks run), and is refused unless
// c.Confirmed. Errors: Invalid fields; NotFound for another delegation's
// member; Conflict for a closed invitation, an inactive member, a second head
// ("one-head"), an unconfirmed return to review ("confirm-review") or a
// stale version ("changed-meanwhile").
func (s *Service) CorrectParticipant(ctx context.Context, l Link, id string, in ParticipantInput, c Correction) (Corrected, error) {
	var out Corrected
	err := s.inOwnParticipant(ctx, l, id, func(tx *gorm.DB, p *Participant) error {
		if err := checkVersion(*p, c); err != nil {
			return err
		}
		before := *p
		namesChanged, err := in.apply(p)
		if err != nil {
			return err
		}
		back := namesChanged && before.Status == Approved
		if back && !c.Confirmed {
			return needsConfirmation("name")
		}
		if p.Role == Head && before.Role != Head {
			if _, heads, err := s.store.In(tx).CountActive(ctx, p.InvitationID); err != nil {
				return err
			} else if heads > 0 {
				return apperr.Conflictf("the delegation already has a head of delegation").Typed("one-head")
			}
		}
		if err := s.saveChanged(ctx, tx, before, p, namesChanged); err != nil {
			return err
		}
		out = Corrected{Participant: *p, BackToReview: back}
		return nil
	})
	return out, err
}

// CorrectPhoto checks, re-encodes and stores a member's photo; for an
// approved member it is a change of identity that sends them back to
// review, refused unless c.Confirmed. Errors: those of ProcessPhoto,
// NotFound, Conflict (as CorrectParticipant's).
func (s *Service) CorrectPhoto(ctx context.Context, l Link, id string, data []byte, c Correction) (Corrected, error) {
	ph, err := ProcessPhoto(data)
	if err != nil {
		return Corrected{}, err
	}
	var out Corrected
	err = s.inOwnParticipant(ctx, l, id, func(tx *gorm.DB, p *Participant) error {
		if err := checkVersion(*p, c); err != nil {
			return err
		}
		if p.Status == Approved && !c.Confirmed {
			return needsConfirmation("photo")
		}
		before := *p
		ph.ID, ph.ParticipantID, ph.CreatedAt = newID(), p.ID, s.Now()
		if err := s.store.In(tx).ReplacePhoto(ctx, &ph); err != nil {
			return err
		}
		p.PhotoID = &ph.ID
		if err := s.saveChanged(ctx, tx, before, p, true); err != nil {
			return err
		}
		out = Corrected{Participant: *p, BackToReview: before.Status == Approved}
		return nil
	})
	return out, err
}
