package console

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"accreditation/internal/documents"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
	"accreditation/internal/invitations"
)

// documentsRoutes are the screen of the event's documents: the List of
// Participants in each language, edition and format, the corrections
// delegations sent, and certificates of attendance. The files' paths end in
// /download or /pdf, as every file of the console's does.
func (c *Console) documentsRoutes(g *echo.Group) {
	g.GET("/events/:event_id/documents", c.documentsPage)
	g.GET("/events/:event_id/documents/participants/download", c.documentsList)
	g.POST("/events/:event_id/documents/final", c.documentsIssueFinal)
	g.GET("/participants/:participant_id/certificate/pdf", c.certificate)
	g.GET("/delegations/:delegation_id/certificates/download", c.delegationCertificates)
}

type documentsView struct {
	Languages   []LangOption
	FinalIssued string // when the final edition was issued, "" before
	Corrections []correctionRow
	Attendance  []documents.DelegationAttendance
}

type correctionRow struct {
	When, WhenISO, Delegation, Body string
}

func (c *Console) documentsPage(ctx echo.Context) error {
	p := c.page(ctx, "documents.console.title")
	p.Nav = "documents"
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	rctx, ev := ctx.Request().Context(), p.Event
	v := documentsView{}
	for _, l := range ev.Languages {
		v.Languages = append(v.Languages, LangOption{Code: l, Name: i18n.Name(l)})
	}
	issued, err := c.Documents.FinalIssued(rctx, ev.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	if issued != nil {
		v.FinalIssued = issued.In(ev.Location()).Format("2006-01-02 15:04")
	}
	dels, _, err := c.Invitations.Delegations(rctx, invitations.DelegationFilter{EventID: ev.ID})
	if err != nil {
		return c.renderError(ctx, err)
	}
	names := map[string]string{}
	for _, d := range dels {
		names[d.ID] = p.In(d.Names)
	}
	corr, err := c.Documents.Corrections(rctx, ev.ID)
	if err != nil {
		return c.renderError(ctx, err)
	}
	for _, k := range corr {
		v.Corrections = append(v.Corrections, correctionRow{When: k.CreatedAt.In(ev.Location()).Format("2006-01-02 15:04"),
			WhenISO: k.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Delegation: names[k.DelegationID], Body: k.Body})
	}
	if v.Attendance, err = c.Documents.EventAttendance(rctx, ev.ID, p.Lang); err != nil {
		return c.renderError(ctx, err)
	}
	if ctx.QueryParam("done") == "final" {
		p.Done = p.T("documents.console.final_issued", v.FinalIssued)
	}
	p.Data = v
	return c.render(ctx, http.StatusOK, "documents", p)
}

// documentsList downloads the list as the API's route does.
func (c *Console) documentsList(ctx echo.Context) error {
	p := c.page(ctx, "documents.console.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	if err := c.Documents.DownloadList(ctx, p.Event.ID, documents.ListRequestOf(ctx)); err != nil {
		return c.renderError(ctx, err)
	}
	return nil
}

// documentsIssueFinal issues the final edition, after a confirmation that
// it closes the delegations' corrections.
func (c *Console) documentsIssueFinal(ctx echo.Context) error {
	p := c.page(ctx, "documents.console.title")
	if err := c.loadEvent(ctx, p); err != nil {
		return c.renderError(ctx, err)
	}
	if ok, err := c.confirmed(ctx, p, p.T("documents.console.issue_confirm")); !ok {
		return err
	}
	if _, err := c.Documents.IssueFinal(ctx.Request().Context(), p.Event.ID); err != nil {
		return c.renderError(ctx, err)
	}
	return ctx.Redirect(http.StatusSeeOther, Prefix+"/events/"+p.Event.ID+"/documents?done=final")
}

func (c *Console) certificate(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "participant_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	b, err := c.Documents.Certificate(ctx.Request().Context(), id)
	if err != nil {
		return c.renderError(ctx, err)
	}
	ctx.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="certificate-of-attendance.pdf"`)
	return ctx.Blob(http.StatusOK, "application/pdf", b)
}

func (c *Console) delegationCertificates(ctx echo.Context) error {
	id, err := httpx.ID(ctx, "delegation_id")
	if err != nil {
		return c.renderError(ctx, err)
	}
	format, ct := documents.PDF, "application/pdf"
	if ctx.QueryParam("format") == "zip" {
		format, ct = "zip", "application/zip"
	}
	var buf bytes.Buffer
	if err := c.Documents.DelegationCertificates(ctx.Request().Context(), id, format, &buf); err != nil {
		return c.renderError(ctx, err)
	}
	ctx.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="certificates-of-attendance.`+format+`"`)
	return ctx.Blob(http.StatusOK, ct, buf.Bytes())
}
