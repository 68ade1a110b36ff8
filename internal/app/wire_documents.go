package app

import (
	"context"

	"github.com/labstack/echo/v4"

	"accreditation/internal/documents"
)

// wireDocuments adds the conference documents (the List of Participants,
// certificates of attendance) over the services wired before it.
func (a *App) wireDocuments(_ context.Context, v1 *echo.Group) error {
	s := a.Services
	a.Services.Documents = documents.NewService(a.DB.DB, s.Invitations, s.Registration, s.Checkin)
	a.Services.Documents.Routes(v1)
	return nil
}
