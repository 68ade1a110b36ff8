package app

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"

	"accreditation/internal/actor"
	"accreditation/internal/auth"
	"accreditation/internal/checkin"
)

// Config is the server's configuration, read from the environment.
type Config struct {
	DatabaseURL   string   // DATABASE_URL: postgres://…; empty means the embedded SQLite file
	DataDir       string   // DATA_DIR: where the SQLite file and generated keys live
	HTTPAddr      string   // HTTP_ADDR
	PublicBaseURL string   // PUBLIC_BASE_URL: the address people reach, for links in letters and e-mails
	AdminEmail    string   // ADMIN_EMAIL
	AdminPassword string   // ADMIN_PASSWORD
	SMTPURL       string   // SMTP_URL: smtp://user:pass@host:port (smtps:// for implicit TLS)
	MailFrom      string   // MAIL_FROM
	CORSOrigins   []string // CORS_ORIGINS: comma-separated origins allowed to call the API from a browser
	// TrustedProxies is TRUSTED_PROXIES: comma-separated addresses or
	// networks (CIDR) of the proxies whose X-Forwarded-For is believed; unset
	// (or "none") means none: the client's address is the TCP peer's.
	TrustedProxies []*net.IPNet
	SigningSecret  string // SIGNING_KEY_SECRET: base64 of 32 bytes that encrypts badge signing keys
	LogLevel       string // LOG_LEVEL: debug, info, warn, error
	// LiveStreamsPerUser and LiveStreamsPerServer are LIVE_STREAMS_PER_USER
	// and LIVE_STREAMS_PER_SERVER: how many live attendance streams one
	// account, and this whole server, may have open at once.
	LiveStreamsPerUser, LiveStreamsPerServer int
}

// ConfigFromEnv reads the configuration from getenv and checks every value; the
// error lists each bad value with what is expected.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:   strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:       or(getenv("DATA_DIR"), "./data"),
		HTTPAddr:      or(getenv("HTTP_ADDR"), ":8080"),
		PublicBaseURL: strings.TrimRight(getenv("PUBLIC_BASE_URL"), "/"),
		AdminEmail:    or(getenv("ADMIN_EMAIL"), "admin@example.org"),
		AdminPassword: getenv("ADMIN_PASSWORD"),
		SMTPURL:       getenv("SMTP_URL"),
		MailFrom:      or(getenv("MAIL_FROM"), "Conference Secretariat <secretariat@example.org>"),
		SigningSecret: getenv("SIGNING_KEY_SECRET"),
		LogLevel:      or(getenv("LOG_LEVEL"), "info"),
	}
	for _, o := range strings.Split(getenv("CORS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	var errs []error
	switch tp := strings.TrimSpace(getenv("TRUSTED_PROXIES")); tp {
	case "", "none":
	default:
		for _, cidr := range strings.Split(tp, ",") {
			n, err := parseNetwork(strings.TrimSpace(cidr))
			if err != nil {
				errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q is not an address like 10.0.0.2 or a network like 10.0.0.0/8 (or use none)", cidr))
				continue
			}
			c.TrustedProxies = append(c.TrustedProxies, n)
		}
	}
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			bad("DATABASE_URL", "must be a postgres://user@host:port/database URL (leave it unset for the embedded database)")
		}
	}
	if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
		bad("HTTP_ADDR", "must be host:port or :port, e.g. :8080 (got %q)", c.HTTPAddr)
	}
	if c.PublicBaseURL == "" {
		c.PublicBaseURL = "http://localhost" + portOf(c.HTTPAddr)
	} else if u, err := url.Parse(c.PublicBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("PUBLIC_BASE_URL", "must be an http:// or https:// URL such as https://accreditation.example.org (got %q)", c.PublicBaseURL)
	}
	if !auth.ValidEmail(auth.NormalizeEmail(c.AdminEmail)) {
		bad("ADMIN_EMAIL", "must be an e-mail address (got %q)", c.AdminEmail)
	}
	if c.AdminPassword != "" && len([]rune(c.AdminPassword)) < auth.MinPasswordLength {
		bad("ADMIN_PASSWORD", "must have at least %d characters", auth.MinPasswordLength)
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			bad("SMTP_URL", "must look like smtp://user:pass@host:port or smtps://… (got a value that does not)")
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		bad("MAIL_FROM", "must be an address such as \"Secretariat <secretariat@example.org>\" (got %q)", c.MailFrom)
	}
	c.LiveStreamsPerUser = positive(getenv, "LIVE_STREAMS_PER_USER", checkin.DefaultLiveStreamsPerUser, bad)
	c.LiveStreamsPerServer = positive(getenv, "LIVE_STREAMS_PER_SERVER", checkin.DefaultLiveStreamsPerServer, bad)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LOG_LEVEL", "must be debug, info, warn or error (got %q)", c.LogLevel)
	}
	for _, o := range c.CORSOrigins {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			bad("CORS_ORIGINS", "%q is not an origin like https://example.org", o)
		}
	}
	return c, errors.Join(errs...)
}

// parseNetwork reads a network in CIDR notation, or one address as the
// network of that address alone.
func parseNetwork(s string) (*net.IPNet, error) {
	if ip := net.ParseIP(s); ip != nil {
		bits := 128
		if ip4 := ip.To4(); ip4 != nil {
			ip, bits = ip4, 32
		}
		return &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}, nil
	}
	_, n, err := net.ParseCIDR(s)
	return n, err
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

// positive reads name as a whole number of at least 1, def when unset.
func positive(getenv func(string) string, name string, def int, bad func(string, string, ...any)) int {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		bad(name, "must be a whole number of at least 1 (got %q)", v)
		return def
	}
	return n
}

func portOf(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "80" {
		return ""
	}
	return ":" + port
}

// Environ is os.Getenv, the usual source of configuration.
var Environ = os.Getenv

// UserInput builds an account request, for tests and tools.
func UserInput(email, name string, role actor.Role, password string) auth.UserInput {
	return auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &password}
}
