// Package demo fills the demo conference that a new installation starts
// with (event.LoadDemo makes the event itself) with a conference in full
// swing, so that every screen of the console has something to show: about
// forty delegations, their invitations in every status and working
// language, some 150 participants in every accreditation status with
// generated portraits, badges printed, collected, reprinted and revoked,
// and door scans of the conference's two days. It goes through the
// services' own methods only, above every domain package; only the server's
// wiring imports it.
package demo
