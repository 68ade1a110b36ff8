package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var embedded embed.FS

// Static holds the files to serve under StaticPrefix, rooted at the static folder: the path
// "vendor/jsQR.js" in Static is served as "/static/vendor/jsQR.js".
var Static fs.FS = mustSub(embedded, "static")

// StaticPrefix is the URL path under which the server serves Static.
const StaticPrefix = "/static/"

// Paths of the vendored scripts, as the pages load them.
const (
	// RedocPath is the Redoc standalone bundle that renders the API reference.
	RedocPath = StaticPrefix + "vendor/redoc.standalone.js"
	// JSQRPath is the jsQR decoder that reads badge QR codes from camera frames. It defines
	// the global function jsQR(data, width, height), taking an ImageData's data.
	JSQRPath = StaticPrefix + "vendor/jsQR.js"
)

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // only for an invalid dir, a constant above
	}
	return sub
}
