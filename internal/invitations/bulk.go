package invitations

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/names"
)

// The spreadsheet columns of an import or export, delegation first.
var (
	delegationColumns = []string{"kind", "country", "name_en", "name_ar", "name_fr", "name_ru", "name_az",
		"focal_name", "focal_email", "focal_phone"}
	inviteeColumns = []string{"honorific", "given_names", "family_name", "native_name", "office", "email",
		"language", "quota", "rsvp_deadline"}
	importColumns   = append(append([]string{}, delegationColumns...), inviteeColumns...)
	exportColumns   = append(append([]string{}, importColumns...), "status", "reference_number", "id")
	requiredColumns = []string{"kind", "name_en", "email", "language", "rsvp_deadline"}
)

// Media types of the bulk files.
const (
	CSVType  = httpx.CSVType
	XLSXType = httpx.XLSXType
)

// RowError is a problem with one field of one line of an import.
type RowError struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// ImportResult is what an import did, or would do in a dry run: the
// counts, what changes on each line, and every problem of every line.
type ImportResult struct {
	DryRun             bool        `json:"dry_run"`
	CreatedDelegations int         `json:"created_delegations"`
	CreatedInvitations int         `json:"created_invitations"`
	UpdatedDelegations int         `json:"updated_delegations"`
	UpdatedInvitations int         `json:"updated_invitations"`
	Unchanged          int         `json:"unchanged"`
	Changes            []RowChange `json:"changes"`
	Errors             []RowError  `json:"errors"`
}

// RowChange is what an import does with one line: it creates an invitation
// (action "create"), or updates the one the line names by id or reference
// number (action "update"), column by column.
type RowChange struct {
	Line            int           `json:"line"`
	Action          string        `json:"action"`
	InvitationID    string        `json:"invitation_id,omitempty"`
	ReferenceNumber string        `json:"reference_number,omitempty"`
	Fields          []FieldChange `json:"fields"`
}

