// Package badges holds what makes a conference badge: the events' signing
// keys (kept encrypted under a master key), the signed credential printed as
// the badge's QR code and checked at the doors, the badge PDFs and the print
// batches.
//
// The QR credential format is specified in docs/credential.md, so that other
// verifiers (the offline door page) can implement it; the test vectors in
// testdata/credential-vectors.json keep this code and that document equal.
package badges
