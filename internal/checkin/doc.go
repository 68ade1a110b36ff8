// Package checkin judges badges at the doors: it verifies a scanned code,
// gives a verdict (ok, already_inside, revoked, superseded, not_valid_here,
// not_valid_now, unknown, forged, unreadable), records every scan
// append-only, serves scanners the snapshot they need to judge offline,
// takes their offline scans back in batches, and reports attendance. It
// also keeps where each scanner device scans (a checkpoint of an event,
// checked when the device is made; device.go) and what each device last
// reported on its calls (device_contact.go), beside the auth package's
// device, token and pairing code.
//
// Verdict decisions beyond the design document:
//   - A well-formed code of another event than the checkpoint's is
//     "unknown" (message "badge of another event"), decided before any key
//     or badge lookup, with no holder shown.
//   - A suspended badge (participant back in review) is "revoked" with the
//     message "badge suspended pending review"; badge.status says
//     "suspended".
//   - A version lower than the badge number's highest version is
//     "superseded" even if its row still says active.
//   - An "out" scan of a valid badge is "ok" and marks the holder outside.
//   - An online scan whose scanned_at is more than 24 hours from the time the
//     server receives it is refused with 400; an offline (batch) scan may be
//     up to 30 days old but not more than 24 hours ahead.
//   - A typed badge number (a damaged badge) judges the number's highest
//     version, without a signature to check.
package checkin
