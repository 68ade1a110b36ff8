package registration

import (
	"context"
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

// InvitationLetter renders the latest issued letter of the link's
// invitation, as issued (without an RSVP link: a link is printed only when
// it is made), with a file name from its reference number. Errors:
// NotFound when the invitation has no letter yet, Internal.
func (s *Service) InvitationLetter(ctx context.Context, l Link) ([]byte, string, error) {
	if l.Invitation.LetterVersion == 0 {
		return nil, "", apperr.NotFoundf("the invitation has no letter yet").Typed("no-letter")
	}
	letters := invitations.Letters{DB: s.db, Now: s.Now}
	pdf, c, err := letters.LetterPDF(ctx, l.Invitation.ID, 0, false)
	if err != nil {
		return nil, "", err
	}
	return pdf, letterName(c), nil
}

var unsafeLetterName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// letterName names a letter's file by its reference, version and language.
func letterName(c invitations.LetterContent) string {
	return unsafeLetterName.ReplaceAllString(c.ReferenceNumber, "-") + "-v" + strconv.Itoa(c.Version) + "-" + c.Language + ".pdf"
}

// writeLetter answers with the letter's PDF, shown in the browser or, with
// ?download=1, saved as a file; never cached, never run as a page.
func writeLetter(c echo.Context, pdf []byte, name string) error {
	disposition := "inline"
	if c.QueryParam("download") == "1" {
		disposition = "attachment"
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, disposition+`; filename="`+name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	noStore(c)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// getLetter is the RSVP API's letter: GET /api/v1/rsvp/{token}/letter.pdf.
func (s *Service) getLetter(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	pdf, name, err := s.InvitationLetter(ctx, l)
	if err != nil {
		return err
	}
	return writeLetter(c, pdf, name)
}

// pageLetter is the page's letter: GET /rsvp/{token}/letter.pdf; a link
// that does not resolve is answered with the page's short explanation.
func (s *Service) pageLetter(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	pdf, name, err := s.InvitationLetter(ctx, l)
	if err != nil {
		return s.renderError(ctx, c, pageLang(c, l.Invitation.Language), err, pageState{})
	}
	return writeLetter(c, pdf, name)
}
