package web

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/url"
	"strings"
)

//go:embed docs.html
var docsHTML string

var docsTemplate = template.Must(template.New("docs.html").Parse(docsHTML))

// DocsPage returns the HTML of the API reference page, which renders the OpenAPI document at
// specURL with the vendored Redoc bundle. specURL is best a path on this server, such as
// "/api/openapi.yaml"; an absolute http(s) URL works too, and its origin is then allowed in
// the page's Content-Security-Policy. The page loads nothing from any other origin.
func DocsPage(specURL string) []byte {
	var buf bytes.Buffer
	err := docsTemplate.Execute(&buf, struct {
		SpecURL    string
		SpecOrigin string
		Script     string
	}{specURL, origin(specURL), RedocPath})
	if err != nil {
		// The template and its data are fixed; only a broken template fails, and a test catches that.
		panic("web: rendering docs.html: " + err.Error())
	}
	return buf.Bytes()
}

// origin returns the scheme and host of an absolute http(s) URL, and "" for anything else,
// including a host with characters that could end the CSP directive it goes into.
func origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	for _, c := range u.Host {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.ContainsRune(".-:[]", c)
		if !ok {
			return ""
		}
	}
	return u.Scheme + "://" + u.Host
}
