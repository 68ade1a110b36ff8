package invitations

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/mail"
)

// DispatchKey is the outbox dedupe key of an invitation's letter version:
// one e-mail per version, whatever the retries.
func DispatchKey(id string, version int) string { return fmt.Sprintf("invitation:%s:v%d", id, version) }

// ReminderKey is the outbox dedupe key of an invitation's one reminder.
func ReminderKey(id string) string { return "reminder:" + id }

// Dispatch queues the e-mail of an invitation's latest letter: in its
// language, the subject from the frozen template, the letter PDF attached,
// and a freshly minted RSVP link printed in the PDF, in its QR code and in the
// text. The invitation becomes sent when the mail is queued, in the same
// transaction (the outbox then delivers it, retrying; its state is on the
// outbox item). Dispatching a version again returns the item already queued
// and mints no new link. Errors: NotFound, Conflict (not issued or sent, with
// the status), Internal.
func (l *Letters) Dispatch(ctx context.Context, id string) (item mail.Item, created bool, err error) {
	err = l.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := l.store().In(tx)
		inv, err := st.LockInvitation(ctx, id)
		if err != nil {
			return err
		}
		if inv.Status != Issued && inv.Status != Sent {
			return statusConflict("only an issued or sent invitation can be dispatched", inv.Status)
		}
		key := DispatchKey(id, inv.LetterVersion)
		if it, ok, err := mail.NewStore(tx).FindByDedupeKey(ctx, key); err != nil || ok {
			item = it
			return err
		}
		c, err := l.Invitations.CurrentLetter(ctx, tx, inv)
		if err != nil {
			return err
		}
		link, _, err := l.Invitations.NewRSVPLink(ctx, tx, &inv)
		if err != nil {
			return err
		}
		pdf, err := RenderLetter(c, link, l.now())
		if err != nil {
			return err
		}
		m := l.message(c, inv, link, false)
		m.Attachments = []mail.Attachment{{Name: letterFileName(c), ContentType: "application/pdf", Data: pdf}}
		item, created, err = mail.NewStore(tx).Enqueue(ctx, mail.Envelope{EventID: inv.EventID, Kind: "invitation",
			SubjectID: id, DedupeKey: key}, m)
		if err != nil {
			return err
		}
		return st.Transition(ctx, &inv, Sent)
	})
	if created && l.Notify != nil {
		l.Notify()
	}
	return item, created, err
}

// message is the e-mail of a letter (or of its reminder) in its language.
func (l *Letters) message(c LetterContent, inv Invitation, link string, reminder bool) mail.Message {
	w := wordsIn(c.Language)
	values := LetterValues(c)
	intro := w.mailIntro
	if reminder {
		intro = w.remindIntro
	}
	paras := []string{fmt.Sprintf(intro, c.Event.Name), fmt.Sprintf(w.mailLink, values["rsvp_deadline"]), link,
		w.ref + " " + c.ReferenceNumber}
	text := strings.Join(paras, "\n\n") + "\n"
	dir := "ltr"
	if c.Language == "ar" {
		dir = "rtl"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="%s" dir="%s"><body>`, c.Language, dir)
	for i, p := range paras {
		esc := strings.ReplaceAll(html.EscapeString(p), "\n", "<br>")
		if i == 2 {
			esc = fmt.Sprintf(`<a href="%s" dir="ltr">%s</a>`, html.EscapeString(link), html.EscapeString(link))
		}
		b.WriteString("<p>" + esc + "</p>")
	}
	b.WriteString("</body></html>")
	subject := Fill(letterTemplate(c).Subject, values)
	name := strings.TrimSpace(inv.Invitee.NativeName)
	if name == "" {
		name = strings.Join(strings.Fields(inv.Invitee.Honorific+" "+inv.Invitee.GivenNames+" "+inv.Invitee.FamilyName), " ")
	}
	return mail.Message{To: inv.Invitee.Email, ToName: name, Subject: subject, Text: text, HTML: b.String(), Language: c.Language}
}

// DispatchFilter selects an event's invitations to dispatch.
type DispatchFilter struct {
	Status        string   `json:"status"`
	DelegationIDs []string `json:"delegation_ids"`
	Language      string   `json:"language"`
}

// DispatchResult counts what a bulk dispatch did.
type DispatchResult struct {
	Queued  int `json:"queued"`
	Skipped int `json:"skipped"` // already dispatched for their letter version
}

// DispatchEvent dispatches every issued or sent invitation of an event that
// matches f, each in its own transaction. Errors: Invalid, NotFound (event),
// Internal.
func (l *Letters) DispatchEvent(ctx context.Context, eventID string, f DispatchFilter) (DispatchResult, error) {
	var res DispatchResult
	if f.Status != "" && f.Status != Issued && f.Status != Sent {
		return res, apperr.Fields(apperr.Field("status", "must be issued or sent"))
	}
	if f.Language != "" {
		if err := checkLanguage(f.Language); err != nil {
			return res, err
		}
	}
	for _, id := range f.DelegationIDs {
		if !httpx.IsUUID(id) {
			return res, apperr.Fields(apperr.Field("delegation_ids", "must list delegation UUIDs"))
		}
	}
	if err := l.store().requireEvent(ctx, eventID); err != nil {
		return res, err
	}
	ids, err := l.store().findDispatchable(ctx, eventID, f)
	if err != nil {
		return res, err
	}
	for _, id := range ids {
		_, created, err := l.Dispatch(ctx, id)
		var ae *apperr.Error
		switch {
		case errors.As(err, &ae) && ae.Kind == apperr.Conflict:
			res.Skipped++ // changed status since it was selected
		case err != nil:
			return res, err
		case created:
			res.Queued++
		default:
			res.Skipped++
		}
	}
	return res, nil
}
