// Package web holds the browser assets that the server embeds and serves under /static/, and
// the API reference page at /api/docs. The third-party scripts are vendored, not fetched from a
// CDN, because the venue may have no internet connection; static/vendor/README.md lists them
// with their npm package, version and sha256.
package web
