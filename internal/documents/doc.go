// Package documents produces the conference documents the Secretariat
// issues from the registered data: the List of Participants (provisional,
// then final; PDF or XLSX, in each working language of the event, grouped by
// delegation in protocol order) and certificates of attendance for the
// participants whose badges were scanned at an entrance. It reads the other
// domain packages' services and owns no table: the list's final edition and
// the corrections focal points send are kept by registration, whose RSVP
// page takes them.
package documents
