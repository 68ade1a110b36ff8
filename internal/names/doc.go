// Package names cleans the names and short texts people type into the
// service (a participant's names, an invitee's office, a delegation's or a
// signatory's name) by one rule, so that the same name typed twice is stored
// the same way and nothing invisible can make a name display as another.
package names
