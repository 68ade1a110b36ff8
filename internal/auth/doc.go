// Package auth knows who is calling: staff accounts with argon2id passwords,
// bearer tokens (sessions and scanner devices) stored only as SHA-256 hashes,
// one-time pairing codes that a scanner device exchanges for its token
// (device_pairing.go), login throttling, and the middleware that lets a route
// name the roles it allows. It knows nothing of events or checkpoints.
package auth
