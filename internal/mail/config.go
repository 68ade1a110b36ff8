package mail

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config says where and how the worker sends mail. The zero durations take
// the defaults below.
type Config struct {
	// URL is SMTP_URL: smtp://user:pass@host:port (STARTTLS when the server
	// offers it) or smtps://user:pass@host:port (implicit TLS). Empty disables
	// sending: messages stay queued.
	URL string
	// From is MAIL_FROM, e.g. "Conference Secretariat <secretariat@example.org>".
	From string
	// Poll is how often the worker looks for due messages without a Notify.
	Poll time.Duration
	// Backoff is the delay after the first failed attempt; it doubles with
	// each further failure up to MaxBackoff, with jitter.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// MaxAttempts is how many attempts a message gets before it is failed.
	MaxAttempts int
	// Lease is how long a claimed message stays claimed without news; the
	// worker renews it every third of it while it works, and a worker that
	// dies while sending leaves it to be retried once the lease ends.
	Lease time.Duration
	// Timeout bounds one SMTP conversation.
	Timeout time.Duration
	// Batch is how many messages one pass claims at most.
	Batch int
}

// The defaults of Config.
const (
	DefaultPoll        = 15 * time.Second
	DefaultBackoff     = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultMaxAttempts = 10
	DefaultLease       = 15 * time.Second
	DefaultTimeout     = time.Minute
	DefaultBatch       = 20
)

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Poll, DefaultPoll)
	def(&c.Backoff, DefaultBackoff)
	def(&c.MaxBackoff, DefaultMaxBackoff)
	def(&c.Lease, DefaultLease)
	def(&c.Timeout, DefaultTimeout)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Batch <= 0 {
		c.Batch = DefaultBatch
	}
	return c
}

// server is a parsed SMTP_URL.
type server struct {
	host     string
	port     int
	implicit bool // smtps: TLS from the first byte
	user     string
	password string
}

// parseURL reads SMTP_URL; the error never contains the password.
func parseURL(raw string) (server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return server{}, fmt.Errorf("SMTP_URL is not a URL")
	}
	s := server{host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicit = 465, true
	default:
		return server{}, fmt.Errorf("SMTP_URL must start with smtp:// or smtps://")
	}
	if s.host == "" {
		return server{}, fmt.Errorf("SMTP_URL has no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return server{}, fmt.Errorf("SMTP_URL has a bad port %q", p)
		}
		s.port = n
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

func (s server) addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// domainOf returns the domain of the From address, for Message-IDs.
func domainOf(from string) string {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return "localhost"
	}
	if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
		return a.Address[i+1:]
	}
	return "localhost"
}
