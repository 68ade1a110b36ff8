package speakers

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/typeset"
)

// SetStatement gives an entry its statement, replacing any before.
// Errors: NotFound, TooLarge, Unsupported, Internal.
func (s *Service) SetStatement(ctx context.Context, sessionID, speakerID string, up Upload) error {
	ct, err := sniffStatement(up.Data)
	if err != nil {
		return err
	}
	return s.inList(ctx, sessionID, func(tx *gorm.DB, st *Store, ss event.Session, set *Settings) error {
		if !httpx.IsUUID(speakerID) {
			return apperr.NotFoundf("no such speaker")
		}
		sp, err := st.FindSpeaker(ctx, ss.ID, speakerID)
		if err != nil {
			return err
		}
		stmt := Statement{SpeakerID: sp.ID, FileName: statementName(up.Name, ct), ContentType: ct, Data: up.Data, CreatedAt: s.now()}
		if err := st.SaveStatement(ctx, &stmt); err != nil {
			return err
		}
		return s.record(ctx, tx, sp, "statement", nil, nil, "", nil)
	})
}

// FindStatement returns an entry's statement. Errors: NotFound, Internal.
func (s *Service) FindStatement(ctx context.Context, sessionID, speakerID string) (Statement, error) {
	if _, err := s.plenary(ctx, s.store, sessionID); err != nil {
		return Statement{}, err
	}
	if !httpx.IsUUID(speakerID) {
		return Statement{}, apperr.NotFoundf("no such speaker")
	}
	if _, err := s.store.FindSpeaker(ctx, sessionID, speakerID); err != nil {
		return Statement{}, err
	}
	return s.store.FindStatement(ctx, speakerID)
}

// StatementsZIP writes the statements received for a session's list into
// one ZIP, each named by its place, delegation and file name. Errors:
// Internal.
func (s *Service) StatementsZIP(ctx context.Context, sessionID string, w io.Writer) error {
	people := map[string]Person{}
	zw := zip.NewWriter(w)
	err := s.store.EachStatement(ctx, sessionID, func(sp Speaker, st Statement) error {
		if _, ok := people[sp.ParticipantID]; !ok {
			p, err := s.store.People(ctx, []string{sp.ParticipantID}, "en")
			if err != nil {
				return err
			}
			people[sp.ParticipantID] = p[sp.ParticipantID]
		}
		name := fmt.Sprintf("%03d %s - %s", sp.Position, people[sp.ParticipantID].Delegation, st.FileName)
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: st.CreatedAt})
		if err != nil {
			return apperr.Wrap(err, "write the statements")
		}
		_, err = f.Write(st.Data)
		return wrap(err, "write the statements")
	})
	if err != nil {
		return err
	}
	return wrap(zw.Close(), "write the statements")
}

func wrap(err error, detail string) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(err, detail)
}

// PDF draws a session's list of speakers in lang as an A4 document: the
// session's title, then each waiting speaker in order with their
// honorific, name in Latin and own script, and delegation. Errors:
// NotFound, Internal.
func (s *Service) PDF(ctx context.Context, sessionID, lang string) ([]byte, error) {
	list, err := s.List(ctx, sessionID, lang)
	if err != nil {
		return nil, err
	}
	ev, err := s.store.FindEvent(ctx, list.Session.EventID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	st := func(size float64, bold bool) typeset.Style {
		out := typeset.Style{Size: size, Bold: bold}
		if lang == "ar" {
			out.Dir = typeset.RightToLeft
		}
		return out
	}
	title := ev.NameIn(lang)
	y := typeset.Paragraph(pdf, 18, 18, 174, title, st(12, false))
	y = typeset.Paragraph(pdf, 18, y+2, 174, i18n.T(lang, "speakers.list_title"), st(16, true))
	y = typeset.Paragraph(pdf, 18, y+1, 174, list.Session.Titles.In(lang), st(12, true)) + 4
	if len(list.Waiting) == 0 {
		typeset.Paragraph(pdf, 18, y, 174, i18n.T(lang, "speakers.empty"), st(11, false))
	}
	for i, sp := range list.Waiting {
		p := sp.Person
		line := fmt.Sprintf("%d. %s", i+1, joinName(p.Honorific, p.Name))
		if p.NativeName != "" {
			line += " (" + p.NativeName + ")"
		}
		y = typeset.Paragraph(pdf, 18, y, 174, line, st(11, true))
		y = typeset.Paragraph(pdf, 24, y, 168, p.Delegation, st(10, false)) + 2
	}
	if err := pdf.Error(); err != nil {
		return nil, apperr.Wrap(err, "draw the list of speakers")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, apperr.Wrap(err, "write the list of speakers")
	}
	return buf.Bytes(), nil
}
