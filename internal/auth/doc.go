// Package auth knows who is calling: staff accounts with argon2id passwords,
// bearer tokens (sessions and scanner devices) stored only as SHA-256 hashes,
// login throttling, and the middleware that lets a route name the roles it allows.
package auth
