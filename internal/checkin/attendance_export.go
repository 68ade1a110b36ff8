package checkin

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// table is one table of an attendance export: a sheet of the workbook.
type table struct {
	name   string
	header []string
	rows   [][]string
}

// delegationTable is the attendance by delegation, the CSV export.
func (a Attendance) delegationTable() table {
	t := table{name: "By delegation", header: []string{"delegation", "nominated", "accredited", "arrived", "inside_now"}}
	for _, d := range a.Delegations {
		t.rows = append(t.rows, []string{d.Name, itoa(d.Nominated), itoa(d.Accredited), itoa(d.Arrived), itoa(d.InsideNow)})
	}
	return t
}

// tables are every table of the report, one sheet each in the workbook.
func (a Attendance) tables() []table {
	cat := table{name: "By category", header: []string{"category", "accredited", "arrived", "inside_now"}}
	for _, c := range a.Categories {
		cat.rows = append(cat.rows, []string{c.Code, itoa(c.Accredited), itoa(c.Arrived), itoa(c.InsideNow)})
	}
	cp := table{name: "By checkpoint", header: []string{"checkpoint", "scans", "accepted", "refused"}}
	for _, c := range a.Checkpoints {
		cp.rows = append(cp.rows, []string{c.Name, itoa(c.Scans), itoa(c.Accepted), itoa(c.Refused)})
	}
	zone := table{name: "By zone", header: []string{"zone", "inside_now"}}
	for _, z := range a.Zones {
		zone.rows = append(zone.rows, []string{z.Code, itoa(z.InsideNow)})
	}
	day := table{name: "By day", header: []string{"date", "entry_scans", "arrived"}}
	for _, d := range a.Days {
		day.rows = append(day.rows, []string{d.Date, itoa(d.Scans), itoa(d.Arrived)})
	}
	return []table{a.delegationTable(), cat, cp, zone, day}
}

func itoa(n int) string { return strconv.Itoa(n) }

// WriteCSV writes the attendance by delegation as CSV with a UTF-8 byte
// order mark, so that spreadsheet programs read the names right, its header
// naming the columns in lang (their machine keys when lang is ""); a cell
// that a spreadsheet would take for a formula is kept as text. Errors: the
// writer's.
func (a Attendance) WriteCSV(w io.Writer, lang string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	t := a.delegationTable()
	cw := csv.NewWriter(w)
	_ = cw.Write(i18n.Header(lang, t.header))
	for _, r := range t.rows {
		_ = cw.Write(asText(r))
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the attendance as an Excel workbook: one sheet each by
// delegation, category, checkpoint, zone and day; every name is a text
// cell, never a formula, and every count a number; the header rows name
// the columns in lang, as WriteCSV's does. Errors: Internal.
func (a Attendance) WriteXLSX(w io.Writer, lang string) error {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	for i, t := range a.tables() {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", t.name); err != nil {
				return apperr.Wrap(err, "name sheet")
			}
		} else if _, err := x.NewSheet(t.name); err != nil {
			return apperr.Wrap(err, "add sheet")
		}
		t.header = i18n.Header(lang, t.header)
		if err := writeSheet(x, t); err != nil {
			return err
		}
	}
	if _, err := x.WriteTo(w); err != nil {
		return apperr.Wrap(err, "write workbook")
	}
	return nil
}

func writeSheet(x *excelize.File, t table) error {
	sw, err := x.NewStreamWriter(t.name)
	if err != nil {
		return apperr.Wrap(err, "open sheet")
	}
	for i, r := range append([][]string{t.header}, t.rows...) {
		vals := make([]any, len(r))
		for j, c := range r {
			if n, err := strconv.Atoi(c); err == nil && i > 0 && j > 0 {
				vals[j] = n
			} else {
				vals[j] = excelize.Cell{Value: c}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return apperr.Wrap(err, "write row")
		}
	}
	return wrap(sw.Flush(), "finish sheet")
}

// asText keeps a spreadsheet from reading a cell as a formula.
func asText(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = c
		if c != "" && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@') {
			out[i] = "'" + c
		}
	}
	return out
}

// Download answers with the attendance as a file to save, in format csv or
// xlsx, named after the time of the report, its header in lang. Errors:
// the writer's.
func (a Attendance) Download(c echo.Context, format, lang string) error {
	name := "attendance-" + a.At.UTC().Format("20060102-1504") + "." + format
	return httpx.Download(c, name, format, func(w io.Writer) error {
		if format == "xlsx" {
			return a.WriteXLSX(w, lang)
		}
		return a.WriteCSV(w, lang)
	})
}
