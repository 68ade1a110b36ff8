package console

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// maxConsoleImport is the largest file the import page takes: its content
// goes back to the server, base64-encoded, when the import is confirmed,
// and that must stay under the server's limit on a request's body.
const maxConsoleImport = 8 << 20

// importState is what the import page shows: the form, then the dry run's
// result with the confirmation (carrying the file) when it found nothing
// wrong, or every error of every line.
type importState struct {
	Checked  bool // a file was checked
	FileName string
	Format   string // csv or xlsx
	Content  string // the file, base64, for the confirmation
	Result   invitations.ImportResult
	Updates  []invitations.RowChange // the lines that change an invitation or its delegation
	Errors   []invitations.RowError
}

func (c *Console) importPage(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.import.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	p.Form = NewForm(p.Lang)
	p.Data = importState{}
	return c.render(ctx, http.StatusOK, "invitation_import", p)
}

// importInvitations checks an uploaded file in a dry run (nothing is
// stored) and shows what it would do or what is wrong on each line; sent
// again with confirm=1 and the file it carried, it imports it (all or
// nothing, checked again).
func (c *Console) importInvitations(ctx echo.Context) error {
	p := c.invitationPage(ctx, "console.invitations.import.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	f := NewForm(p.Lang)
	p.Form = f
	st := importState{}
	body, format, name, err := importFile(ctx)
	if err != nil {
		return c.importRefused(ctx, p, st, err)
	}
	st.FileName, st.Format = name, format
	rows, err := parseImport(body, format)
	if err != nil {
		return c.importRefused(ctx, p, st, err)
	}
	confirm := ctx.FormValue("confirm") == "1"
	res, err := c.Invitations.Import(ctx.Request().Context(), p.Event.ID, rows, !confirm)
	if err != nil {
		return c.importRefused(ctx, p, st, err)
	}
	if confirm {
		done, n := "imported", res.CreatedInvitations
		if res.UpdatedInvitations+res.UpdatedDelegations > 0 {
			done, n = "imported_updated", res.CreatedInvitations+res.UpdatedInvitations
		}
		return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/invitations?done="+done+"&n="+strconv.Itoa(n))
	}
	st.Checked, st.Result, st.Content = true, res, base64.StdEncoding.EncodeToString(body)
	for _, ch := range res.Changes {
		if ch.Action == "update" && len(ch.Fields) > 0 {
			st.Updates = append(st.Updates, ch)
		}
	}
	p.Data = st
	return c.render(ctx, http.StatusOK, "invitation_import", p)
}

// importFile reads the file of the import form: an upload (field "file"),
// or the content carried by the confirmation (fields "content" and
// "format"). It returns Invalid (on field "file") for a file that is
// missing, too large, or neither CSV nor XLSX.
func importFile(ctx echo.Context) (body []byte, format, name string, err error) {
	if content := ctx.FormValue("content"); content != "" {
		format, name = ctx.FormValue("format"), ctx.FormValue("file_name")
		body, err = base64.StdEncoding.DecodeString(content)
		if err != nil || (format != "csv" && format != "xlsx") || len(body) > maxConsoleImport {
			return nil, "", "", apperr.Fields(apperr.Field("file", "the file to import was lost; choose it again"))
		}
		return body, format, strings.ToValidUTF8(name, ""), nil
	}
	fh, err := ctx.FormFile("file")
	if err != nil {
		return nil, "", "", apperr.Fields(apperr.Field("file", "choose a CSV or XLSX file"))
	}
	name = strings.ToValidUTF8(filepath.Base(fh.Filename), "")
	if fh.Size > maxConsoleImport {
		return nil, "", name, apperr.Fields(apperr.Field("file", "the file is larger than 8 MB"))
	}
	fr, err := fh.Open()
	if err != nil {
		return nil, "", name, apperr.Fields(apperr.Field("file", "the file could not be read"))
	}
	defer fr.Close()
	body, err = httpx.ReadLimited(fr, maxConsoleImport, "file")
	if err != nil {
		return nil, "", name, apperr.Fields(apperr.Field("file", "the file is larger than 8 MB"))
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(body, []byte("PK\x03\x04")) && ext != ".csv":
		format = "xlsx"
	case ext == ".csv" || ext == ".txt":
		format = "csv"
	default:
		return nil, "", name, apperr.Fields(apperr.Field("file", "is neither a CSV nor an XLSX file"))
	}
	return body, format, name, nil
}

func parseImport(body []byte, format string) ([]invitations.Row, error) {
	if format == "xlsx" {
		return invitations.ParseXLSX(body)
	}
	if !bytes.HasPrefix(body, []byte("\uFEFF")) && bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		return nil, apperr.Invalidf("the file is an XLSX workbook named .csv")
	}
	return invitations.ParseCSV(body)
}

// importRefused shows the import form again: the file's problem beside the
// file field, or the table of every line's errors.
func (c *Console) importRefused(ctx echo.Context, p *Page, st importState, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return err
	}
	if rows, ok := ae.Extra["errors"].([]invitations.RowError); ok {
		st.Checked, st.Errors = true, rows
		p.Problem = p.T("console.invitations.import.n_errors", len(rows))
		p.Data = st
		return c.render(ctx, http.StatusUnprocessableEntity, "invitation_import", p)
	}
	msg := ae.Detail
	var parts []string
	for _, fe := range ae.Fields {
		if fe.Field == "file" {
			parts = append(parts, fe.Detail)
		} else {
			parts = append(parts, fe.Field+" "+fe.Detail)
		}
	}
	if len(parts) > 0 {
		msg = strings.Join(parts, "; ")
	}
	p.Form.Errors["file"] = i18n.T(p.Lang, "console.invitations.import.bad_file") + " (" + msg + ")"
	p.Problem = p.T("console.err.fix")
	p.Data = st
	status := http.StatusBadRequest
	if ae.Kind == apperr.TooLarge {
		status = http.StatusRequestEntityTooLarge
	}
	return c.render(ctx, status, "invitation_import", p)
}

// exportInvitations downloads every invitation of the event as CSV or XLSX,
// its header in the language the link asks for (the page's).
func (c *Console) exportInvitations(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "event_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	format, err := httpx.ExportFormat(ctx, "csv")
	if err != nil {
		return c.renderError(ctx, err)
	}
	ev, err := c.Event.Store().FindEventByID(ctx.Request().Context(), id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	lang, err := httpx.ExportLanguage(ctx, ev.Languages...)
	if err != nil {
		return c.renderError(ctx, err)
	}
	noStore(ctx)
	return httpx.Download(ctx, "invitations."+format, format, func(w io.Writer) error {
		return c.Invitations.Export(ctx.Request().Context(), id, format, lang, w)
	})
}
