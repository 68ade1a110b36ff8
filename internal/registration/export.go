package registration

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/i18n"
)

// ExportColumns are the export's columns: the keys of its header row,
// which names them in the language asked.
var ExportColumns = []string{"id", "delegation", "honorific", "given_names", "family_name", "native_name", "gender",
	"function", "role", "email", "phone", "nationality", "interpretation_language", "status", "category",
	"category_code", "badge_number", "category_id", "created_at"}

// ExportedParticipant is one line of the export: a participant with the
// names of its delegation and category and the number of its current badge.
type ExportedParticipant struct {
	Participant
	DelegationName string
	CategoryCode   string
	CategoryNames  event.Texts
	BadgeNumber    *int
}

// exportRow is the line of p, its category named in lang (English when
// lang is "").
func exportRow(p ExportedParticipant, lang string) []string {
	cat, badge := "", ""
	if p.CategoryID != nil {
		cat = *p.CategoryID
	}
	if p.BadgeNumber != nil {
		badge = strconv.Itoa(*p.BadgeNumber)
	}
	name := p.CategoryNames.In(lang)
	if name == "" {
		name = p.CategoryCode
	}
	return []string{p.ID, p.DelegationName, p.Honorific, p.GivenNames, p.FamilyName, p.NativeName, p.Gender, p.Function,
		p.Role, p.Email, p.Phone, p.Nationality, p.InterpretationLanguage, p.Status, name, p.CategoryCode, badge, cat,
		p.CreatedAt.UTC().Format(time.RFC3339)}
}

// WriteCSV writes the participants matching f as UTF-8 CSV with a byte-order
// mark, so that spreadsheet programs read every script, its header naming
// the columns in lang (their machine keys when lang is ""). Errors: Internal.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, f ParticipantFilter, lang string) error {
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(i18n.Header(lang, ExportColumns)); err != nil {
		return err
	}
	err := s.store.EachParticipant(ctx, f, func(p ExportedParticipant) error {
		return cw.Write(neutralise(exportRow(p, lang)))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// neutralise keeps a spreadsheet from reading a cell as a formula. Names from
// the form cannot start with these characters legitimately except "-" and "+"
// in phone numbers, which a leading apostrophe keeps readable.
func neutralise(row []string) []string {
	for i, c := range row {
		if c != "" && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@') {
			row[i] = "'" + c
		}
	}
	return row
}

// WriteXLSX writes the participants matching f as an Excel workbook, streamed
// row by row, its header as WriteCSV's; every cell is text, never a formula.
// Errors: Internal.
func (s *Service) WriteXLSX(ctx context.Context, w io.Writer, f ParticipantFilter, lang string) error {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	const sheet = "Participants"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return apperr.Wrap(err, "name sheet")
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return apperr.Wrap(err, "open sheet")
	}
	row := 1
	write := func(cells []string) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{Value: c}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	if err := write(i18n.Header(lang, ExportColumns)); err != nil {
		return apperr.Wrap(err, "write header")
	}
	err = s.store.EachParticipant(ctx, f, func(p ExportedParticipant) error { return write(exportRow(p, lang)) })
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return apperr.Wrap(err, "finish sheet")
	}
	if _, err := x.WriteTo(w); err != nil {
		return apperr.Wrap(err, "write workbook")
	}
	return nil
}
