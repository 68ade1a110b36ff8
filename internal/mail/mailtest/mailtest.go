// Package mailtest runs a real SMTP server in-process for tests and parses
// what arrives, so that tests read mail as a receiving server would.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	From string   // envelope sender
	To   []string // envelope recipients
	Raw  []byte
}

// Server is an SMTP server on 127.0.0.1 that keeps every message.
type Server struct {
	Addr string
	mu   sync.Mutex
	msgs []Received
	srv  *smtp.Server
	t    testing.TB
	// stall is how long the server waits before it answers MAIL FROM.
	stall time.Duration
}

// Start runs a server on a free port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartAt(t, "127.0.0.1:0")
}

// FreeAddr returns an address where nothing listens (yet), for a test that
// starts the server late.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// StartAt runs a server at addr until the test ends.
func StartAt(t testing.TB, addr string) *Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen for SMTP: %v", err)
	}
	s := &Server{Addr: l.Addr().String(), t: t}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "mx.test"
	s.srv.AllowInsecureAuth = true
	s.srv.EnableSMTPUTF8 = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 50 << 20
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s
}

// URL is the SMTP_URL of the server.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// Stall makes the server wait d before it answers each MAIL FROM from now
// on, as a slow or overloaded server does.
func (s *Server) Stall(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stall = d
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait polls until at least n messages arrived or the deadline passes.
func (s *Server) Wait(t testing.TB, n int, within time.Duration) []Received {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		m := s.Messages()
		if len(m) >= n || time.Now().After(deadline) {
			if len(m) < n {
				t.Fatalf("got %d messages within %s, want %d", len(m), within, n)
			}
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	d := x.s.stall
	x.s.mu.Unlock()
	time.Sleep(d)
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, Received{From: x.from, To: x.to, Raw: raw})
	x.s.mu.Unlock()
	return nil
}

// Part is one leaf of a parsed MIME message.
type Part struct {
	ContentType string
	Filename    string
	Body        []byte // transfer-decoded
}

// Parsed is a message split into headers and leaf parts.
type Parsed struct {
	Header mail.Header
	Parts  []Part
}

// Decode decodes an RFC 2047 header value.
func Decode(v string) string {
	d := &mime.WordDecoder{}
	out, err := d.DecodeHeader(v)
	if err != nil {
		return v
	}
	return out
}

// Parse reads a raw message; it fails the test when it is not MIME.
func Parse(t testing.TB, raw []byte) Parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	p := Parsed{Header: m.Header}
	body, _ := io.ReadAll(m.Body)
	p.Parts = walk(t, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", body)
	return p
}

func walk(t testing.TB, ctype, enc, disp string, body []byte) []Part {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out []Part
		r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("read MIME part: %v", err)
			}
			b, _ := io.ReadAll(part)
			out = append(out, walk(t, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Disposition"), b)...)
		}
	}
	p := Part{ContentType: mt, Body: decodeTransfer(t, enc, body)}
	if _, dp, err := mime.ParseMediaType(disp); err == nil {
		p.Filename = Decode(dp["filename"])
	}
	if p.Filename == "" {
		p.Filename = Decode(params["name"])
	}
	return []Part{p}
}

func decodeTransfer(t testing.TB, enc string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' {
				return -1
			}
			return r
		}, string(body))
		out, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			t.Fatalf("base64 part: %v", err)
		}
		return out
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil {
			t.Fatalf("quoted-printable part: %v", err)
		}
		return out
	}
	return body
}

// Text returns the first part of type ct ("text/plain"), or "".
func (p Parsed) Text(ct string) string {
	for _, x := range p.Parts {
		if x.ContentType == ct && x.Filename == "" {
			return string(x.Body)
		}
	}
	return ""
}

// Attachment returns the part with a file name, or fails the test.
func (p Parsed) Attachment(t testing.TB) Part {
	t.Helper()
	for _, x := range p.Parts {
		if x.Filename != "" {
			return x
		}
	}
	t.Fatalf("no attachment among %d parts", len(p.Parts))
	return Part{}
}
