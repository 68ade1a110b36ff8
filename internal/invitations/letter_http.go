package invitations

import (
	"context"
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// LetterPDF renders version (0 for the latest) of an invitation's letter. With
// withLink it mints a new RSVP link, which revokes the previous one, and
// prints it: the token is stored only as a hash, so a link can be printed
// only when it is made. Errors: NotFound, Conflict (never issued, or a link
// for an older version or a withdrawn invitation), Internal.
func (l *Letters) LetterPDF(ctx context.Context, id string, version int, withLink bool) ([]byte, LetterContent, error) {
	var pdf []byte
	var c LetterContent
	err := l.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := l.store().In(tx)
		inv, err := st.findInvitation(ctx, id, false)
		if err != nil {
			return err
		}
		if inv.LetterVersion == 0 {
			return statusConflict("the invitation has no letter until it is issued", inv.Status)
		}
		if version == 0 {
			version = inv.LetterVersion
		}
		if withLink && version != inv.LetterVersion {
			return statusConflict("a link can be printed only on the latest letter", inv.Status)
		}
		if c, err = st.letterVersion(ctx, id, version); err != nil {
			return err
		}
		link := ""
		if withLink {
			if inv, err = st.LockInvitation(ctx, id); err != nil {
				return err
			}
			url, expires, err := l.Invitations.NewRSVPLink(ctx, tx, &inv)
			if err != nil {
				return err
			}
			link = url
			if err := audit.NewStore(tx).Record(ctx, audit.Change{Action: "rsvp-link", Entity: "invitation", EntityID: id,
				EventID: inv.EventID, After: map[string]any{"expires_at": expires, "for": "letter.pdf"}}); err != nil {
				return err
			}
		}
		pdf, err = RenderLetter(c, link, c.IssuedAt)
		return err
	})
	return pdf, c, err
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// letterFileName is a file name for a letter: its reference, made safe.
func letterFileName(c LetterContent) string {
	return unsafeName.ReplaceAllString(c.ReferenceNumber, "-") + "-v" + strconv.Itoa(c.Version) + "-" + c.Language + ".pdf"
}

func (l *Letters) getLetterPDF(c echo.Context) error {
	id, err := httpx.ID(c, "invitation_id")
	if err != nil {
		return err
	}
	var v apperr.Validator
	version := 0
	if s := c.QueryParam("version"); s != "" {
		version, err = strconv.Atoi(s)
		v.Check(err == nil && version >= 1, "version", "must be a positive integer")
	}
	withLink := false
	if s := c.QueryParam("with_link"); s != "" {
		withLink, err = strconv.ParseBool(s)
		v.Check(err == nil, "with_link", "must be true or false")
	}
	if err := v.Err(); err != nil {
		return err
	}
	pdf, content, err := l.LetterPDF(c.Request().Context(), id, version, withLink)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+letterFileName(content)+`"`)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}
