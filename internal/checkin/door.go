package checkin

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
)

//go:embed static
var staticFS embed.FS

// DoorRoutes serves the door page at /door and its script, style and the
// vendored QR decoder (jsQR, Apache-2.0) under /static/checkin/. The page is
// public: the device signs in on it with its token.
func DoorRoutes(e *echo.Echo) {
	sub, _ := fs.Sub(staticFS, "static")
	page, _ := fs.ReadFile(sub, "door.html")
	e.GET("/door", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.HTMLBlob(http.StatusOK, page)
	})
	assets := http.StripPrefix("/static/checkin/", http.FileServer(http.FS(sub)))
	e.GET("/static/checkin/*", echo.WrapHandler(assets))
}
