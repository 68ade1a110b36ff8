// Package api holds the service's contract, api/openapi.yaml, embedded so the
// server can serve it and tests can check every response against it.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document.
//
//go:embed openapi.yaml
var OpenAPI []byte
