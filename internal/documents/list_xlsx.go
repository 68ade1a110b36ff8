package documents

import (
	"io"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/i18n"
)

// xlsxColumns are the workbook's columns, by catalogue key.
var xlsxColumns = []string{"section", "delegation", "role", "honorific", "name", "native_name", "function"}

// WriteXLSX writes the list as one sheet: a title row (the edition and the
// event), a header row in the list's language, then one row per entry in
// the list's order; the sheet reads right to left in Arabic. Errors: Internal.
func (l List) WriteXLSX(w io.Writer) error {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	sheet := "LoP"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return apperr.Wrap(err, "name sheet")
	}
	if l.Language == "ar" {
		rtl := true
		if err := x.SetSheetView(sheet, 0, &excelize.ViewOptions{RightToLeft: &rtl}); err != nil {
			return apperr.Wrap(err, "set the sheet's direction")
		}
	}
	rows := [][]string{{l.label() + " — " + eventName(l.Event, l.Language)}, {}}
	for _, c := range xlsxColumns {
		rows[1] = append(rows[1], i18n.T(l.Language, "documents.lop.col."+c))
	}
	for _, sec := range l.Sections {
		for _, d := range sec.Delegations {
			for _, e := range d.Entries {
				rows = append(rows, []string{sec.Title, d.Name, e.RoleLabel, e.Honorific, e.Name, e.NativeName, e.Function})
			}
		}
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &vals); err != nil {
			return apperr.Wrap(err, "write row")
		}
	}
	if _, err := x.WriteTo(w); err != nil {
		return apperr.Wrap(err, "write workbook")
	}
	return nil
}