// FieldChange is one column's value before and after an import.
type FieldChange struct {
	Column string `json:"column"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Row is one data line of an import: its line number (1 is the header) and
// its cells by column name.
type Row struct {
	Line  int
	Cells map[string]string
}

// ParseCSV reads a UTF-8 CSV (with or without a byte-order mark), separated by
// commas or semicolons as its header line shows. It returns Invalid naming
// the line for bytes that are not UTF-8, a malformed line or a bad header.
func ParseCSV(body []byte) ([]Row, error) {
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	if !utf8.Valid(body) {
		line := 1 + bytes.Count(body[:firstInvalid(body)], []byte("\n"))
		return nil, apperr.Invalidf("line %d is not UTF-8 text; save the file as CSV UTF-8", line).With("line", line)
	}
	header, _, _ := bytes.Cut(body, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(body))
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, apperr.Invalidf("line %d is not valid CSV: %v", pe.Line, pe.Err).With("line", pe.Line)
			}
			return nil, apperr.Invalidf("the file is not valid CSV")
		}
		line, _ := r.FieldPos(0)
		records, lines = append(records, rec), append(lines, line)
	}
	return toRows(records, lines)
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Unzip limits of an imported XLSX workbook (a zip archive): at most
// MaxXLSXUnzipped bytes in all once unzipped, so that a small file cannot
// expand to gigabytes in memory or on disk (excelize's own default is 16 GB),
// of which a sheet larger than MaxXLSXSheetInMemory is read from a temporary
// file instead of memory.
const (
	MaxXLSXUnzipped      = 64 << 20
	MaxXLSXSheetInMemory = 16 << 20
)

// ParseXLSX reads the first sheet of an XLSX workbook. It returns Invalid
// when the file is not an XLSX workbook, unzips to more than MaxXLSXUnzipped
// bytes, or its header is bad.
func ParseXLSX(body []byte) ([]Row, error) {
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		return nil, apperr.Invalidf("the file is not an XLSX workbook")
	}
	f, err := excelize.OpenReader(bytes.NewReader(body),
		excelize.Options{UnzipSizeLimit: MaxXLSXUnzipped, UnzipXMLSizeLimit: MaxXLSXSheetInMemory})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, apperr.Invalidf("the workbook unzips to more than %d MB; split it or save it as CSV", MaxXLSXUnzipped>>20)
		}
		return nil, apperr.Invalidf("the file is not an XLSX workbook that can be read")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.Invalidf("the workbook has no sheet")
	}
	records, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, apperr.Invalidf("the workbook's first sheet cannot be read")
	}
	lines := make([]int, len(records))
	for i := range records {
		lines[i] = i + 1
	}
	return toRows(records, lines)
}

func toRows(records [][]string, lines []int) ([]Row, error) {
	if len(records) == 0 {
		return nil, apperr.Invalidf("the file is empty; its first line must name the columns")
	}
	cols := records[0]
	var v apperr.Validator
	seen := map[string]bool{}
	for i, cell := range cols {
		c, known := i18n.ColumnKey(cell, exportColumns)
		cols[i] = c
		v.Check(known || c == "", "column "+c,
			"is not a known column (%s, or their names in a working language)", strings.Join(exportColumns, ", "))
		v.Check(!seen[c] || c == "", "column "+c, "appears twice")
		seen[c] = true
	}
	for _, c := range requiredColumns {
		v.Check(seen[c], "column "+c, "is required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var rows []Row
	for i, rec := range records[1:] {
		row := Row{Line: lines[i+1], Cells: map[string]string{}}
		empty := true
		// A spreadsheet drops a line's empty cells at its end: every column
		// of the header is still in the row.
		for j, c := range cols {
			if c == "" {
				continue
			}
			cell := ""
			if j < len(rec) {
				cell = rec[j]
			}
			row.Cells[c] = cell
			empty = empty && strings.TrimSpace(cell) == ""
		}
		if !empty {
			rows = append(rows, row)
		}
	}
	return rows, nil
}

func mustClean(s string) string {
	c, err := names.Clean(s)
	if err != nil {
		return s
	}
	return c
}

func delegationInput(cell func(string) string) DelegationInput {
	kind, country := cell("kind"), cell("country")
	names := event.Texts{}
	for _, l := range event.Languages {
		if n := cell("name_" + l); n != "" {
			names[l] = n
		}
	}
	fp := FocalPoint{Name: cell("focal_name"), Email: cell("focal_email"), Phone: cell("focal_phone")}
	return DelegationInput{Kind: &kind, Country: &country, Names: &names, FocalPoint: &fp}
}

func invitationInput(cell func(string) string, ev event.Event, delegationID string) (InvitationInput, []apperr.FieldError) {
	var bad []apperr.FieldError
	str := func(name string) *string { s := cell(name); return &s }
	in := InvitationInput{DelegationID: &delegationID, Language: str("language"),
		Invitee: &InviteeInput{Honorific: str("honorific"), GivenNames: str("given_names"), FamilyName: str("family_name"),
			NativeName: str("native_name"), Office: str("office"), Email: str("email")}}
	if q := cell("quota"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			bad = append(bad, apperr.Field("quota", "must be a whole number"))
		}
		in.Quota = &n
	}
	d, err := parseDeadline(cell("rsvp_deadline"), ev.Location())
	if err != nil {
		bad = append(bad, apperr.Field("rsvp_deadline", "must be a date (YYYY-MM-DD) or an RFC 3339 time"))
	} else {
		in.RSVPDeadline = &d
	}
	return in, bad
}

// parseDeadline reads an RFC 3339 time, or a date meaning the end of that day
// in the event's time zone.
func parseDeadline(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return d, err
	}
	return d.AddDate(0, 0, 1).Add(-time.Second), nil
}

// columnOf names the import column of an input field.
func columnOf(field string) string {
	switch {
	case strings.HasPrefix(field, "invitee."):
		return strings.TrimPrefix(field, "invitee.")
	case strings.HasPrefix(field, "name."):
		return "name_" + strings.TrimPrefix(field, "name.")
	case strings.HasPrefix(field, "focal_point."):
		return "focal_" + strings.TrimPrefix(field, "focal_point.")
	}
	return field
}

// Export writes every invitation of an event, with its delegation, as CSV
// (UTF-8 with a byte-order mark, so that spreadsheets show every script) or
// XLSX, its header row naming the columns in lang (their machine keys when
// lang is ""). The file imports back as an update of the rows changed in
// it. It returns NotFound for an unknown event.
func (s *Service) Export(ctx context.Context, eventID, format, lang string, w io.Writer) error {
	invs, _, err := s.Invitations(ctx, InvitationFilter{EventID: eventID})
	if err != nil {
		return err
	}
	dels, _, err := s.store.FindDelegations(ctx, DelegationFilter{EventID: eventID})
	if err != nil {
		return err
	}
	byID := map[string]Delegation{}
	for _, d := range dels {
		byID[d.ID] = d
	}
	records := [][]string{i18n.Header(lang, exportColumns)}
	for _, inv := range invs {
		records = append(records, exportRecord(inv, byID[inv.DelegationID]))
	}
	if format == "xlsx" {
		return writeXLSX(w, records)
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.WriteAll(records); err != nil {
		return apperr.Wrap(err, "write CSV")
	}
	return nil
}

func exportRecord(inv Invitation, d Delegation) []string {
	ref := ""
	if inv.ReferenceNumber != nil {
		ref = *inv.ReferenceNumber
	}
	p := inv.Invitee
	return []string{d.Kind, d.Country, d.Names["en"], d.Names["ar"], d.Names["fr"], d.Names["ru"], d.Names["az"],
		d.FocalPoint.Name, d.FocalPoint.Email, d.FocalPoint.Phone,
		p.Honorific, p.GivenNames, p.FamilyName, p.NativeName, p.Office, p.Email,
		inv.Language, strconv.Itoa(inv.Quota), inv.RSVPDeadline.UTC().Format(time.RFC3339), inv.Status, ref, inv.ID}
}

func writeXLSX(w io.Writer, records [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Invitations"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return apperr.Wrap(err, "write XLSX")
	}
	for i, rec := range records {
		cells := make([]any, len(rec))
		for j, c := range rec {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return apperr.Wrap(err, "write XLSX")
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return apperr.Wrap(err, "write XLSX")
	}
	return nil
}
