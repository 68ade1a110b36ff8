package registration

import (
	"encoding/csv"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/auth"
	"accreditation/internal/httpx"
	"accreditation/internal/i18n"
)

// travelRoutes are the routes of travel and logistics: what the event asks,
// each member's answers through the RSVP link and for the Secretariat, and
// the arrivals by day.
func (s *Service) travelRoutes(g *echo.Group) {
	g.GET("/rsvp/:token/travel-settings", s.getLinkTravelSettings)
	g.GET("/rsvp/:token/participants/:participant_id/travel", s.getLinkTravel)
	g.PATCH("/rsvp/:token/participants/:participant_id/travel", s.patchLinkTravel)
	g.GET("/participants/:participant_id/travel", s.getTravel, auth.Allow(auth.Staff...))
	g.PATCH("/participants/:participant_id/travel", s.patchTravel, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/travel-settings", s.getTravelSettings, auth.Allow(auth.Staff...))
	g.PUT("/events/:event_id/travel-settings", s.putTravelSettings, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/arrivals", s.getArrivals, auth.Allow(auth.Staff...))
	g.GET("/events/:event_id/arrivals/export", s.exportArrivals, auth.Allow(auth.Staff...))
}

func (s *Service) getLinkTravelSettings(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	t, err := s.TravelSettingsOf(ctx, l.Invitation.EventID)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) getLinkTravel(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	t, err := s.LinkTravelOf(ctx, l, id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) patchLinkTravel(c echo.Context) error {
	ctx, l, err := s.link(c)
	if err != nil {
		return err
	}
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in TravelInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	t, err := s.UpdateTravel(ctx, l, id, in)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) getTravel(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	t, err := s.TravelOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	noStore(c)
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) patchTravel(c echo.Context) error {
	id, err := httpx.ID(c, "participant_id")
	if err != nil {
		return err
	}
	var in TravelInput
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	t, err := s.UpdateTravelByStaff(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	noStore(c)
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) getTravelSettings(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	t, err := s.TravelSettingsOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) putTravelSettings(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	var in struct {
		Fields []string `json:"fields"`
	}
	if err := httpx.Bind(c, &in); err != nil {
		return err
	}
	t, err := s.SetTravelSettings(c.Request().Context(), id, in.Fields)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, t)
}

func (s *Service) getArrivals(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	ev, days, err := s.ArrivalsByDay(c.Request().Context(), id)
	if err != nil {
		return err
	}
	noStore(c)
	return httpx.JSON(c, http.StatusOK, map[string]any{"event_id": ev.ID, "timezone": ev.Timezone, "days": days})
}

// ArrivalColumns are the arrivals export's header row.
var ArrivalColumns = []string{"date", "local_time", "arrival_flight", "arrival_airport", "delegation", "honorific",
	"given_names", "family_name", "role", "status", "hotel", "visa_needed", "accessibility", "dietary", "participant_id"}

func arrivalRow(date string, a Arrival) []string {
	visa := ""
	if a.VisaNeeded != nil {
		visa = strconv.FormatBool(*a.VisaNeeded)
	}
	return []string{date, a.LocalTime, a.ArrivalFlight, a.ArrivalAirport, a.DelegationName, a.Honorific, a.GivenNames,
		a.FamilyName, a.Role, a.Status, a.Hotel, visa, a.Accessibility, a.Dietary, a.ParticipantID}
}

func (s *Service) exportArrivals(c echo.Context) error {
	id, err := httpx.ID(c, "event_id")
	if err != nil {
		return err
	}
	return s.DownloadArrivals(c, id)
}

// DownloadArrivals answers with the event's arrivals by day as a file, CSV
// (the default) or XLSX as ?format= asks. Errors: Invalid format, NotFound,
// Internal.
func (s *Service) DownloadArrivals(c echo.Context, eventID string) error {
	format, err := httpx.ExportFormat(c, "csv")
	if err != nil {
		return err
	}
	ev, days, err := s.ArrivalsByDay(c.Request().Context(), eventID)
	if err != nil {
		return err
	}
	lang, err := httpx.ExportLanguage(c, ev.Languages...)
	if err != nil {
		return err
	}
	header := arrivalHeader(lang)
	rows := [][]string{header}
	for _, d := range days {
		for _, a := range d.Arrivals {
			rows = append(rows, neutralise(arrivalRow(d.Date, a)))
		}
	}
	name := "arrivals-" + s.Now().UTC().Format("20060102") + "." + format
	noStore(c)
	return httpx.Download(c, name, format, func(w io.Writer) error {
		if format == "csv" {
			return writeRowsCSV(w, rows)
		}
		return writeRowsXLSX(w, "Arrivals", rows)
	})
}

// arrivalHeader is the export's header row: what each column is in lang,
// or ArrivalColumns for "" (the machine keys).
func arrivalHeader(lang string) []string {
	if lang == "" {
		return ArrivalColumns
	}
	out := make([]string, len(ArrivalColumns))
	for i, col := range ArrivalColumns {
		out[i] = i18n.T(lang, "export.arrivals."+col)
	}
	return out
}

// writeRowsCSV writes rows as UTF-8 CSV with a byte-order mark.
func writeRowsCSV(w io.Writer, rows [][]string) error {
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return apperr.Wrap(err, "write CSV")
	}
	return nil
}

// writeRowsXLSX writes rows as one sheet of text cells.
func writeRowsXLSX(w io.Writer, sheet string, rows [][]string) error {
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return apperr.Wrap(err, "name sheet")
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = excelize.Cell{Value: v}
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
