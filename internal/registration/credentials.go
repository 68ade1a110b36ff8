package registration

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
	"accreditation/internal/imageupload"
	"accreditation/internal/invitations"
)

// MaxCredentialsBytes is the largest credentials letter accepted.
const MaxCredentialsBytes = 10 << 20

// The statuses of a credentials letter, in the order the Secretariat takes
// them: as uploaded, read and found in order, the signed original seen at
// the accreditation desk.
const (
	CredentialsReceived = "received"
	CredentialsChecked  = "checked"
	CredentialsSeen     = "seen"
)

// CredentialsStatuses lists the statuses of a credentials letter in order.
var CredentialsStatuses = []string{CredentialsReceived, CredentialsChecked, CredentialsSeen}

// credentialsSteps are the changes of status the Secretariat may make: one
// step forward or one step back.
var credentialsSteps = map[string][]string{
	CredentialsReceived: {CredentialsChecked},
	CredentialsChecked:  {CredentialsReceived, CredentialsSeen},
	CredentialsSeen:     {CredentialsChecked},
}

// CredentialsNext lists the statuses a letter in status may be given now.
func CredentialsNext(status string) []string { return slices.Clone(credentialsSteps[status]) }

// CredentialsLetter is the signed letter listing a delegation, as uploaded,
// with the status the Secretariat gave it and who gave it when.
type CredentialsLetter struct {
	ID           string     `json:"id" gorm:"primaryKey"`
	InvitationID string     `json:"invitation_id"`
	DelegationID string     `json:"delegation_id"`
	FileName     string     `json:"file_name"`
	ContentType  string     `json:"content_type"`
	Size         int        `json:"size"`
	SHA256       string     `json:"sha256" gorm:"column:sha256"`
	Status       string     `json:"status"`
	StatusAt     *time.Time `json:"status_at"`
	StatusBy     string     `json:"-"`
	StatusByName string     `json:"status_by"`
	Data         []byte     `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
}

// SetCredentials stores the signed letter that lists the delegation, without
// a file name (the API's upload). Errors: those of SetCredentialsFile.
func (s *Service) SetCredentials(ctx context.Context, l Link, data []byte) (CredentialsLetter, error) {
	return s.SetCredentialsFile(ctx, l, "", data)
}

// SetCredentialsFile stores the signed letter that lists the delegation: a
// PDF, or a JPEG or PNG picture of it (the type read from the content), of
// at most MaxCredentialsBytes, with the name it had on the sender's
// computer. It becomes the delegation's letter, in status received,
// whatever the status of the one before. Errors: TooLarge, Unsupported when
// it is none of these, Invalid for a damaged or tiny picture, Conflict after
// the deadline.
func (s *Service) SetCredentialsFile(ctx context.Context, l Link, name string, data []byte) (CredentialsLetter, error) {
	if len(data) > MaxCredentialsBytes {
		return CredentialsLetter{}, &apperr.Error{Kind: apperr.TooLarge, Detail: "the credentials letter is larger than 10 MB"}
	}
	ct, data, err := credentialsContent(data)
	if err != nil {
		return CredentialsLetter{}, err
	}
	sum := sha256.Sum256(data)
	letter := CredentialsLetter{ID: newID(), InvitationID: l.Invitation.ID, DelegationID: l.Invitation.DelegationID,
		FileName: CleanFileName(name), ContentType: ct, Size: len(data),
		SHA256: hex.EncodeToString(sum[:]), Status: CredentialsReceived, Data: data,
		CreatedAt: s.Now().UTC().Truncate(time.Microsecond)}
	err = s.inOpenInvitation(ctx, l.Invitation.ID, func(tx *gorm.DB, inv *invitations.Invitation) error {
		if err := s.store.In(tx).CreateCredentials(ctx, &letter); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "upload", Entity: "credentials_letter", EntityID: letter.ID,
			EventID: inv.EventID, After: map[string]any{"delegation_id": letter.DelegationID, "file_name": letter.FileName,
				"size": letter.Size, "sha256": letter.SHA256, "status": letter.Status}})
	})
	return letter, err
}

// Bounds of a picture of a credentials letter: a phone's photo of a page
// is a few megapixels; a page under 200 pixels a side cannot be read.
const (
	maxCredentialsPixels = 60_000_000
	minCredentialsSide   = 200
)

// credentialsContent reads the type of an uploaded letter from its content.
// A PDF is kept byte for byte; a picture is decoded and re-encoded in its
// own format (PNG stays lossless), so that nothing but its pixels is kept.
func credentialsContent(data []byte) (string, []byte, error) {
	if len(data) >= 5 && string(data[:5]) == "%PDF-" {
		return "application/pdf", data, nil
	}
	ct := http.DetectContentType(data)
	if ct != "image/jpeg" && ct != "image/png" {
		return "", nil, &apperr.Error{Kind: apperr.Unsupported, Detail: "the credentials letter must be a PDF file or a JPEG or PNG picture"}
	}
	img, err := imageupload.Decode(data, imageupload.Rules{What: "credentials letter", MaxBytes: MaxCredentialsBytes,
		Declared: ct, MaxPixels: maxCredentialsPixels, MinWidth: minCredentialsSide, MinHeight: minCredentialsSide})
	if err != nil {
		return "", nil, err
	}
	var out bytes.Buffer
	if ct == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 92})
	}
	if err != nil {
		return "", nil, apperr.Wrap(err, "encode credentials letter")
	}
	return ct, out.Bytes(), nil
}

// CleanFileName is the last part of an uploaded file's name, without
// control, invisible or direction-changing characters (ZWNJ, which Persian
// spelling needs, is kept), at most 120 characters.
func CleanFileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200c') {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	for utf8.RuneCountInString(name) > 120 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return name
}

// DelegationCredentials returns a delegation's current credentials letter
// (the newest uploaded) with its bytes. Errors: NotFound for an unknown
// delegation or one without a letter, Internal.
func (s *Service) DelegationCredentials(ctx context.Context, delegationID string) (CredentialsLetter, error) {
	if _, err := s.invs().FindDelegationByID(ctx, delegationID); err != nil {
		return CredentialsLetter{}, err
	}
	return s.store.LatestCredentialsOf(ctx, delegationID, true)
}

// CredentialsStatus returns a delegation's current credentials letter
// without its bytes. Errors: NotFound for an unknown delegation or one
// without a letter, Internal.
func (s *Service) CredentialsStatus(ctx context.Context, delegationID string) (CredentialsLetter, error) {
	if _, err := s.invs().FindDelegationByID(ctx, delegationID); err != nil {
		return CredentialsLetter{}, err
	}
	return s.store.LatestCredentialsOf(ctx, delegationID, false)
}

// CredentialsHistory lists every letter a delegation uploaded, newest first,
// without their bytes. Errors: Internal.
func (s *Service) CredentialsHistory(ctx context.Context, delegationID string) ([]CredentialsLetter, error) {
	return s.store.FindCredentialsOf(ctx, delegationID)
}

// EventCredentials returns the current credentials letter of each
// delegation of an event that has one, by delegation id, without bytes.
// Errors: Internal.
func (s *Service) EventCredentials(ctx context.Context, eventID string) (map[string]CredentialsLetter, error) {
	return s.store.LatestCredentialsOfEvent(ctx, eventID)
}

// SetCredentialsStatus gives a delegation's current letter, named by
// letterID so that a letter replaced meanwhile is not marked in its place,
// a new status: one step forward (received → checked → seen) or back,
// attributed to the member of staff in ctx and audited. Setting the status
// it has changes nothing. Errors: Invalid for an unknown status; NotFound
// for an unknown delegation or a letter not of it; Conflict when the letter
// is no longer the current one ("credentials-replaced") or the change skips
// a step (with "current_status").
func (s *Service) SetCredentialsStatus(ctx context.Context, delegationID, letterID, status string) (CredentialsLetter, error) {
	if !slices.Contains(CredentialsStatuses, status) {
		return CredentialsLetter{}, apperr.Fields(apperr.Field("status", "must be one of %s", strings.Join(CredentialsStatuses, ", ")))
	}
	if !httpx.IsUUID(letterID) {
		return CredentialsLetter{}, apperr.Fields(apperr.Field("letter_id", "must be a UUID"))
	}
	var out CredentialsLetter
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		d, err := s.invs().In(tx).FindDelegationByID(ctx, delegationID)
		if err != nil {
			return err
		}
		l, err := s.store.In(tx).LockCredentials(ctx, letterID)
		if err != nil || l.DelegationID != delegationID {
			return apperr.NotFoundf("no such credentials letter of this delegation")
		}
		if cur, err := s.store.In(tx).LatestCredentialsOf(ctx, delegationID, false); err != nil {
			return err
		} else if cur.ID != l.ID {
			return apperr.Conflictf("a newer credentials letter was uploaded on %s; look at it first",
				cur.CreatedAt.UTC().Format(time.RFC3339)).Typed("credentials-replaced").With("current_letter_id", cur.ID)
		}
		out = l
		if l.Status == status {
			return nil
		}
		if !slices.Contains(credentialsSteps[l.Status], status) {
			return apperr.Conflictf("a credentials letter %s cannot become %s in one step", l.Status, status).
				Typed("credentials-step").With("current_status", l.Status)
		}
		return s.changeCredentials(ctx, tx, d.EventID, &out, status)
	})
	return out, err
}

// changeCredentials writes a letter's new status with who set it and when,
// and the audit record of the change.
func (s *Service) changeCredentials(ctx context.Context, tx *gorm.DB, eventID string, l *CredentialsLetter, status string) error {
	who := actor.From(ctx)
	now := s.Now().UTC().Truncate(time.Microsecond)
	before := map[string]any{"status": l.Status, "status_at": l.StatusAt, "status_by": l.StatusByName}
	l.Status, l.StatusAt, l.StatusBy, l.StatusByName = status, &now, who.ID, who.Name
	if err := s.store.In(tx).SaveCredentialsStatus(ctx, *l); err != nil {
		return err
	}
	return audit.NewStore(tx).Record(ctx, audit.Change{Action: "status", Entity: "credentials_letter", EntityID: l.ID,
		EventID: eventID, Before: before, After: map[string]any{"delegation_id": l.DelegationID, "status": status,
			"status_at": now, "status_by": who.Name}})
}
