package registration

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/auth"
	"accreditation/internal/httpx"
)

// credentialsRoutes are the Secretariat's routes of a delegation's
// credentials letter: the file itself, and its status.
func (s *Service) credentialsRoutes(g *echo.Group) {
	g.GET("/delegations/:delegation_id/credentials", s.getCredentials, auth.Allow(auth.Staff...))
	g.GET("/delegations/:delegation_id/credentials/status", s.getCredentialsStatus, auth.Allow(auth.Staff...))
	g.PUT("/delegations/:delegation_id/credentials/status", s.putCredentialsStatus, auth.Allow(auth.Staff...))
}

func (s *Service) getCredentials(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	l, err := s.DelegationCredentials(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return WriteCredentials(c, l, c.QueryParam("download") == "1", false)
}

func (s *Service) getCredentialsStatus(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	l, err := s.CredentialsStatus(c.Request().Context(), id)
	if err != nil {
		return err
	}
	noStore(c)
	return httpx.JSON(c, http.StatusOK, l)
}

func (s *Service) putCredentialsStatus(c echo.Context) error {
	id, err := httpx.ID(c, "delegation_id")
	if err != nil {
		return err
	}
	var in struct {
		LetterID string `json:"letter_id"`
		Status   string `json:"status"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	l, err := s.SetCredentialsStatus(c.Request().Context(), id, in.LetterID, in.Status)
	if err != nil {
		return err
	}
	noStore(c)
	return httpx.JSON(c, http.StatusOK, l)
}

// WriteCredentials answers with a credentials letter's bytes, shown in the
// browser or, with download, saved as a file, under headers that keep it
// from ever running as a page of this site: its own type with no sniffing,
// and a sandbox with nothing allowed. framed lets the site's own pages show
// it in a frame. Nothing is cached: the letter holds personal data.
func WriteCredentials(c echo.Context, l CredentialsLetter, download, framed bool) error {
	h := c.Response().Header()
	disposition := "inline"
	if download {
		disposition = "attachment"
	}
	h.Set(echo.HeaderContentDisposition, disposition+"; "+dispositionName(l))
	h.Set("X-Content-Type-Options", "nosniff")
	ancestors := "'none'"
	if framed {
		ancestors = "'self'"
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors "+ancestors+
		"; base-uri 'none'; form-action 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("ETag", `"`+l.SHA256+`"`)
	ct := l.ContentType
	if ct == "" {
		ct = "application/pdf"
	}
	return c.Blob(http.StatusOK, ct, l.Data)
}

// dispositionName names the file for the browser: a plain ASCII name any
// browser reads, and the name as uploaded, in any script, for those that
// read RFC 6266's filename*.
func dispositionName(l CredentialsLetter) string {
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png"}[l.ContentType]
	if ext == "" {
		ext = ".pdf"
	}
	base := strings.ToLower(l.FileName)
	for _, e := range []string{".pdf", ".jpg", ".jpeg", ".png"} {
		base = strings.TrimSuffix(base, e)
	}
	var b strings.Builder
	for _, r := range base {
		switch {
		case r < 128 && (r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z')):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteRune('-')
		}
	}
	ascii := strings.Trim(b.String(), "-.")
	if ascii == "" {
		ascii = "credentials-letter"
	}
	out := `filename="` + ascii + ext + `"`
	if l.FileName != "" {
		out += "; filename*=UTF-8''" + extValue(l.FileName)
	}
	return out
}

// extValue percent-encodes s as RFC 8187 asks: every byte but the
// attr-char ones.
func extValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') || ('0' <= ch && ch <= '9') || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}
