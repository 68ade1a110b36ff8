package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/mail"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// MessageID is the Message-ID of the outbox item id (without angle
// brackets). It is stable across retries, so that a receiving server or a
// duplicate filter can drop a second copy sent after a crash between sending
// and recording it.
func MessageID(itemID, domain string) string { return "outbox." + itemID + "@" + domain }

// build turns a stored item into a MIME message: From, To with its display
// name (RFC 2047 encoded when not ASCII), a UTF-8 subject, Content-Language,
// the stable Message-ID, Date, the text part, an optional HTML alternative,
// and the attachments.
func build(from *mail.Address, domain string, it Item, now time.Time) (*gomail.Msg, error) {
	var m Message
	if err := json.Unmarshal([]byte(it.Payload), &m); err != nil {
		return nil, fmt.Errorf("decode stored message: %w", err)
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	msg.SetMessageIDWithValue(MessageID(it.ID, domain))
	msg.SetDateWithValue(now)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		opts := []gomail.FileOption{}
		if a.ContentType != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), opts...)
	}
	return msg, nil
}

// deliver sends msg in one SMTP conversation.
func (s server) deliver(ctx context.Context, timeout time.Duration, msg *gomail.Msg) error {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(&tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12})}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		// STARTTLS when the server offers it, plain otherwise: many relays
		// inside a conference network speak no TLS.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return c.DialAndSendWithContext(ctx, msg)
}
