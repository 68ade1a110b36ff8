// Package names holds the one rule for the text people type into the
// service. Clean is for names and short texts on one line (a participant's
// names, an invitee's office, a delegation's or a signatory's name, a device's
// name, a venue, a search), so that the same name typed twice is stored the
// same way and nothing invisible can make a name display as another.
// CleanLines is the same rule for texts of several lines (a letter template's
// body, a reason, a note), which may also hold line feeds and tabs. CheckLines
// is the floor every string of every request is held to. Field and LinesField
// apply them to a request's field with a length limit, naming the field.
package names
