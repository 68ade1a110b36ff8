// Package httpx is the HTTP plumbing every domain package shares: the Echo
// server with its middleware, the one error handler that writes
// application/problem+json, strict JSON binding, path ids and list pages.
package httpx
