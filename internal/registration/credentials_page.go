package registration

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
)

// pageCredentials takes the credentials letter from the page's upload
// form (multipart, field "credentials"); a refusal shows the page again
// with the reason beside the field, and nothing stored.
func (s *Service) pageCredentials(c echo.Context) error {
	ctx, l, ok, err := s.pageLink(c)
	if !ok {
		return err
	}
	lang := pageLang(c, l.Invitation.Language)
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, MaxCredentialsBytes+1<<16)
	name, data, err := readCredentialsFile(c)
	if err == nil {
		_, err = s.SetCredentialsFile(ctx, l, name, data)
	}
	if err != nil {
		return s.renderError(ctx, c, lang, err, pageState{letter: true})
	}
	return back(c, lang, "credentials")
}

// readCredentialsFile reads the uploaded file and the name it had.
// Errors: TooLarge over MaxCredentialsBytes, Invalid without a file.
func readCredentialsFile(c echo.Context) (string, []byte, error) {
	fh, err := c.FormFile("credentials")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, httpx.TooLarge("credentials letter", MaxCredentialsBytes)
		}
		return "", nil, apperr.Fields(apperr.Field("credentials", "choose a file"))
	}
	if fh.Size > MaxCredentialsBytes {
		return "", nil, httpx.TooLarge("credentials letter", MaxCredentialsBytes)
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, apperr.Invalidf("the file could not be read")
	}
	defer f.Close()
	data, err := httpx.ReadLimited(f, MaxCredentialsBytes, "credentials letter")
	return fh.Filename, data, err
}

// credentialsMessage is the message beside the upload field for a refusal.
func credentialsMessage(t map[string]string, ae *apperr.Error) string {
	switch ae.Kind {
	case apperr.TooLarge:
		return t["err_credentials_size"]
	case apperr.Unsupported:
		return t["err_credentials_type"]
	case apperr.Invalid:
		if len(ae.Fields) == 0 {
			return t["err_credentials_damaged"]
		}
		return t["err_credentials_missing"]
	}
	return t["err_generic"]
}
